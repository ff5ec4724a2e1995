#!/usr/bin/env bash
# npm run bench: brings the build up to date (scripts/build.sh: the Release core, the addon and
# the WebAssembly module), builds the Google Benchmark of the core (build/bin/ratecard_bench,
# only ever built here), then runs benchmarks/run.js with the arguments given, e.g.
#   npm run bench -- --quick          a smoke run of a few seconds
# The full run takes an hour or more (the billing runs seed 110,000 subscriptions through the
# API), writes benchmarks/results/latest.json and the README's figures. Run it on a quiet
# machine: the figures carry the load average they were taken at.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build.sh

echo "bench: Google Benchmark of the core (build/bin/ratecard_bench)"
cmake -S . -B build -DRATECARD_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build --target ratecard_bench --parallel

node benchmarks/run.js "$@"
