#!/usr/bin/env bash
# Builds the web portal (web/dist) that `yungu serve` serves. Installs the npm
# packages from package-lock.json when they changed, and rebuilds only when a
# source file changed since the last build.
set -euo pipefail
cd "$(dirname "$0")/../web"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "error: node and npm are needed to build the web portal (scripts/install-deps.sh installs them)" >&2
  exit 1
fi

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.lock-hash ] || [ "$(cat node_modules/.lock-hash)" != "$lock_hash" ]; then
  echo "installing the portal's npm packages ..."
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.lock-hash
fi

source_hash=$(find src index.html vite.config.ts tsconfig.json package-lock.json -type f -print0 | sort -z |
              xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ -f dist/.source-hash ] && [ "$(cat dist/.source-hash)" = "$source_hash" ]; then
  exit 0
fi
echo "building the web portal ..."
npm run build --silent
echo "$source_hash" > dist/.source-hash
