#!/usr/bin/env bash
# Lighthouse (mobile preset, Debian's Chromium) on the public pages of a running server: performance and
# accessibility scores, and the bytes of WASM each page loads. Usage: scripts/lighthouse.sh BASE_URL
set -euo pipefail
base="${1:?usage: scripts/lighthouse.sh BASE_URL}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-28s %11s %13s %12s\n' "page" "performance" "accessibility" "WASM (wire)"
for path in / /avtal/savsjo-2018-2019 /oppettider /tillganglighet; do
  name=$(echo "$path" | tr '/' '_')
  npx --yes lighthouse@13.5.0 "$base$path" --quiet --chrome-path=/usr/bin/chromium \
    --chrome-flags="--headless=new --no-sandbox" --only-categories=performance,accessibility \
    --output=json --output-path="$out/$name.json" >/dev/null 2>&1
  node -e '
    const r = require(process.argv[1]);
    const score = (c) => Math.round(r.categories[c].score * 100);
    const wasm = r.audits["network-requests"].details.items
      .filter((i) => i.url.endsWith(".wasm"))
      .reduce((sum, i) => sum + (i.transferSize || 0), 0);
    console.log(process.argv[2].padEnd(28), String(score("performance")).padStart(11),
      String(score("accessibility")).padStart(13), (Math.round(wasm / 1024) + " KB").padStart(12));
  ' "$out/$name.json" "$path"
done
