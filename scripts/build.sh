#!/usr/bin/env bash
# Builds Ratecard in steps, one progress line per step with its elapsed time (the compilers'
# output goes to build-logs/<step>.log and is shown when a step fails).
#
#   bash scripts/build.sh            everything: what the product runs, then what npm test needs
#   bash scripts/build.sh --product  only what the product runs (npm start): the core, its CLI and
#                                    the Node addon (build/), the WebAssembly module (build-wasm/),
#                                    the browser bundle; the addon, the module and the bundle land
#                                    in dist/, where the package loads them
#
# Steps whose outputs are newer than their inputs do nothing (Ninja decides for the C++ builds),
# so a second run with nothing changed takes seconds. CI=true turns compiler warnings into errors.
set -euo pipefail
cd "$(dirname "$0")/.."

scope=all
case "${1:-}" in
  "") ;;
  --product) scope=product ;;
  *) echo "usage: bash scripts/build.sh [--product]" >&2; exit 2 ;;
esac

warnings_as_errors=OFF
[ "${CI:-}" = "true" ] && warnings_as_errors=ON
mkdir -p build-logs

# --- The steps. A step is a function that builds one thing and returns 0; it prints nothing
# (its output goes to its log) except, through `up_to_date`, that there was nothing to do.

# configure_once <build dir> <configure command...>: configures a CMake build directory when it
# is new or was configured with other options; otherwise Ninja re-runs CMake itself when a
# CMakeLists.txt changes.
configure_once() {
  local dir="$1"
  shift
  local options="$*"
  if [ -f "$dir/build.ninja" ] && [ "$(cat "$dir/.ratecard-configured" 2>/dev/null)" = "$options" ]; then return 0; fi
  "$@"
  echo "$options" > "$dir/.ratecard-configured"
}

# ninja_build <build dir> [targets...]: builds, and says "up to date" when Ninja had no work
# (besides re-checking the source globs, which it does every time).
ninja_build() {
  local dir="$1"
  shift
  local targets=()
  [ "$#" -gt 0 ] && targets=(--target "$@")
  cmake --build "$dir" --parallel "${targets[@]}" | tee "$step_log.ninja"
  if ! awk '/^\[[0-9]+\/[0-9]+\] / && !/Re-checking globbed directories/ { worked = 1 } END { exit !worked }' "$step_log.ninja"; then
    up_to_date
  fi
  rm -f "$step_log.ninja"
}

configure_native() {
  configure_once build cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DRATECARD_BUILD_NODE_ADDON=ON -DRATECARD_WARNINGS_AS_ERRORS="$warnings_as_errors"
}

# The core library, its CLI (build/bin/ratecard) and the Node addon (dist/ratecard.node), with
# the manifest the package checks before loading the prebuilt addon (dist/ratecard.node.json).
step_native_product() {
  configure_native
  ninja_build build ratecard ratecard_node
  node scripts/write-addon-manifest.js
}

# Emscripten's tools run on Node and load acorn and friends from Debian's /usr/share/nodejs.
# MinSizeRel (-Os): -O3 is 2.5 to 4 times faster but 1.8 times the gzipped bytes, far over the
# download budget, and -O3 for the hot folders alone gains nothing measurable (README, "Size and
# speed of the WebAssembly build", has the figures).
step_wasm() {
  export NODE_PATH=/usr/share/nodejs
  configure_once build-wasm emcmake cmake -S . -B build-wasm -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel \
    -DRATECARD_BUILD_WASM=ON -DRATECARD_BUILD_TESTS=OFF -DRATECARD_BUILD_CLI=OFF \
    -DRATECARD_WARNINGS_AS_ERRORS="$warnings_as_errors"
  ninja_build build-wasm
}

# dist/ratecard.browser.mjs from lib/ and the WebAssembly loader.
step_browser_bundle() {
  local bundle=dist/ratecard.browser.mjs
  if [ -f "$bundle" ] && [ -z "$(find lib dist/ratecard_wasm.js scripts/bundle-browser.js -newer "$bundle" -print -quit)" ]; then
    up_to_date
    return 0
  fi
  node scripts/bundle-browser.js
}

# web/dist/: the browser apps (checkout, portal), built by Vite from web/.
step_web_apps() {
  local built=web/dist/index.html
  if [ -f "$built" ] && [ -z "$(find web -path web/node_modules -prune -o -path web/dist -prune -o -newer "$built" -type f -print | head -n 1)" ] \
    && [ -z "$(find dist/ratecard.browser.mjs dist/ratecard_wasm.wasm -newer "$built" -print -quit)" ]; then
    up_to_date
    return 0
  fi
  bash scripts/build-web.sh
}

# Everything else in build/: the C++ unit, vector and property tests (what npm test runs).
step_native_tests() {
  configure_native
  ninja_build build
}

# --- Which steps run, in order: "<function> <label>". The web apps (web/) belong in
# product_steps, after the browser bundle they import.
product_steps=(
  "step_native_product|native core, CLI and Node addon (build/, dist/ratecard.node)"
  "step_wasm|WebAssembly module (build-wasm/, dist/ratecard_wasm.wasm)"
  "step_browser_bundle|browser bundle (dist/ratecard.browser.mjs)"
  "step_web_apps|web apps: checkout and portal (web/dist/, Vite)"
)
test_steps=(
  "step_native_tests|C++ tests (build/)"
)

steps=("${product_steps[@]}")
[ "$scope" = all ] && steps+=("${test_steps[@]}")

up_to_date() { touch "$step_log.up-to-date"; }

build_start=$SECONDS
for index in "${!steps[@]}"; do
  function="${steps[$index]%%|*}"
  label="${steps[$index]#*|}"
  step_log="build-logs/${function#step_}.log"
  rm -f "$step_log.up-to-date"
  start=$SECONDS
  set +e
  (set -e; "$function") > "$step_log" 2>&1
  status=$?
  set -e
  if [ "$status" -ne 0 ]; then
    echo "build: [$((index + 1))/${#steps[@]}] $label FAILED after $((SECONDS - start)) s; its log ($step_log):" >&2
    tail -n 40 "$step_log" >&2
    exit 1
  fi
  outcome="built in $((SECONDS - start)) s"
  [ -f "$step_log.up-to-date" ] && outcome="up to date ($((SECONDS - start)) s)"
  rm -f "$step_log.up-to-date"
  echo "build: [$((index + 1))/${#steps[@]}] $label: $outcome"
done
echo "build: done in $((SECONDS - build_start)) s"
