#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ratecard/currency.hpp"
#include "ratecard/decimal.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// Days here are local calendar days of the billing time zone, counted from 1970-01-01
/// (days_from_civil), so that month boundaries fall at local midnight.

/// The length of a schedule's periods.
enum class Granularity { kMonth, kDay };

/// The most periods one schedule may have (27 years of days, 833 years of months).
inline constexpr std::int64_t kMaxSchedulePeriods = 10000;

/// One performance obligation: an invoice line, or one item of a bundle with its share of the
/// bundle's price.
struct RevenueLine {
  std::string id;
  std::string kind;                         ///< wire name: "subscription", "one_off" or "usage"
  std::optional<std::string> bundle;        ///< the bundle an item belongs to
  std::optional<Decimal> standalone_price;  ///< bundle items: the weight of the allocation
  Decimal amount;                           ///< at the currency's minor unit; positive or zero
  bool ratable = false;                     ///< recognized evenly per service day (subscriptions)
  std::int64_t first_day = 0;               ///< ratable: the first service day
  std::int64_t end_day = 0;                 ///< ratable: the day after the last service day
  std::int64_t recognition_day = 0;         ///< point in time: the day control transfers
  std::int64_t booked_day = 0;              ///< the day it is invoiced (enters deferred revenue)
};

/// A credit note or refund reducing one line's price on `day`.
struct RevenueReversal {
  std::size_t line = 0;
  Decimal amount;  ///< positive, at the minor unit
  std::int64_t day = 0;
};

/// A validated `recognize` request, in days.
struct RecognitionInput {
  Currency currency;
  Granularity granularity = Granularity::kMonth;
  std::vector<RevenueLine> lines;
  std::vector<RevenueReversal> reversals;
};

/// One period's amount of a schedule; `period` is a period key (see period_of_day).
struct PeriodAmount {
  std::int64_t period = 0;
  Decimal amount;
};

/// What one line recognizes, net of its reversals.
struct LineSchedule {
  Decimal reversed;                      ///< the sum of its reversals
  std::vector<PeriodAmount> recognized;  ///< periods with a non-zero net amount, ascending
};

/// A recognition schedule over consecutive periods first_period..last_period.
struct RevenueSchedule {
  std::int64_t first_period = 0;
  std::vector<Decimal> recognized;  ///< per period
  std::vector<Decimal> deferred;    ///< invoiced minus recognized, cumulative, at each period end
  std::vector<LineSchedule> lines;  ///< one per input line
};

/// The key of the period containing a day: the day itself, or year x 12 + month - 1.
[[nodiscard]] std::int64_t period_of_day(std::int64_t day, Granularity granularity);

/// The first day of a period key.
[[nodiscard]] std::int64_t first_day_of_period(std::int64_t period, Granularity granularity);

/// Builds the schedule. A ratable line recognizes amount / service days on each service day;
/// a point-in-time line all of it on its recognition day. A reversal is a negative copy of its
/// line's recognition, except that what falls before the reversal's day is recognized on that
/// day (a cumulative catch-up, as ASC 606 / IFRS 15 require for a change of transaction price).
/// Each line and each reversal is rounded separately by largest remainder, so its periods sum
/// exactly to its amount. LIMIT_EXCEEDED beyond kMaxSchedulePeriods periods.
[[nodiscard]] Result<RevenueSchedule> recognize_revenue(const RecognitionInput& input);

}  // namespace ratecard
