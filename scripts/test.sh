#!/usr/bin/env bash
# Runs every test suite, each under a heading; stops at the first failing suite.
set -euo pipefail
cd "$(dirname "$0")/.."

suite() {
  echo
  echo "=== $1"
}

suite "C++ unit tests and golden vectors (native)"
ctest --test-dir build --output-on-failure --parallel 2

suite "Tax rate dataset validation (node)"
node --test tests/tax/

suite "CLI end to end"
bash tests/cli/cli_test.sh build/bin/ratecard
