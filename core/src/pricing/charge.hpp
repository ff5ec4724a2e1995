#pragma once

#include <vector>

#include "json/json.hpp"
#include "pricing/price.hpp"
#include "ratecard/rational.hpp"

namespace ratecard {

/// One line of a charge before rounding: what it is (`fields`, canonical JSON such as the
/// tier and its quantity) and its exact amount.
struct ChargeLine {
  Json fields;
  Rational amount;
};

/// The exact result of applying a price to usage. Rounding happens later, once, on the
/// total; lines are then allocated so they sum to it.
struct Charge {
  std::vector<ChargeLine> lines;
  Json summary = Json::object();  ///< Extra result fields of the model (e.g. event counts).
};

/// Applies a quantity-priced model (everything but percentage) to a non-negative quantity.
[[nodiscard]] Charge charge_for_quantity(const Price& price, const Decimal& quantity);

/// Applies a percentage price to events, in order.
[[nodiscard]] Charge charge_for_events(const PercentagePrice& price, const std::vector<Decimal>& events);

/// Applies a tiered price to a quantity (used by charge_for_quantity).
[[nodiscard]] Charge charge_tiered(const TieredPrice& price, const Decimal& quantity);

}  // namespace ratecard
