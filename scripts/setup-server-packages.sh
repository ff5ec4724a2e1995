#!/usr/bin/env bash
# Installs the server's npm packages (server/package.json) when server/node_modules is absent or
# older than its lockfile; silent otherwise. better-sqlite3 compiles from source against the
# installed Node's headers (a minute on one core), so nothing is downloaded besides the npm
# packages themselves. npm's own output goes to build-logs/server-packages.log and is shown when
# the install fails.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f server/node_modules/.package-lock.json ] && [ ! server/package-lock.json -nt server/node_modules/.package-lock.json ]; then
  exit 0
fi
mkdir -p build-logs
log=build-logs/server-packages.log
echo "setup: installing the server's npm packages (npm ci in server/; better-sqlite3 compiles from source)"
start=$SECONDS
node_headers=()
[ -f /usr/include/node/node.h ] && node_headers=(npm_config_nodedir=/usr)
if ! (cd server && env "${node_headers[@]}" npm_config_build_from_source=true npm ci --no-audit --no-fund --loglevel=error) > "$log" 2>&1; then
  echo "setup: installing the server's npm packages FAILED after $((SECONDS - start)) s; its log ($log):" >&2
  tail -n 40 "$log" >&2
  exit 1
fi
echo "setup: the server's npm packages installed in $((SECONDS - start)) s"
