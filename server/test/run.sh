#!/usr/bin/env bash
# Server tests on SQLite and a real PostgreSQL (see test/run.js). Arguments filter test files.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node test/run.js "$@"
