#pragma once

#include <optional>
#include <string_view>

#include "json/canonical_writer.hpp"
#include "pricing/rounded_charge.hpp"
#include "ratecard/currency.hpp"
#include "ratecard/rounding.hpp"

namespace ratecard {

/// The result of the `price` op for one quantity or one list of events (docs/core-api.md).
struct PriceResult {
  RoundedCharge charge;
  std::string_view model;           ///< The price's wire name; the price outlives the result.
  Currency currency;
  RoundingMode rounding = RoundingMode::kHalfUp;
  std::optional<Decimal> quantity;  ///< The quantity priced, or the events' sum; none for a flat price without one.
  std::optional<EventTotals> events;  ///< Set for a percentage price.
};

/// Writes the lines of a rounded charge as a JSON array, each with its amount at `minor_units`
/// (a price result's `lines`, an invoice line's `breakdown`).
void write_charge_lines(CanonicalWriter& out, const std::vector<RoundedLine>& lines, int minor_units);

/// Writes `result` as its canonical JSON object.
void write_price_result(CanonicalWriter& out, const PriceResult& result);

}  // namespace ratecard
