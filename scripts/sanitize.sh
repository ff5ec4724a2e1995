#!/usr/bin/env bash
# Builds the `sanitize` preset (clang, ASan + UBSan, build/sanitize/: the GoogleTest suites
# and the libFuzzer target in one build directory) and runs every GoogleTest suite, golden
# vectors and property tests included, under the sanitizers. Any finding fails the run.
# CI=true turns compiler warnings into errors.
set -euo pipefail
cd "$(dirname "$0")/.."

warnings_as_errors=OFF
[ "${CI:-}" = "true" ] && warnings_as_errors=ON

# Leaks are findings; UBSan prints a stack and stops at the first report.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:check_initialization_order=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

started=$SECONDS
echo "sanitize: configuring build/sanitize (clang++, -fsanitize=address,undefined)"
cmake --preset sanitize -DRATECARD_WARNINGS_AS_ERRORS="$warnings_as_errors" >/dev/null
echo "sanitize: building the sanitized GoogleTest suites and the fuzzer"
cmake --build --preset sanitize --parallel 2
built=$SECONDS
echo "sanitize: built in $((built - started)) s; running the suites"
ctest --preset sanitize --progress --no-tests=error
echo "sanitize: suites passed in $((SECONDS - built)) s"
