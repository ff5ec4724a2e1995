#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "calendar/instant.hpp"
#include "calendar/local_time.hpp"
#include "calendar/time_zone.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// The unit of a billing interval.
enum class BillingInterval { kDay, kWeek, kMonth, kYear };

/// "day", "week", "month" or "year".
[[nodiscard]] std::optional<BillingInterval> parse_billing_interval(std::string_view name);
/// The wire name of an interval.
[[nodiscard]] std::string_view billing_interval_name(BillingInterval interval) noexcept;

/// The local date-time that billing cycles repeat, in the schedule's zone. Cycle k starts
/// at the anchor moved by k intervals (k may be negative), at the anchor's time of day.
///
/// Month-end rule: for monthly and yearly schedules `day` is the anchor day as chosen
/// (1..31), and each cycle starts on min(day, days in that month): an anchor on the 31st
/// gives Jan 31, Feb 28 (29 in leap years), Mar 31, Apr 30, ...; a yearly anchor on Feb 29
/// gives Feb 28 in common years and Feb 29 in leap years. Daily and weekly schedules need
/// a real date.
struct CycleAnchor {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;  ///< 1..31, possibly beyond the month's length (see above)
  std::int32_t seconds_of_day = 0;
  /// When the anchor is an instant (anniversary billing, an explicit anchor instant), cycle
  /// 0 starts exactly there, even if that instant is the second of two repeated local times.
  std::optional<Instant> exact;
};

/// The anchor of anniversary billing or of an explicit anchor instant: the instant's local
/// date-time in `zone`, with cycle 0 starting exactly at the instant.
[[nodiscard]] CycleAnchor anchor_at_instant(const TimeZone& zone, Instant instant);

/// Calendar alignment at 00:00 local: 1970-01-01 for daily, monthly and yearly intervals
/// (cycles on the 1st of the month, on January 1), Monday 1970-01-05 for weekly ones.
/// Multi-interval cycles count from there (quarters start in January, April, July, October).
[[nodiscard]] CycleAnchor calendar_anchor(BillingInterval interval);

/// A subscription's billing schedule, validated: everything needed to find its cycles.
struct BillingSchedule {
  Instant start;                   ///< when the subscription starts (and its trial, if any)
  std::optional<Instant> trial_end;  ///< the end of a free trial, after start
  BillingInterval interval = BillingInterval::kMonth;
  std::int64_t interval_count = 1;  ///< 1..kMaxIntervalCount
  TimeZone time_zone;               ///< the billing zone: boundaries are local times here
  CycleAnchor anchor;

  /// When billing starts: the end of the trial, or the start.
  [[nodiscard]] Instant billing_start() const { return trial_end.value_or(start); }
};

/// The largest interval_count accepted.
constexpr std::int64_t kMaxIntervalCount = 1000;

/// One billing cycle: [start, end) between consecutive boundaries.
struct BillingCycle {
  std::int64_t index = 0;  ///< k: the number of intervals from the anchor
  Instant start;
  Instant end;
  /// The local dates the boundaries were computed for. The zone's clocks show them at start
  /// and end, except when a boundary fell in skipped time and moved forward past midnight.
  CivilDate start_date;
  CivilDate end_date;
  unsigned anchor_day = 1;  ///< the day start_date was clamped from (monthly, yearly), else its day
};

/// The start of cycle k: the anchor moved k intervals, resolved in the billing zone (a local
/// time that clocks skip moves forward by the gap; a repeated one is the earlier instant).
/// INVALID_ARGUMENT (empty path) when that lies outside the years 0001-9999.
[[nodiscard]] Result<Instant> cycle_boundary(const BillingSchedule& schedule, std::int64_t k);

/// Cycle k: [cycle_boundary(k), cycle_boundary(k + 1)). Empty when the zone skipped a
/// whole day that held the boundary (Pacific/Apia, 2011-12-30): callers step over it.
[[nodiscard]] Result<BillingCycle> billing_cycle(const BillingSchedule& schedule, std::int64_t k);

/// The cycle that follows `cycle`, as billing_cycle(schedule, cycle.index + 1) gives it, with
/// the boundary they share (`cycle`'s end) not computed again.
[[nodiscard]] Result<BillingCycle> next_billing_cycle(const BillingSchedule& schedule, const BillingCycle& cycle);

/// The cycle whose [start, end) holds `instant`; a bounded search around an arithmetic
/// estimate, never a walk from the anchor.
[[nodiscard]] Result<BillingCycle> billing_cycle_containing(const BillingSchedule& schedule, Instant instant);

}  // namespace ratecard
