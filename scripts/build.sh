#!/usr/bin/env bash
# Builds the native core, its CLI and the C++ tests into build/.
# CI=true turns compiler warnings into errors.
set -euo pipefail
cd "$(dirname "$0")/.."

warnings_as_errors=OFF
[ "${CI:-}" = "true" ] && warnings_as_errors=ON

echo "build: native core, CLI and C++ tests (build/)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DRATECARD_WARNINGS_AS_ERRORS="$warnings_as_errors" >/dev/null
cmake --build build --parallel
