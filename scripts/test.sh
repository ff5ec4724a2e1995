#!/usr/bin/env bash
# Runs every test suite, each under a heading; stops at the first failing suite.
# The fuzzer runs 60 s when CI=true and 10 s otherwise (RATECARD_FUZZ_SECONDS overrides).
set -euo pipefail
cd "$(dirname "$0")/.."

suite() {
  echo
  echo "=== $1"
}

suite "C++ unit tests, golden vectors and property tests (native)"
ctest --test-dir build --output-on-failure --parallel 2

suite "Tax rate dataset validation (node)"
node --test tests/tax/

suite "CLI end to end"
bash tests/cli/cli_test.sh build/bin/ratecard

suite "C++ unit tests, golden vectors and property tests under ASan + UBSan (build/sanitize)"
bash scripts/sanitize.sh

fuzz_seconds=10
[ "${CI:-}" = "true" ] && fuzz_seconds=60
suite "Fuzzing evaluate() with libFuzzer under ASan + UBSan (${RATECARD_FUZZ_SECONDS:-$fuzz_seconds} s)"
bash scripts/fuzz.sh --seconds "${RATECARD_FUZZ_SECONDS:-$fuzz_seconds}"
