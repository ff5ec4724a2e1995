#!/usr/bin/env bash
# Builds the native core, its CLI, the C++ tests and the Node addon into build/, the
# WebAssembly module into build-wasm/, and the browser bundle of the JavaScript package.
# The addon and the WebAssembly module land in dist/, where the package loads them.
# CI=true turns compiler warnings into errors.
set -euo pipefail
cd "$(dirname "$0")/.."

warnings_as_errors=OFF
[ "${CI:-}" = "true" ] && warnings_as_errors=ON

timed() {  # timed <label> <command...>: runs the command and says how long it took
  local label="$1" start=$SECONDS
  shift
  "$@"
  echo "build: $label took $((SECONDS - start)) s"
}

echo "build: native core, CLI, C++ tests and Node addon (build/)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DRATECARD_BUILD_NODE_ADDON=ON \
  -DRATECARD_WARNINGS_AS_ERRORS="$warnings_as_errors" >/dev/null
timed "native build" cmake --build build --parallel

# Emscripten's tools run on Node and load acorn and friends from Debian's /usr/share/nodejs.
# MinSizeRel (-Os): a third smaller than -O3, which is 2.4 to 3.7 times faster but leaves too
# little of the download budget (README, "JavaScript package", has the figures).
echo "build: WebAssembly module (build-wasm/)"
export NODE_PATH=/usr/share/nodejs
emcmake cmake -S . -B build-wasm -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel \
  -DRATECARD_BUILD_WASM=ON -DRATECARD_BUILD_TESTS=OFF -DRATECARD_BUILD_CLI=OFF \
  -DRATECARD_WARNINGS_AS_ERRORS="$warnings_as_errors" >/dev/null
timed "WebAssembly build" cmake --build build-wasm --parallel

echo "build: browser bundle (dist/ratecard.browser.mjs)"
node scripts/bundle-browser.js
timed "web apps: checkout and portal (web/dist/, Vite)" bash scripts/build-web.sh
