#!/usr/bin/env bash
# End-to-end checks of the ratecard CLI: options, exit codes, one answer per line in order.
set -euo pipefail
cli="${1:?usage: cli_test.sh path/to/ratecard}"
failures=0

check() {  # check <description> <expected> <actual>
  if [ "$2" == "$3" ]; then
    echo "ok   $1"
  else
    echo "FAIL $1"
    echo "     expected: $2"
    echo "     actual:   $3"
    failures=$((failures + 1))
  fi
}

check "--version names the version" "ratecard 0.1.0" "$("$cli" --version | head -n1)"
tzdata_version=$(sed -n 's/^# version //p' /usr/share/zoneinfo/tzdata.zi)
check "--version names the compiled tzdata" "tzdata $tzdata_version" "$("$cli" --version | sed -n 2p)"
check "--help shows usage" "Usage: ratecard [--help] [--version]" "$("$cli" --help | head -n1)"

set +e
"$cli" --bogus >/dev/null 2>&1
status=$?
set -e
check "an unknown option exits 2" "2" "$status"

readme_request='{"op":"price","currency":"USD","price":{"model":"graduated","tiers":[{"up_to":"5","unit_amount":"7"},{"up_to":"10","unit_amount":"6.5"},{"up_to":null,"unit_amount":"6"}]},"quantity":"6"}'
amount=$(echo "$readme_request" | "$cli" | grep -o '"amount":"41.50","currency":"USD"' || true)
check "the README example prices 41.50" '"amount":"41.50","currency":"USD"' "$amount"

output=$(printf '%s\n\n%s\r\n' \
  '{"op":"price","currency":"JPY","price":{"model":"flat","amount":"1500"}}' \
  '{"op":"price","currency":"BHD","price":{"model":"per_unit","unit_amount":"0.4115"},"quantity":3}' | "$cli")
check "one response per input line, blank lines included" "3" "$(printf '%s\n' "$output" | wc -l | tr -d ' ')"
check "first line answered first" '"amount":"1500"' "$(printf '%s\n' "$output" | sed -n 1p | grep -o '"amount":"1500"' | head -n1)"
check "a blank line is INVALID_JSON" '"code":"INVALID_JSON"' "$(printf '%s\n' "$output" | sed -n 2p | grep -o '"code":"INVALID_JSON"')"
check "CRLF line endings are accepted" '"amount":"1.235"' "$(printf '%s\n' "$output" | sed -n 3p | grep -o '"amount":"1.235"' | head -n1)"

set +e
echo '{"op":"nope"}' | "$cli" >/dev/null
status=$?
set -e
check "errors in requests still exit 0" "0" "$status"

[ "$failures" -eq 0 ] || { echo "$failures CLI check(s) failed"; exit 1; }
