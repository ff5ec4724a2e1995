#pragma once

#include <vector>

#include "pricing/charge.hpp"
#include "ratecard/currency.hpp"
#include "ratecard/rounding.hpp"

namespace ratecard {

/// One line of a rounded charge: what it is and its share of the rounded total.
struct RoundedLine {
  ChargeLineFields fields;
  Decimal amount;  ///< Exact at the currency's minor unit.
};

/// A charge rounded once: its exact total rounded to the currency's minor unit, and its lines
/// allocated by largest remainder so that they sum exactly to that total.
struct RoundedCharge {
  Decimal total;
  std::vector<RoundedLine> lines;
};

/// Rounds a charge (the one rounding point of a price). OVERFLOW when out of range.
[[nodiscard]] Result<RoundedCharge> round_charge(Charge charge, const Currency& currency, RoundingMode rounding);

}  // namespace ratecard
