#pragma once

// What the property tests (tests/cpp/*_propert*_test.cpp) share besides the generators: the
// trace that lets a failing case be replayed, readers of the decimal and instant fields of
// requests and responses, and the horizon of the calendar properties.

#include <cstdint>
#include <string>

#include "generators.hpp"
#include "json/json.hpp"
#include "ratecard/decimal.hpp"
#include "ratecard/rational.hpp"

namespace ratecard::testing {

/// "RATECARD_PROPERTY_SEED=<seed> case <index>", the start of every property failure's trace:
/// running the test again with that seed (and at least index + 1 cases) replays the case.
[[nodiscard]] std::string case_trace(int index);
/// The same, then ": " and the request of the case, dumped canonically.
[[nodiscard]] std::string case_trace(int index, const Json& request);
/// The same, then ": " and the text of the case (a request as sent, a decimal string).
[[nodiscard]] std::string case_trace(int index, const std::string& text);

/// The value of a decimal string (from a request or a response; it must be a valid one).
[[nodiscard]] Decimal decimal_of(const Json& text);
/// The value of an RFC 3339 instant string, in seconds since the Unix epoch.
[[nodiscard]] std::int64_t seconds_of(const Json& text);
/// One unit at `scale` fractional digits, 1/10^scale: a currency's minor unit at its scale.
[[nodiscard]] Rational unit_at_scale(int scale);

/// Ten years of seconds (3,653 days): the span over which billing periods are promised to be
/// contiguous for any schedule.
inline constexpr std::int64_t kTenYears = std::int64_t{3653} * 86400;

/// How far case `index` of a calendar property looks ahead: kTenYears for one case in
/// `ten_years_every` (the first among them), otherwise 1 to 400 days, so that thousands of
/// cases stay affordable (under the sanitizers too) while hundreds still span ten years.
[[nodiscard]] std::int64_t property_horizon(Generator& gen, int index, int ten_years_every);

}  // namespace ratecard::testing
