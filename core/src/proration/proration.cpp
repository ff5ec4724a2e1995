#include "proration/proration.hpp"

#include <algorithm>

#include "pricing/charge.hpp"

namespace ratecard {
namespace {

// The exact charge of an item for one whole cycle.
Rational cycle_charge(const ProrationItem& item) {
  Rational total;
  for (const ChargeLine& line : charge_for_quantity(item.price, item.quantity).lines) total += line.amount;
  return total;
}

struct PricedItem {
  const ProrationItem* item;
  Rational charge;
};

std::vector<PricedItem> price_items(const std::vector<ProrationItem>& items) {
  std::vector<PricedItem> priced;
  priced.reserve(items.size());
  for (const ProrationItem& item : items) priced.push_back({&item, cycle_charge(item)});
  return priced;
}

// True when the other list has an item with the same id and the same cycle charge.
bool unchanged(const PricedItem& item, const std::vector<PricedItem>& others) {
  return std::any_of(others.begin(), others.end(), [&](const PricedItem& other) {
    return other.item->id == item.item->id && other.charge == item.charge;
  });
}

Rational sum(const std::vector<PricedItem>& items) {
  Rational total;
  for (const PricedItem& item : items) total += item.charge;
  return total;
}

}  // namespace

std::optional<ProrationBehavior> parse_proration_behavior(std::string_view name) {
  if (name == "create_prorations") return ProrationBehavior::kCreateProrations;
  if (name == "none") return ProrationBehavior::kNone;
  if (name == "always_invoice") return ProrationBehavior::kAlwaysInvoice;
  return std::nullopt;
}

std::string_view proration_behavior_name(ProrationBehavior behavior) noexcept {
  switch (behavior) {
    case ProrationBehavior::kCreateProrations: return "create_prorations";
    case ProrationBehavior::kNone: return "none";
    case ProrationBehavior::kAlwaysInvoice: return "always_invoice";
  }
  return "create_prorations";
}

std::optional<DowngradeTiming> parse_downgrade_timing(std::string_view name) {
  if (name == "immediately") return DowngradeTiming::kImmediately;
  if (name == "period_end") return DowngradeTiming::kPeriodEnd;
  return std::nullopt;
}

std::string_view change_direction_name(ChangeDirection direction) noexcept {
  switch (direction) {
    case ChangeDirection::kUpgrade: return "upgrade";
    case ChangeDirection::kDowngrade: return "downgrade";
    case ChangeDirection::kUnchanged: return "unchanged";
  }
  return "unchanged";
}

Result<Proration> prorate_change(const std::vector<ProrationItem>& old_items,
                                 const std::vector<ProrationItem>& new_items, const Rational& factor,
                                 ProrationBehavior behavior, DowngradeTiming downgrade_timing, bool in_trial,
                                 int scale, RoundingMode rounding) {
  const std::vector<PricedItem> old_priced = price_items(old_items);
  const std::vector<PricedItem> new_priced = price_items(new_items);
  Proration proration;
  const int order = compare(sum(new_priced), sum(old_priced));
  proration.direction = order > 0 ? ChangeDirection::kUpgrade
                                  : order < 0 ? ChangeDirection::kDowngrade : ChangeDirection::kUnchanged;
  proration.deferred =
      proration.direction == ChangeDirection::kDowngrade && downgrade_timing == DowngradeTiming::kPeriodEnd;
  if (behavior == ProrationBehavior::kNone || proration.deferred || in_trial) return proration;

  const auto add_lines = [&](const std::vector<PricedItem>& items, const std::vector<PricedItem>& others,
                             bool credit) -> Status {
    for (const PricedItem& priced : items) {
      if (unchanged(priced, others)) continue;
      ProrationLine line;
      line.item_id = priced.item->id;
      line.credit = credit;
      line.quantity = priced.item->quantity;
      RATECARD_TRY(line.cycle_amount, round_to_scale(priced.charge, scale, rounding));
      RATECARD_TRY(line.amount, round_to_scale(credit ? -(priced.charge * factor) : priced.charge * factor, scale,
                                               rounding));
      proration.total += line.amount;
      proration.lines.push_back(std::move(line));
    }
    return ok_status();
  };
  RATECARD_CHECK(add_lines(old_priced, new_priced, true));
  RATECARD_CHECK(add_lines(new_priced, old_priced, false));
  return proration;
}

}  // namespace ratecard
