#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "pricing/price.hpp"
#include "ratecard/rational.hpp"

namespace ratecard {

/// A flat price's line: the whole amount, whatever the quantity.
struct FlatLine {};

/// A per-unit price's line: `quantity` units at `unit_amount`.
struct UnitLine {
  Decimal quantity;
  Decimal unit_amount;
};

/// A package price's line: the started packages of the quantity beyond the free units.
struct PackageLine {
  Decimal quantity;
  Decimal free_units;
  Decimal billable_quantity;
  Decimal package_size;
  BigInt packages;
  Decimal package_amount;
};

/// One tier applied to `quantity` units. `unit_amount` is set for graduated and volume tiers,
/// `rate` for graduated-percentage tiers, neither for stairstep tiers.
struct TierLine {
  std::size_t tier_index = 0;
  std::optional<Decimal> up_to;  ///< Empty on the last tier.
  Decimal quantity;
  Decimal flat_amount;
  std::optional<Decimal> unit_amount;
  std::optional<Decimal> rate;
};

/// A percentage price's line: `rate` percent of the events' charged amounts.
struct PercentageLine {
  Decimal rate;
  Decimal base_amount;
};

/// A percentage price's fixed fee, once per charged event.
struct FixedFeeLine {
  std::int64_t events = 0;
  Decimal fixed_amount;
};

/// What a percentage price's per-transaction minimum and maximum add or take away.
struct TransactionLimitsLine {
  std::optional<Decimal> per_transaction_min;
  std::optional<Decimal> per_transaction_max;
};

/// What one line of a charge is, by kind; its JSON fields are written by charge_fields.hpp.
using ChargeLineFields =
    std::variant<FlatLine, UnitLine, PackageLine, TierLine, PercentageLine, FixedFeeLine, TransactionLimitsLine>;

/// One line of a charge before rounding: what it is and its exact amount.
struct ChargeLine {
  ChargeLineFields fields;
  Rational amount;
};

/// The counts of a charge over events (percentage prices).
struct EventTotals {
  std::size_t events = 0;       ///< Every event given.
  std::int64_t free_events = 0; ///< The events the free units covered entirely.
  Decimal quantity;             ///< The sum of the events' amounts.
};

/// The exact result of applying a price to usage. Rounding happens later, once, on the
/// total; lines are then allocated so they sum to it.
struct Charge {
  std::vector<ChargeLine> lines;
  std::optional<EventTotals> events;  ///< Set for a charge over events.
};

/// Applies a quantity-priced model (everything but percentage) to a non-negative quantity.
[[nodiscard]] Charge charge_for_quantity(const Price& price, const Decimal& quantity);

/// Applies a percentage price to events, in order.
[[nodiscard]] Charge charge_for_events(const PercentagePrice& price, const std::vector<Decimal>& events);

/// Applies a tiered price to a quantity (used by charge_for_quantity).
[[nodiscard]] Charge charge_tiered(const TieredPrice& price, const Decimal& quantity);

}  // namespace ratecard
