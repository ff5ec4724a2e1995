#include "calendar/billing_schedule.hpp"

#include <algorithm>
#include <string>

namespace ratecard {
namespace {

// Far more intervals than 0001-9999 holds days: beyond it a boundary is out of range anyway,
// and k * interval_count stays far from overflowing.
constexpr std::int64_t kMaxSteps = 4'000'000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t quotient = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? quotient - 1 : quotient;
}

Error years_out_of_range() {
  return Error{ErrorCode::kInvalidArgument, "billing periods are only computed within the years 0001-9999", ""};
}

// The anchor's date, clamped to its month (a real date).
CivilDate anchor_date(const CycleAnchor& anchor) {
  return CivilDate{anchor.year, anchor.month, std::min(anchor.day, days_in_month(anchor.year, anchor.month))};
}

std::int64_t month_number(int year, unsigned month) { return std::int64_t{year} * 12 + month - 1; }

// The local date on which cycle k starts.
Result<CivilDate> boundary_date(const BillingSchedule& schedule, std::int64_t k) {
  if (k > kMaxSteps || k < -kMaxSteps) return years_out_of_range();
  const std::int64_t steps = k * schedule.interval_count;
  const CycleAnchor& anchor = schedule.anchor;
  std::int64_t year = 0;
  unsigned month = anchor.month;
  switch (schedule.interval) {
    case BillingInterval::kDay:
    case BillingInterval::kWeek: {
      const std::int64_t days = steps * (schedule.interval == BillingInterval::kWeek ? 7 : 1);
      const std::int64_t day_number = days_from_civil(anchor_date(anchor)) + days;
      // Days from 1970 to the end of year 9999, with a margin.
      if (day_number < -720000 || day_number > 2933000) return years_out_of_range();
      const CivilDate date = civil_from_days(day_number);
      if (date.year < 1 || date.year > 9999) return years_out_of_range();
      return date;
    }
    case BillingInterval::kMonth: {
      const std::int64_t months = month_number(anchor.year, anchor.month) + steps;
      year = floor_div(months, 12);
      month = static_cast<unsigned>(months - year * 12 + 1);
      break;
    }
    case BillingInterval::kYear:
      year = anchor.year + steps;
      break;
  }
  if (year < 1 || year > 9999) return years_out_of_range();
  const int y = static_cast<int>(year);
  return CivilDate{y, month, std::min(anchor.day, days_in_month(y, month))};
}

// The cycle index whose start is nearest below `local` by date arithmetic alone; the
// caller corrects it by at most a few steps for the time of day and offset changes.
std::int64_t estimate_index(const BillingSchedule& schedule, const LocalDateTime& local) {
  const CycleAnchor& anchor = schedule.anchor;
  switch (schedule.interval) {
    case BillingInterval::kDay:
      return floor_div(days_from_civil(local.date) - days_from_civil(anchor_date(anchor)), schedule.interval_count);
    case BillingInterval::kWeek:
      return floor_div(days_from_civil(local.date) - days_from_civil(anchor_date(anchor)),
                       7 * schedule.interval_count);
    case BillingInterval::kMonth:
      return floor_div(month_number(local.date.year, local.date.month) - month_number(anchor.year, anchor.month),
                       schedule.interval_count);
    case BillingInterval::kYear:
      return floor_div(std::int64_t{local.date.year} - anchor.year, schedule.interval_count);
  }
  return 0;
}

}  // namespace

std::optional<BillingInterval> parse_billing_interval(std::string_view name) {
  if (name == "day") return BillingInterval::kDay;
  if (name == "week") return BillingInterval::kWeek;
  if (name == "month") return BillingInterval::kMonth;
  if (name == "year") return BillingInterval::kYear;
  return std::nullopt;
}

std::string_view billing_interval_name(BillingInterval interval) noexcept {
  switch (interval) {
    case BillingInterval::kDay: return "day";
    case BillingInterval::kWeek: return "week";
    case BillingInterval::kMonth: return "month";
    case BillingInterval::kYear: return "year";
  }
  return "month";
}

CycleAnchor anchor_at_instant(const TimeZone& zone, Instant instant) {
  const LocalDateTime local = zone.to_local(instant);
  return CycleAnchor{local.date.year, local.date.month, local.date.day, local.seconds_of_day, instant};
}

CycleAnchor calendar_anchor(BillingInterval interval) {
  CycleAnchor anchor;
  if (interval == BillingInterval::kWeek) anchor.day = 5;  // 1970-01-05 was a Monday
  return anchor;
}

Result<Instant> cycle_boundary(const BillingSchedule& schedule, std::int64_t k) {
  if (k == 0 && schedule.anchor.exact) return *schedule.anchor.exact;
  RATECARD_TRY(const CivilDate date, boundary_date(schedule, k));
  return schedule.time_zone.from_local(LocalDateTime{date, schedule.anchor.seconds_of_day});
}

namespace {

// `cycle` with its end (the boundary after its start) and its anchor day filled in.
Result<BillingCycle> ended_cycle(const BillingSchedule& schedule, BillingCycle cycle) {
  RATECARD_TRY(cycle.end, cycle_boundary(schedule, cycle.index + 1));
  RATECARD_TRY(cycle.end_date, boundary_date(schedule, cycle.index + 1));
  cycle.anchor_day = schedule.interval == BillingInterval::kMonth || schedule.interval == BillingInterval::kYear
                         ? schedule.anchor.day
                         : cycle.start_date.day;
  return cycle;
}

}  // namespace

Result<BillingCycle> billing_cycle(const BillingSchedule& schedule, std::int64_t k) {
  BillingCycle cycle;
  cycle.index = k;
  RATECARD_TRY(cycle.start, cycle_boundary(schedule, k));
  RATECARD_TRY(cycle.start_date, boundary_date(schedule, k));
  return ended_cycle(schedule, cycle);
}

Result<BillingCycle> next_billing_cycle(const BillingSchedule& schedule, const BillingCycle& cycle) {
  BillingCycle next;
  next.index = cycle.index + 1;
  next.start = cycle.end;
  next.start_date = cycle.end_date;
  return ended_cycle(schedule, next);
}

Result<BillingCycle> billing_cycle_containing(const BillingSchedule& schedule, Instant instant) {
  std::int64_t k = estimate_index(schedule, schedule.time_zone.to_local(instant));
  // Cycles are at least a day long and offsets move clocks by less than that, so the
  // estimate is off by one or two at most; four steps each way bound the search.
  for (int step = 0; step < 4; ++step) {
    RATECARD_TRY(const Instant start, cycle_boundary(schedule, k));
    if (start <= instant) break;
    --k;
  }
  for (int step = 0; step < 4; ++step) {
    RATECARD_TRY(const Instant next, cycle_boundary(schedule, k + 1));
    if (next > instant) break;
    ++k;
  }
  RATECARD_TRY(BillingCycle cycle, billing_cycle(schedule, k));
  if (!(cycle.start <= instant && instant < cycle.end)) {
    return Error{ErrorCode::kInternal, "no billing cycle found for " + format_instant(instant), ""};
  }
  return cycle;
}

}  // namespace ratecard
