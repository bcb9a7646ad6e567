# Sourced by the page benchmarks. `rps URL`: requests per second by wrk -t2 -c64 -d10s; fails if any answer
# was not 2xx or 3xx or a socket failed, so that a comparison never counts error pages. `serves FILE URL`:
# fails unless URL answers 200 with exactly FILE's bytes (nginx's workers must be able to read it).
rps() {
  local out
  out=$(wrk -t2 -c64 -d10s "$1")
  if grep -qE "Non-2xx|Socket errors" <<<"$out"; then
    echo "wrk $1: not every answer was a success:" >&2
    echo "$out" >&2
    return 1
  fi
  awk '/Requests\/sec/ { printf "%.0f", $2 }' <<<"$out"
}

serves() {
  if ! curl -fs "$2" | cmp -s - "$1"; then
    echo "$2 does not serve the bytes of $1" >&2
    return 1
  fi
}
