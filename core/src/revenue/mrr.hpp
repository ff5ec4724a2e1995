#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ratecard/currency.hpp"
#include "ratecard/decimal.hpp"
#include "ratecard/rational.hpp"
#include "ratecard/result.hpp"
#include "ratecard/rounding.hpp"

namespace ratecard {

/// How often a subscription bills, before `interval_count`.
enum class MrrInterval { kDay, kWeek, kMonth, kQuarter, kYear };

/// The lifecycle state of a subscription in a snapshot.
enum class SubscriptionStatus { kActive, kPastDue, kTrialing, kPaused, kCanceled };

/// Licensed subscriptions bill a committed amount; metered ones bill what was used.
enum class UsageType { kLicensed, kMetered };

/// A discount in force at the snapshot: a percentage or a fixed amount per billing interval.
struct MrrDiscount {
  std::optional<Decimal> percent_off;  ///< 0..100
  std::optional<Decimal> amount_off;   ///< In the subscription's currency, per interval.
};

/// One subscription of a snapshot, validated.
struct MrrSubscription {
  std::string id;
  std::string customer;
  Currency currency;
  Decimal unit_amount;  ///< Per unit and per billing interval, in `currency`.
  Decimal quantity;
  MrrInterval interval = MrrInterval::kMonth;
  std::int64_t interval_count = 1;
  SubscriptionStatus status = SubscriptionStatus::kActive;
  UsageType usage_type = UsageType::kLicensed;
  std::optional<MrrDiscount> discount;
  Rational fx_rate;  ///< Reporting-currency units per unit of `currency` (1 for the same currency).
};

/// Everything the `mrr` op needs, validated by the reader.
struct MrrInput {
  Currency currency;  ///< The reporting currency.
  RoundingMode rounding = RoundingMode::kHalfUp;
  bool include_metered = false;
  bool include_arr = false;  ///< Also annual recurring revenue, rounded from 12 x the exact MRR.
  std::vector<MrrSubscription> previous;
  std::vector<MrrSubscription> current;
  std::vector<std::string> former_customers;  ///< Customers who paid before `previous` and had churned.
  std::string former_customers_path;          ///< JSON Pointer of the array, for errors.
};

/// The monthly factor of an interval: day 365/12, week 52/12, month 1, quarter 1/3, year 1/12.
[[nodiscard]] Rational monthly_factor(MrrInterval interval);

/// The exact monthly recurring revenue of one subscription in its own currency: zero unless
/// active or past due (and licensed, or metered with `include_metered`); otherwise
/// unit_amount x quantity, less the discount (never below zero), x the monthly factor /
/// interval_count.
[[nodiscard]] Rational subscription_mrr(const MrrSubscription& subscription, bool include_metered);

/// How a customer's MRR changed between two snapshots.
enum class MrrMovement { kNew, kExpansion, kContraction, kChurn, kReactivation, kUnchanged };

/// The wire name of a movement ("new", "expansion", ...).
[[nodiscard]] std::string_view movement_name(MrrMovement movement) noexcept;

/// Classifies a change of rounded MRR: 0 -> positive is new (reactivation for a former
/// customer), positive -> 0 churn, up expansion, down contraction, equal unchanged.
[[nodiscard]] MrrMovement classify_movement(const Decimal& previous, const Decimal& current, bool former_customer);

/// One customer's MRR (and ARR when asked for) in both snapshots, in the reporting currency,
/// rounded. The ARR movement is classified from the ARR figures the way `movement` is from MRR.
struct CustomerMrr {
  std::string customer;
  Decimal previous;
  Decimal current;
  MrrMovement movement = MrrMovement::kUnchanged;
  Decimal previous_arr;
  Decimal current_arr;
  MrrMovement arr_movement = MrrMovement::kUnchanged;
};

/// One subscription's share of its customer's rounded MRR (and ARR) in both snapshots.
struct SubscriptionMrr {
  std::string id;
  std::string customer;
  Decimal previous;
  Decimal current;
  Decimal previous_arr;
  Decimal current_arr;
};

/// The result of comparing two snapshots. Customers and subscriptions are sorted by id. The
/// ARR figures are zero unless the input asked for them.
struct MrrReport {
  std::vector<CustomerMrr> customers;
  std::vector<SubscriptionMrr> subscriptions;
  Decimal previous_total;
  Decimal current_total;
  Decimal previous_arr_total;
  Decimal current_arr_total;
};

/// Normalizes both snapshots, converts to the reporting currency, rounds each customer's
/// MRR once (subscriptions share it by largest remainder) and classifies each customer; with
/// `include_arr`, does the same for 12 x the exact MRR, rounded once on its own.
/// INVALID_ARGUMENT when a former customer had MRR in the previous snapshot; OVERFLOW when
/// an amount is out of range.
[[nodiscard]] Result<MrrReport> compute_mrr(const MrrInput& input);

}  // namespace ratecard
