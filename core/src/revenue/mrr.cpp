#include "revenue/mrr.hpp"

#include <map>

#include "json/json_pointer.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

// The exact MRR of each subscription of one snapshot, grouped by customer, in the
// reporting currency, times `factor` (1 for MRR, 12 for ARR); rounded once per customer with
// the subscriptions sharing the total.
struct RoundedSnapshot {
  std::map<std::string, Decimal> customer_totals;
  std::map<std::string, std::pair<std::string, Decimal>> subscriptions;  // id -> (customer, share)
};

Result<RoundedSnapshot> round_snapshot(const std::vector<MrrSubscription>& snapshot, const MrrInput& input,
                                       const Rational& factor) {
  std::map<std::string, std::vector<const MrrSubscription*>> by_customer;
  for (const MrrSubscription& subscription : snapshot) by_customer[subscription.customer].push_back(&subscription);

  RoundedSnapshot rounded;
  for (const auto& [customer, subscriptions] : by_customer) {
    std::vector<Rational> exact;
    exact.reserve(subscriptions.size());
    for (const MrrSubscription* subscription : subscriptions) {
      exact.push_back(subscription_mrr(*subscription, input.include_metered) * subscription->fx_rate * factor);
    }
    RATECARD_TRY(Allocation allocation, allocate_largest_remainder(exact, input.currency.minor_units, input.rounding));
    rounded.customer_totals[customer] = allocation.total;
    for (std::size_t i = 0; i < subscriptions.size(); ++i) {
      rounded.subscriptions[subscriptions[i]->id] = {customer, allocation.parts[i]};
    }
  }
  return rounded;
}

Decimal share_or_zero(const RoundedSnapshot& snapshot, const std::string& id) {
  const auto found = snapshot.subscriptions.find(id);
  return found == snapshot.subscriptions.end() ? Decimal{} : found->second.second;
}

Decimal value_or_zero(const std::map<std::string, Decimal>& totals, const std::string& key) {
  const auto found = totals.find(key);
  return found == totals.end() ? Decimal{} : found->second;
}

}  // namespace

Rational monthly_factor(MrrInterval interval) {
  switch (interval) {
    case MrrInterval::kDay: return Rational(BigInt(365), BigInt(12));
    case MrrInterval::kWeek: return Rational(BigInt(52), BigInt(12));
    case MrrInterval::kMonth: return Rational(1);
    case MrrInterval::kQuarter: return Rational(BigInt(1), BigInt(3));
    case MrrInterval::kYear: return Rational(BigInt(1), BigInt(12));
  }
  return Rational(1);
}

Rational subscription_mrr(const MrrSubscription& subscription, bool include_metered) {
  const bool recurring =
      subscription.status == SubscriptionStatus::kActive || subscription.status == SubscriptionStatus::kPastDue;
  if (!recurring) return Rational();
  if (subscription.usage_type == UsageType::kMetered && !include_metered) return Rational();

  Rational per_interval = subscription.unit_amount.to_rational() * subscription.quantity.to_rational();
  if (subscription.discount) {
    if (subscription.discount->percent_off) {
      per_interval *= (Rational(100) - subscription.discount->percent_off->to_rational()) / Rational(100);
    }
    if (subscription.discount->amount_off) {
      per_interval = max(Rational(), per_interval - subscription.discount->amount_off->to_rational());
    }
  }
  return per_interval * monthly_factor(subscription.interval) / Rational(subscription.interval_count);
}

std::string_view movement_name(MrrMovement movement) noexcept {
  switch (movement) {
    case MrrMovement::kNew: return "new";
    case MrrMovement::kExpansion: return "expansion";
    case MrrMovement::kContraction: return "contraction";
    case MrrMovement::kChurn: return "churn";
    case MrrMovement::kReactivation: return "reactivation";
    case MrrMovement::kUnchanged: return "unchanged";
  }
  return "unchanged";
}

MrrMovement classify_movement(const Decimal& previous, const Decimal& current, bool former_customer) {
  if (previous.is_zero() && current.is_zero()) return MrrMovement::kUnchanged;
  if (previous.is_zero()) return former_customer ? MrrMovement::kReactivation : MrrMovement::kNew;
  if (current.is_zero()) return MrrMovement::kChurn;
  if (current > previous) return MrrMovement::kExpansion;
  if (current < previous) return MrrMovement::kContraction;
  return MrrMovement::kUnchanged;
}

Result<MrrReport> compute_mrr(const MrrInput& input) {
  RATECARD_TRY(RoundedSnapshot previous, round_snapshot(input.previous, input, Rational(1)));
  RATECARD_TRY(RoundedSnapshot current, round_snapshot(input.current, input, Rational(1)));
  RoundedSnapshot previous_arr;
  RoundedSnapshot current_arr;
  if (input.include_arr) {
    RATECARD_TRY(previous_arr, round_snapshot(input.previous, input, Rational(12)));
    RATECARD_TRY(current_arr, round_snapshot(input.current, input, Rational(12)));
  }

  for (std::size_t i = 0; i < input.former_customers.size(); ++i) {
    const std::string& customer = input.former_customers[i];
    if (value_or_zero(previous.customer_totals, customer).sign() > 0) {
      return Error{ErrorCode::kInvalidArgument,
                   quote_for_message(customer) +
                       " has MRR in the previous snapshot, so it cannot be a former (churned) customer",
                   pointer_child(input.former_customers_path, i)};
    }
  }

  MrrReport report;
  std::map<std::string, bool> customers;  // every customer of either snapshot -> former?
  for (const auto& entry : previous.customer_totals) customers[entry.first] = false;
  for (const auto& entry : current.customer_totals) customers[entry.first] = false;
  for (const std::string& customer : input.former_customers) {
    const auto found = customers.find(customer);
    if (found != customers.end()) found->second = true;
  }
  for (const auto& [customer, former] : customers) {
    CustomerMrr line;
    line.customer = customer;
    line.previous = value_or_zero(previous.customer_totals, customer);
    line.current = value_or_zero(current.customer_totals, customer);
    line.movement = classify_movement(line.previous, line.current, former);
    line.previous_arr = value_or_zero(previous_arr.customer_totals, customer);
    line.current_arr = value_or_zero(current_arr.customer_totals, customer);
    line.arr_movement = classify_movement(line.previous_arr, line.current_arr, former);
    report.previous_total += line.previous;
    report.current_total += line.current;
    report.previous_arr_total += line.previous_arr;
    report.current_arr_total += line.current_arr;
    report.customers.push_back(std::move(line));
  }

  std::map<std::string, SubscriptionMrr> subscriptions;
  for (const auto& [id, share] : previous.subscriptions) {
    subscriptions[id] = SubscriptionMrr{id, share.first, share.second, Decimal{}, Decimal{}, Decimal{}};
  }
  for (const auto& [id, share] : current.subscriptions) {
    auto [entry, inserted] = subscriptions.try_emplace(id, SubscriptionMrr{id, share.first, Decimal{}, Decimal{}, Decimal{}, Decimal{}});
    entry->second.current = share.second;
  }
  report.subscriptions.reserve(subscriptions.size());
  for (auto& [id, subscription] : subscriptions) {
    subscription.previous_arr = share_or_zero(previous_arr, id);
    subscription.current_arr = share_or_zero(current_arr, id);
    report.subscriptions.push_back(std::move(subscription));
  }
  return report;
}

}  // namespace ratecard
