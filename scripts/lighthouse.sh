#!/usr/bin/env bash
# Lighthouse (mobile preset, Debian's Chromium) on a running server: performance and accessibility scores,
# time to interactive on its simulated mobile network, and the WASM and JS bytes each page transfers.
# The public pages always; the officer pages too when an officer's credentials are given, signed in with the
# session cookie. Usage: scripts/lighthouse.sh BASE_URL [OFFICER PASSWORD]
set -euo pipefail
base="${1:?usage: scripts/lighthouse.sh BASE_URL [OFFICER PASSWORD]}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

audit() { # path [extra lighthouse arguments…]
  local path="$1" name
  shift
  name=$(echo "$path" | tr '/' '_')
  npx --yes lighthouse@13.5.0 "$base$path" --quiet --chrome-path=/usr/bin/chromium \
    --chrome-flags="--headless=new --no-sandbox" --only-categories=performance,accessibility \
    --output=json --output-path="$out/$name.json" "$@" >/dev/null 2>&1
  node -e '
    const r = require(process.argv[1]);
    const score = (c) => Math.round(r.categories[c].score * 100);
    const bytes = (suffix) => r.audits["network-requests"].details.items
      .filter((i) => new URL(i.url).pathname.endsWith(suffix))
      .reduce((sum, i) => sum + (i.transferSize || 0), 0);
    const tti = r.audits["interactive"].numericValue / 1000;
    const kb = (n) => (n / 1024).toFixed(1) + " KB";
    console.log(process.argv[2].padEnd(24), String(score("performance")).padStart(11),
      String(score("accessibility")).padStart(13), (tti.toFixed(1) + " s").padStart(8),
      kb(bytes(".wasm")).padStart(12), kb(bytes(".js")).padStart(10));
  ' "$out/$name.json" "$path"
}

printf '%-24s %11s %13s %8s %12s %10s\n' "page" "performance" "accessibility" "TTI" "WASM (wire)" "JS (wire)"
for path in / /avtal/savsjo-2018-2019 /oppettider /tillganglighet; do
  audit "$path"
done

if [ $# -ge 3 ]; then
  # Sign in as the API does and hand Lighthouse the session cookie.
  cookie=$(curl -fsS -o /dev/null -D - -H 'content-type: application/json' \
    --data "$(node -e 'console.log(JSON.stringify({username: process.argv[1], password: process.argv[2]}))' "$2" "$3")" \
    "$base/api/v1/session" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -1)
  # Without a cookie Lighthouse would audit the sign-in page instead and report its figures as the officer's.
  [ -n "$cookie" ] || { echo "lighthouse.sh: no session cookie from signing in as $2" >&2; exit 1; }
  headers=$(node -e 'console.log(JSON.stringify({Cookie: process.argv[1]}))' "$cookie")
  for path in /rapportera /rapportera/mote /rapportera/ko; do
    audit "$path" --extra-headers="$headers"
  done
fi
