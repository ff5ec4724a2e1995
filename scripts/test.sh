#!/usr/bin/env bash
# Runs every test suite, each under a heading with its duration; stops at the first failing
# suite. Expects a build (scripts/build.sh). The fuzzer runs 60 s when CI=true and 10 s
# otherwise (RATECARD_FUZZ_SECONDS overrides).
set -euo pipefail
cd "$(dirname "$0")/.."

passed=0
suite() {  # suite <title> <command...>
  local title="$1" start=$SECONDS
  shift
  echo
  echo "=== $title"
  "$@"
  echo "--- $title: passed in $((SECONDS - start)) s"
  passed=$((passed + 1))
}

jest() { node_modules/.bin/jest --ci "$@"; }

fuzz_seconds=10
[ "${CI:-}" = "true" ] && fuzz_seconds=60
fuzz_seconds="${RATECARD_FUZZ_SECONDS:-$fuzz_seconds}"

suite "C++ unit tests, golden vectors and property tests (native)" ctest --test-dir build --output-on-failure --no-tests=error --parallel 2
suite "Tax rate dataset validation (node)" node --test tests/tax/
suite "CLI end to end" bash tests/cli/cli_test.sh build/bin/ratecard
suite "JavaScript package API, examples and the documented request examples (Jest)" jest tests/js/api.test.js tests/js/examples.test.js tests/js/doc-examples.test.js
suite "The packed package in fresh projects: CommonJS, ES module, TypeScript, npx ratecard, WebAssembly fallback (Jest)" jest tests/js/package.test.js
suite "Golden vectors through the addon and WebAssembly in Node (Jest)" jest tests/js/vectors.test.js
suite "Random price requests: addon, WebAssembly and CLI agree, and answer what the decimal.js reference computes (Jest)" jest tests/js/random-parity.test.js
suite "Benchmark requests, the decimal.js reference against the core, README figures (Jest)" jest tests/js/bench.test.js
suite "Golden vectors and the live quote in Chromium (Playwright)" jest tests/js/browser.test.js
suite "TypeScript declarations (tsc --noEmit)" node_modules/.bin/tsc --noEmit -p tests/types
suite "TypeScript declarations against every golden vector (tsc)" node tests/types/check-vectors.js
suite "WebAssembly size budget" node scripts/wasm-size.js
suite "C++ unit tests, golden vectors and property tests under ASan + UBSan (build/sanitize)" bash scripts/sanitize.sh
suite "Fuzzing evaluate() with libFuzzer under ASan + UBSan ($fuzz_seconds s)" bash scripts/fuzz.sh --seconds "$fuzz_seconds"

suite "Server: API, access control, idempotency, migrations, job queue (SQLite and PostgreSQL)" bash server/test/run.sh
suite "Webhook verification in the JavaScript package (Jest)" jest tests/js/webhooks.test.js
suite "Web apps: checkout and portal in Chromium against one server (Playwright)" jest tests/js/web.test.js
suite "Admin dashboard: operators sign in, customers, invoices, audit log, role-aware pages in Chromium against one server (Playwright)" jest tests/js/dashboard.test.js

echo
echo "suites: $passed passed, 0 failed"
