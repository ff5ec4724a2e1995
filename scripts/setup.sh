#!/usr/bin/env bash
# Installs what Ratecard needs and is missing: Debian packages through apt, JavaScript
# packages through npm. Idempotent, and silent when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

server_packages=yes
case "${1:-}" in
  "") ;;
  --without-server-packages) server_packages=no ;;
  *) echo "usage: bash scripts/setup.sh [--without-server-packages]" >&2; exit 2 ;;
esac

# package -> a file that proves it is installed
declare -A DEBIAN_PACKAGES=(
  [cmake]=/usr/bin/cmake
  [g++]=/usr/bin/g++
  [ninja-build]=/usr/bin/ninja
  [nlohmann-json3-dev]=/usr/include/nlohmann/json.hpp
  [libboost-dev]=/usr/include/boost/multiprecision/cpp_int.hpp
  [libgtest-dev]=/usr/include/gtest/gtest.h
  [libbenchmark-dev]=/usr/include/benchmark/benchmark.h
  [libhowardhinnant-date-dev]=/usr/include/date/date.h
  [tzdata]=/usr/share/zoneinfo/tzdata.zi
  [emscripten]=/usr/bin/em++
  [chromium]=/usr/bin/chromium
  [postgresql]=/usr/lib/postgresql/15/bin/initdb
  [clang]=/usr/bin/clang++
  [libclang-rt-dev]=/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
  [make]=/usr/bin/make
  [python3]=/usr/bin/python3
  [poppler-utils]=/usr/bin/pdftotext
)

missing=()
for package in "${!DEBIAN_PACKAGES[@]}"; do
  [ -e "${DEBIAN_PACKAGES[$package]}" ] || missing+=("$package")
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then SUDO="sudo"; else
      echo "setup: not root and no sudo; install as root: apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: Debian packages installed"
fi

# Node.js 20 or newer, with its headers (the addon and better-sqlite3 compile against them).
# Debian 12's own nodejs is 18, too old for Fastify 5 and better-sqlite3 12, so Node is not
# installed from apt here: it must come with the machine (for example NodeSource's nodejs 20+,
# which ships /usr/include/node).
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  echo "setup: Ratecard needs Node.js 20 or newer; found $(node -v 2>/dev/null || echo 'no node')." >&2
  echo "setup: install Node.js 20+ (with its headers in /usr/include/node) and run this again." >&2
  exit 1
fi
if [ ! -f /usr/include/node/node_api.h ]; then
  echo "setup: the Node.js headers (/usr/include/node/node_api.h) are missing; install the" >&2
  echo "setup: development headers of your Node.js $(node -v) so the native addon can be built." >&2
  exit 1
fi

# JavaScript dependencies: install when node_modules is absent or older than the lockfile.
if [ -f package-lock.json ]; then
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi

# The server's npm packages (server/package.json); `npm start` installs them itself, next to the
# build (scripts/start.sh).
if [ "$server_packages" = yes ]; then bash scripts/setup-server-packages.sh; fi
