#!/usr/bin/env bash
# npm start: installs what is missing, builds what the product runs, and serves it. On a fresh
# clone the server's npm packages install (better-sqlite3 compiling on one core) while the core
# compiles on the others, which saves about a minute of the first start; the server starts once
# both are done.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --without-server-packages
bash scripts/setup-server-packages.sh &
packages=$!
if ! bash scripts/build.sh --product; then
  kill "$packages" 2>/dev/null || true
  wait "$packages" 2>/dev/null || true
  exit 1
fi
wait "$packages" # setup-server-packages.sh has printed its log if it failed
# The flags the server runs with (server/src/node-flags.js), unquoted: none, one or more words.
# shellcheck disable=SC2046
exec node $(node server/src/node-flags.js) server/src/main.js
