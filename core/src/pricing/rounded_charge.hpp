#pragma once

#include "json/json.hpp"
#include "pricing/charge.hpp"
#include "ratecard/currency.hpp"
#include "ratecard/rounding.hpp"

namespace ratecard {

/// A charge rounded once: its exact total rounded to the currency's minor unit, and its lines
/// allocated by largest remainder so that they sum exactly to that total.
struct RoundedCharge {
  Decimal total;
  Json lines = Json::array();  ///< Each line's fields plus its "amount" (a money string).
};

/// Rounds a charge (the one rounding point of a price). OVERFLOW when out of range.
[[nodiscard]] Result<RoundedCharge> round_charge(Charge charge, const Currency& currency, RoundingMode rounding);

}  // namespace ratecard
