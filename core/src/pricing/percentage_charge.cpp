#include <cstdint>

#include "pricing/charge.hpp"

namespace ratecard {
namespace {

// What is left of the free allowance while events are read in order. Free units end as
// soon as either allowance (a number of events, an aggregated amount) is used up.
class FreeAllowance {
 public:
  explicit FreeAllowance(const PercentagePrice& price)
      : events_left_(price.free_units_per_events),
        amount_left_(price.free_units_per_total_aggregation),
        active_(price.free_units_per_events || price.free_units_per_total_aggregation) {}

  // The part of `amount` the allowance covers, consumed from it; empty once it is used up.
  std::optional<Decimal> cover(const Decimal& amount) {
    if (!active_ || (events_left_ && *events_left_ == 0) || (amount_left_ && amount_left_->sign() <= 0)) {
      return std::nullopt;
    }
    if (events_left_) --*events_left_;
    if (!amount_left_) return amount;
    const Decimal covered = amount < *amount_left_ ? amount : *amount_left_;
    *amount_left_ -= covered;
    return covered;
  }

 private:
  std::optional<std::int64_t> events_left_;
  std::optional<Decimal> amount_left_;
  bool active_;
};

}  // namespace

// Each event pays rate% of its part not covered by free units plus the fixed fee, and that
// per-transaction fee is held between the minimum and maximum. An event the free units cover
// entirely pays nothing (no fixed fee, no minimum).
Charge charge_for_events(const PercentagePrice& price, const std::vector<Decimal>& events) {
  const Rational rate = price.rate.to_rational() / Rational(100);
  const Rational fixed = price.fixed_amount.to_rational();
  FreeAllowance allowance(price);
  Decimal total_quantity;
  Decimal charged_base;
  std::int64_t charged_events = 0;
  std::int64_t free_events = 0;
  Rational limit_adjustment;
  for (const Decimal& event : events) {
    total_quantity += event;
    const std::optional<Decimal> covered = allowance.cover(event);
    const Decimal charged = covered ? event - *covered : event;
    if (covered && charged.is_zero()) {
      ++free_events;
      continue;
    }
    ++charged_events;
    charged_base += charged;
    const Rational fee = charged.to_rational() * rate + fixed;
    if (price.per_transaction_min && fee < price.per_transaction_min->to_rational()) {
      limit_adjustment += price.per_transaction_min->to_rational() - fee;
    } else if (price.per_transaction_max && fee > price.per_transaction_max->to_rational()) {
      limit_adjustment += price.per_transaction_max->to_rational() - fee;
    }
  }
  Charge charge;
  charge.lines.push_back({PercentageLine{price.rate, charged_base}, charged_base.to_rational() * rate});
  charge.lines.push_back({FixedFeeLine{charged_events, price.fixed_amount}, Rational(charged_events) * fixed});
  charge.lines.push_back(
      {TransactionLimitsLine{price.per_transaction_min, price.per_transaction_max}, limit_adjustment});
  charge.events = EventTotals{events.size(), free_events, total_quantity};
  return charge;
}

}  // namespace ratecard
