#!/usr/bin/env bash
# Builds the browser apps (web/: the hosted checkout and the customer portal) with Vite into
# web/dist/, which the server serves on its own port. Needs the package's browser build
# (dist/ratecard.browser.mjs and dist/ratecard_wasm.wasm, from scripts/build.sh): web/ imports the
# `ratecard` package like any dependency and bundles it, WebAssembly module included.
set -euo pipefail
cd "$(dirname "$0")/../web"

if [ ! -f ../dist/ratecard.browser.mjs ] || [ ! -f ../dist/ratecard_wasm.wasm ]; then
  echo "build-web: dist/ratecard.browser.mjs or dist/ratecard_wasm.wasm is missing: run scripts/build.sh first" >&2
  exit 1
fi

# web/'s npm packages (exact versions in package.json): installed when node_modules is absent or
# older than the lockfile. npm install rather than npm ci: the lockfile also records the linked
# root package (`ratecard`: file:..), whose own devDependencies other changes move.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "build-web: installing web/'s npm packages"
  npm install --no-audit --no-fund --loglevel=error
fi

npm run --silent build -- --logLevel warn
echo "build-web: web/dist/ ($(du -sh dist | cut -f1))"
