// Property test: for seeded random schedules in random zones, billing periods are contiguous,
// non-overlapping, non-empty and in order (over ten years for one case in four, a shorter
// horizon for the others); full periods start at the anchor's local time and clamped anchor
// day; paging with "from" gives the same periods; and the cycle found for any instant holds it.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "calendar/billing_periods.hpp"
#include "property.hpp"

namespace ratecard::testing {
namespace {

BillingSchedule random_schedule(Generator& gen, const std::vector<std::string_view>& zones, std::string& described) {
  BillingSchedule s;
  const std::string_view zone = gen.pick(zones);
  s.time_zone = *find_time_zone(zone);
  s.interval = static_cast<BillingInterval>(gen.integer(0, 3));
  s.interval_count = gen.chance(25) ? gen.integer(2, 6) : 1;
  // Starts from 1965 to 2045, sometimes on a month end, at any second of the day.
  s.start = Instant{gen.integer(-5 * 365, 75 * 365) * kSecondsPerDay + gen.integer(0, kSecondsPerDay - 1)};
  if (gen.chance(25)) s.trial_end = Instant{s.start.seconds + gen.integer(1, 60 * kSecondsPerDay)};
  switch (gen.integer(0, 2)) {
    case 0: {  // anniversary
      s.anchor = anchor_at_instant(s.time_zone, s.billing_start());
      break;
    }
    case 1: {  // calendar alignment with a chosen day (often 29-31) and time
      s.anchor = calendar_anchor(s.interval);
      if (s.interval == BillingInterval::kMonth || s.interval == BillingInterval::kYear) {
        s.anchor.day = static_cast<unsigned>(gen.chance(50) ? gen.integer(29, 31) : gen.integer(1, 28));
        if (s.interval == BillingInterval::kYear) {
          s.anchor.month = static_cast<unsigned>(gen.integer(1, 12));
          s.anchor.day = std::min(s.anchor.day, days_in_month(2000, s.anchor.month));
        }
      } else if (s.interval == BillingInterval::kWeek) {
        s.anchor.day += static_cast<unsigned>(gen.integer(0, 6));  // Monday .. Sunday
      }
      // Times around midnight and 01:00-03:00 meet DST changes most often.
      const std::int64_t hour = gen.chance(50) ? gen.integer(0, 3) : gen.integer(0, 23);
      s.anchor.seconds_of_day = static_cast<std::int32_t>(hour * 3600 + gen.integer(0, 3) * 900);
      break;
    }
    default: {  // an explicit anchor instant within a year of the start
      const Instant anchor{s.start.seconds + gen.integer(-365, 365) * kSecondsPerDay + gen.integer(0, 86399)};
      s.anchor = anchor_at_instant(s.time_zone, anchor);
      break;
    }
  }
  described = std::string(zone) + " " + std::string(billing_interval_name(s.interval)) + "x" +
              std::to_string(s.interval_count) + " start " + format_instant(s.start) + " anchor " +
              std::to_string(s.anchor.year) + "-" + std::to_string(s.anchor.month) + "-" +
              std::to_string(s.anchor.day) + "+" + std::to_string(s.anchor.seconds_of_day) + "s";
  return s;
}

// The periods that start before `horizon` seconds after the start, paged 1000 at a time with
// "from" and "count".
std::vector<BillingPeriod> periods_within(const BillingSchedule& s, std::int64_t horizon) {
  const Instant end{s.start.seconds + horizon};
  std::vector<BillingPeriod> periods;
  PeriodQuery query;
  query.count = kMaxPeriodsPerRequest;
  while (true) {
    const Result<PeriodList> page = list_billing_periods(s, query);
    EXPECT_TRUE(page.ok()) << (page.ok() ? "" : page.error().message);
    if (!page.ok()) return periods;
    for (const BillingPeriod& period : page->periods) {
      if (period.start >= end) return periods;
      periods.push_back(period);
    }
    if (!page->has_more) return periods;
    query.from = page->periods.back().end;
  }
}

TEST(PeriodsProperty, PeriodsAreContiguousAndInOrderForTenYears) {
  Generator gen(property_stream("billing periods"));
  const std::vector<std::string_view> zones = time_zone_names();
  std::size_t checked_periods = 0;
  int ten_year_cases = 0;
  for (int i = 0; i < property_cases(1000) && !::testing::Test::HasFailure(); ++i) {
    std::string described;
    const BillingSchedule s = random_schedule(gen, zones, described);
    const std::int64_t horizon = property_horizon(gen, i, 4);
    SCOPED_TRACE(case_trace(i, described + " horizon " + std::to_string(horizon / kSecondsPerDay) + " days"));
    const std::vector<BillingPeriod> periods = periods_within(s, horizon);
    ASSERT_FALSE(periods.empty());
    EXPECT_EQ(periods.front().start, s.start);
    for (std::size_t k = 0; k < periods.size(); ++k) {
      const BillingPeriod& p = periods[k];
      ASSERT_LT(p.start, p.end) << "period " << k;
      if (k > 0) {
        ASSERT_EQ(periods[k - 1].end, p.start) << "period " << k << " is not contiguous";
        if (p.kind != PeriodKind::kTrial && periods[k - 1].kind != PeriodKind::kTrial) {
          EXPECT_GT(p.number, periods[k - 1].number) << "period " << k;
        }
      }
      if (p.kind == PeriodKind::kTrial) continue;
      ASSERT_TRUE(p.cycle.has_value());
      EXPECT_LE(p.cycle->start, p.start);
      EXPECT_EQ(p.cycle->end, p.end);
      if (p.kind == PeriodKind::kPartial) {
        EXPECT_EQ(p.start, s.billing_start()) << "only the first may be partial";
      }
      if (p.kind == PeriodKind::kFull && p.start != s.billing_start()) {
        // A full period starts at the anchor's local time on the clamped anchor day, unless
        // that local time was skipped by a clock change (then it is later, by the gap).
        const ResolvedLocalTime resolved =
            s.time_zone.resolve(LocalDateTime{p.cycle->start_date, s.anchor.seconds_of_day});
        EXPECT_EQ(resolved.instant, p.start) << "period " << k;
        if (resolved.kind != LocalTimeKind::kSkipped) {
          EXPECT_EQ(s.time_zone.to_local(p.start), (LocalDateTime{p.cycle->start_date, s.anchor.seconds_of_day}));
        }
        if (s.interval == BillingInterval::kMonth || s.interval == BillingInterval::kYear) {
          EXPECT_EQ(p.cycle->start_date.day,
                    std::min(s.anchor.day, days_in_month(p.cycle->start_date.year, p.cycle->start_date.month)));
        }
      }
    }
    // Random instants of the listed span (past the trial) land in the listed period that holds them.
    const std::int64_t listed_from = s.billing_start().seconds;
    const std::int64_t listed_to = periods.back().end.seconds;
    for (int probe = 0; probe < 5 && listed_from < listed_to; ++probe) {
      const Instant t{gen.integer(listed_from, listed_to - 1)};
      const Result<BillingCycle> cycle = billing_cycle_containing(s, t);
      ASSERT_TRUE(cycle.ok()) << cycle.error().message;
      EXPECT_LE(cycle->start, t);
      EXPECT_LT(t, cycle->end);
      PeriodQuery query;
      query.from = t;
      const Result<PeriodList> one = list_billing_periods(s, query);
      ASSERT_TRUE(one.ok());
      ASSERT_EQ(one->periods.size(), 1u);
      EXPECT_LE(one->periods[0].start, t);
      EXPECT_LT(t, one->periods[0].end);
    }
    checked_periods += periods.size();
    if (horizon == kTenYears) ++ten_year_cases;
  }
  if (property_cases(1000) >= 1000) {
    EXPECT_GE(ten_year_cases, 250);
    EXPECT_GT(checked_periods, 50000u);
  }
}

}  // namespace
}  // namespace ratecard::testing
