#!/usr/bin/env bash
# Fuzzes evaluate() with libFuzzer under ASan + UBSan:
#   scripts/fuzz.sh [--seconds N]      (npm run fuzz -- --seconds N; default 60)
# Seeds are every request of tests/vectors/*.json (written at run time to
# build/sanitize/fuzz/seeds/) and the committed crash regressions in tests/fuzz/regressions/;
# the dictionary is tests/fuzz/evaluate.dict plus every field name and short string of the
# vectors. New interesting inputs accumulate in build/sanitize/fuzz/corpus/. A crash, hang
# (10 s per input), leak, undefined behaviour, INTERNAL error or malformed response fails
# the run and leaves the input in build/sanitize/fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="${2:?--seconds needs a number}"; shift 2 ;;
    --seconds=*) seconds="${1#--seconds=}"; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz: unknown argument $1 (use --seconds N)" >&2; exit 2 ;;
  esac
done
case "$seconds" in ''|*[!0-9]*) echo "fuzz: --seconds takes a whole number, got $seconds" >&2; exit 2 ;; esac

warnings_as_errors=OFF
[ "${CI:-}" = "true" ] && warnings_as_errors=ON
work=build/sanitize/fuzz
fuzzer=build/sanitize/bin/evaluate_fuzzer

if [ ! -f build/sanitize/CMakeCache.txt ]; then
  echo "fuzz: configuring build/sanitize"
  cmake --preset sanitize -DRATECARD_WARNINGS_AS_ERRORS="$warnings_as_errors" >/dev/null
fi
# A failed build stops here: an older fuzzer binary must not fuzz code it was not built from.
build_log=build/sanitize/fuzz-build.log
mkdir -p build/sanitize
if ! cmake --build --preset sanitize --parallel 2 --target evaluate_fuzzer >"$build_log" 2>&1; then
  echo "fuzz: building evaluate_fuzzer FAILED; the end of its log ($build_log):" >&2
  tail -n 40 "$build_log" >&2
  exit 1
fi
[ -x "$fuzzer" ] || { echo "fuzz: $fuzzer was not built" >&2; exit 1; }

mkdir -p "$work/corpus" "$work/artifacts" tests/fuzz/regressions
node tests/fuzz/make-seeds.js --seeds "$work/seeds" --dict "$work/evaluate.dict"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
log="$work/fuzz.log"
echo "fuzz: running evaluate_fuzzer for $seconds s (full log: $log)"
set +e
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
  -dict="$work/evaluate.dict" -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
  "$work/corpus" "$work/seeds" tests/fuzz/regressions >"$log" 2>&1 &
fuzzer_pid=$!
# Progress: libFuzzer's start, its periodic pulses and the end, not every new input.
tail -n +1 -f "$log" --pid="$fuzzer_pid" 2>/dev/null |
  grep --line-buffered -E 'INITED|pulse|DONE|ERROR|SUMMARY|stat::number_of_executed_units|deadly signal' |
  sed -u 's/^/fuzz: /'
wait "$fuzzer_pid"
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "fuzz: FAILED (exit $status); the end of the log:" >&2
  tail -n 60 "$log" >&2
  echo "fuzz: the failing input is in $work/artifacts/; fix the core, then keep the input as a" >&2
  echo "      regression: copy it into tests/fuzz/regressions/ (replayed by GoogleTest) and, when" >&2
  echo "      its exact answer matters, add it as a golden vector of its op (tests/vectors/<area>.json)." >&2
  exit "$status"
fi
echo "fuzz: no finding in $seconds s"
