#!/usr/bin/env bash
# The portal's first-load benchmark: a hub with the demo data and the built
# portal on a free port, measured by bench/web_load.mjs in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d /tmp/yungu-bench-web-XXXX)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
./build/yungu demo --data "$data" -q
./build/yungu serve --data "$data" --listen 127.0.0.1:0 --web web/dist > "$data/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do
  url=$(grep -o 'Yungu is serving http://[^/ ]*' "$data/serve.log" | sed 's/Yungu is serving //' || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$data/serve.log"; exit 1; }
node bench/web_load.mjs --url "$url" --runs "${RUNS:-5}"
