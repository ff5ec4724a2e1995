#include "property.hpp"

#include "calendar/instant.hpp"
#include "json/request_parser.hpp"

namespace ratecard::testing {

std::string case_trace(int index) {
  return "RATECARD_PROPERTY_SEED=" + std::to_string(property_seed()) + " case " + std::to_string(index);
}

std::string case_trace(int index, const Json& request) { return case_trace(index) + ": " + dump_canonical(request); }

std::string case_trace(int index, const std::string& text) { return case_trace(index) + ": " + text; }

Decimal decimal_of(const Json& text) { return *Decimal::parse(text.get<std::string>()); }

std::int64_t seconds_of(const Json& text) { return parse_instant(text.get<std::string>())->seconds; }

Rational unit_at_scale(int scale) {
  BigInt denominator = 1;
  for (int i = 0; i < scale; ++i) denominator *= 10;
  return Rational(BigInt(1), denominator);
}

std::int64_t property_horizon(Generator& gen, int index, int ten_years_every) {
  if (index % ten_years_every == 0) return kTenYears;
  return gen.integer(1, 400) * 86400;
}

}  // namespace ratecard::testing
