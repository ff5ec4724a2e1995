#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pricing/price.hpp"
#include "ratecard/decimal.hpp"
#include "ratecard/rational.hpp"
#include "ratecard/result.hpp"
#include "ratecard/rounding.hpp"

namespace ratecard {

/// A subscription item billed in advance for each cycle: an id, a price and a quantity.
struct ProrationItem {
  std::string id;
  Price price;
  Decimal quantity;
};

/// What to do with the proration of a change.
enum class ProrationBehavior {
  kCreateProrations,  ///< lines pending for the next invoice (the default)
  kNone,              ///< no lines: the new items simply apply from the next cycle
  kAlwaysInvoice,     ///< lines to be invoiced at once
};

/// When a downgrade takes effect.
enum class DowngradeTiming {
  kImmediately,  ///< at the change, prorated like an upgrade
  kPeriodEnd,    ///< at the end of the cycle, with no proration
};

/// Whether the new items cost more per cycle than the old ones.
enum class ChangeDirection { kUpgrade, kDowngrade, kUnchanged };

[[nodiscard]] std::optional<ProrationBehavior> parse_proration_behavior(std::string_view name);
[[nodiscard]] std::string_view proration_behavior_name(ProrationBehavior behavior) noexcept;
[[nodiscard]] std::optional<DowngradeTiming> parse_downgrade_timing(std::string_view name);
[[nodiscard]] std::string_view change_direction_name(ChangeDirection direction) noexcept;

/// One proration line: a credit for the unused part of an old item, or a charge for the
/// rest of the cycle on a new one.
struct ProrationLine {
  std::string item_id;
  bool credit = false;
  Decimal quantity;
  Decimal cycle_amount;  ///< the item's charge for a whole cycle, rounded (for display)
  Decimal amount;        ///< ±cycle charge × factor, rounded once; negative for credits
};

/// The outcome of prorating a change.
struct Proration {
  ChangeDirection direction = ChangeDirection::kUnchanged;
  bool deferred = false;  ///< a downgrade left for the cycle's end
  std::vector<ProrationLine> lines;
  Decimal total;  ///< the exact sum of the rounded lines
};

/// Prorates replacing `old_items` by `new_items` when `factor` of the cycle remains:
/// a credit line per old item and a charge line per new item, in that order, each priced
/// with charge_for_quantity for a whole cycle, multiplied by the factor and rounded once
/// to `scale` digits. An item whose id is in both lists with the same cycle charge is
/// unchanged and gets no lines. Behavior `none`, a downgrade deferred to the cycle's end,
/// or `in_trial` (nothing was paid) give no lines. OVERFLOW when an amount is out of range.
[[nodiscard]] Result<Proration> prorate_change(const std::vector<ProrationItem>& old_items,
                                               const std::vector<ProrationItem>& new_items, const Rational& factor,
                                               ProrationBehavior behavior, DowngradeTiming downgrade_timing,
                                               bool in_trial, int scale, RoundingMode rounding);

}  // namespace ratecard
