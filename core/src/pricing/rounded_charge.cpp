#include "pricing/rounded_charge.hpp"

namespace ratecard {

Result<RoundedCharge> round_charge(Charge charge, const Currency& currency, RoundingMode rounding) {
  std::vector<Rational> exact;
  exact.reserve(charge.lines.size());
  for (const ChargeLine& line : charge.lines) exact.push_back(line.amount);
  RATECARD_TRY(Allocation allocation, allocate_largest_remainder(exact, currency.minor_units, rounding));
  RoundedCharge rounded{allocation.total, {}};
  rounded.lines.reserve(charge.lines.size());
  for (std::size_t i = 0; i < charge.lines.size(); ++i) {
    rounded.lines.push_back({std::move(charge.lines[i].fields), allocation.parts[i]});
  }
  return rounded;
}

}  // namespace ratecard
