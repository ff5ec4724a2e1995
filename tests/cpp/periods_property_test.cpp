// Property test: for random (seeded) schedules in random zones, ten years of billing
// periods are contiguous, non-overlapping, non-empty and in order; full periods start at the
// anchor's local time and clamped anchor day; paging with "from" gives the same periods;
// and the cycle found for any instant holds it.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "calendar/billing_periods.hpp"

namespace ratecard {
namespace {

constexpr std::int64_t kTenYears = 3653 * std::int64_t{kSecondsPerDay};

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  // Uniform in [low, high], the same on every platform (no std distributions).
  std::int64_t between(std::int64_t low, std::int64_t high) {
    return low + static_cast<std::int64_t>(engine_() % static_cast<std::uint64_t>(high - low + 1));
  }

 private:
  std::mt19937_64 engine_;
};

BillingSchedule random_schedule(Random& random, const std::vector<std::string_view>& zones, std::string& described) {
  BillingSchedule s;
  const std::string_view zone = zones[static_cast<std::size_t>(random.between(0, static_cast<std::int64_t>(zones.size()) - 1))];
  s.time_zone = *find_time_zone(zone);
  s.interval = static_cast<BillingInterval>(random.between(0, 3));
  s.interval_count = random.between(0, 3) == 0 ? random.between(2, 6) : 1;
  // Starts from 1965 to 2045, sometimes on a month end, at any second of the day.
  s.start = Instant{random.between(-5 * 365, 75 * 365) * kSecondsPerDay + random.between(0, kSecondsPerDay - 1)};
  if (random.between(0, 3) == 0) s.trial_end = Instant{s.start.seconds + random.between(1, 60 * kSecondsPerDay)};
  switch (random.between(0, 2)) {
    case 0: {  // anniversary
      s.anchor = anchor_at_instant(s.time_zone, s.billing_start());
      break;
    }
    case 1: {  // calendar alignment with a chosen day (often 29-31) and time
      s.anchor = calendar_anchor(s.interval);
      if (s.interval == BillingInterval::kMonth || s.interval == BillingInterval::kYear) {
        s.anchor.day = static_cast<unsigned>(random.between(0, 1) == 0 ? random.between(29, 31) : random.between(1, 28));
        if (s.interval == BillingInterval::kYear) {
          s.anchor.month = static_cast<unsigned>(random.between(1, 12));
          s.anchor.day = std::min(s.anchor.day, days_in_month(2000, s.anchor.month));
        }
      } else if (s.interval == BillingInterval::kWeek) {
        s.anchor.day += static_cast<unsigned>(random.between(0, 6));  // Monday .. Sunday
      }
      // Times around midnight and 01:00-03:00 meet DST changes most often.
      const std::int64_t hour = random.between(0, 1) == 0 ? random.between(0, 3) : random.between(0, 23);
      s.anchor.seconds_of_day = static_cast<std::int32_t>(hour * 3600 + random.between(0, 3) * 900);
      break;
    }
    default: {  // an explicit anchor instant within a year of the start
      const Instant anchor{s.start.seconds + random.between(-365, 365) * kSecondsPerDay + random.between(0, 86399)};
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

// The periods that start within ten years, paged 1000 at a time with "from" and "count".
std::vector<BillingPeriod> ten_years(const BillingSchedule& s) {
  const Instant horizon{s.start.seconds + kTenYears};
  std::vector<BillingPeriod> periods;
  PeriodQuery query;
  query.count = kMaxPeriodsPerRequest;
  while (true) {
    const Result<PeriodList> page = list_billing_periods(s, query);
    EXPECT_TRUE(page.ok()) << (page.ok() ? "" : page.error().message);
    if (!page.ok()) return periods;
    for (const BillingPeriod& period : page->periods) {
      if (period.start >= horizon) return periods;
      periods.push_back(period);
    }
    if (!page->has_more) return periods;
    query.from = page->periods.back().end;
  }
}

TEST(PeriodsProperty, TenYearsOfPeriodsAreContiguousAndInOrder) {
  Random random(20260308);
  const std::vector<std::string_view> zones = time_zone_names();
  std::size_t checked_periods = 0;
  for (int round = 0; round < 240; ++round) {
    std::string described;
    const BillingSchedule s = random_schedule(random, zones, described);
    SCOPED_TRACE(described);
    const std::vector<BillingPeriod> periods = ten_years(s);
    ASSERT_FALSE(periods.empty());
    EXPECT_EQ(periods.front().start, s.start);
    for (std::size_t i = 0; i < periods.size(); ++i) {
      const BillingPeriod& p = periods[i];
      ASSERT_LT(p.start, p.end) << "period " << i;
      if (i > 0) {
        ASSERT_EQ(periods[i - 1].end, p.start) << "period " << i << " is not contiguous";
        if (p.kind != PeriodKind::kTrial && periods[i - 1].kind != PeriodKind::kTrial) {
          EXPECT_GT(p.number, periods[i - 1].number) << "period " << i;
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
        EXPECT_EQ(resolved.instant, p.start) << "period " << i;
        if (resolved.kind != LocalTimeKind::kSkipped) {
          EXPECT_EQ(s.time_zone.to_local(p.start), (LocalDateTime{p.cycle->start_date, s.anchor.seconds_of_day}));
        }
        if (s.interval == BillingInterval::kMonth || s.interval == BillingInterval::kYear) {
          EXPECT_EQ(p.cycle->start_date.day,
                    std::min(s.anchor.day, days_in_month(p.cycle->start_date.year, p.cycle->start_date.month)));
        }
      }
    }
    // Random instants land in the listed period that holds them.
    for (int probe = 0; probe < 20; ++probe) {
      const Instant t{s.billing_start().seconds + random.between(0, kTenYears - 40 * kSecondsPerDay)};
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
  }
  EXPECT_GT(checked_periods, 50000u);
}

}  // namespace
}  // namespace ratecard
