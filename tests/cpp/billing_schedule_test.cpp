#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "calendar/billing_periods.hpp"
#include "calendar/proration_factor.hpp"

namespace ratecard {
namespace {

Instant at(const char* text) { return *parse_instant(text); }

BillingSchedule schedule(const char* start, BillingInterval interval, const char* zone = "UTC",
                         std::int64_t count = 1) {
  BillingSchedule result;
  result.start = at(start);
  result.interval = interval;
  result.interval_count = count;
  result.time_zone = *find_time_zone(zone);
  result.anchor = anchor_at_instant(result.time_zone, result.start);
  return result;
}

std::vector<std::string> starts(const BillingSchedule& s, std::int64_t count) {
  PeriodQuery query;
  query.count = count;
  const Result<PeriodList> list = list_billing_periods(s, query);
  std::vector<std::string> result;
  if (!list.ok()) return {list.error().message};
  for (const BillingPeriod& period : list->periods) result.push_back(format_instant(period.start));
  return result;
}

TEST(BillingSchedule, AnchorsOnThe31stClampAndComeBack) {
  EXPECT_EQ(starts(schedule("2026-01-31T09:30:00Z", BillingInterval::kMonth), 5),
            (std::vector<std::string>{"2026-01-31T09:30:00Z", "2026-02-28T09:30:00Z", "2026-03-31T09:30:00Z",
                                      "2026-04-30T09:30:00Z", "2026-05-31T09:30:00Z"}));
  EXPECT_EQ(starts(schedule("2028-01-30T00:00:00Z", BillingInterval::kMonth), 3),
            (std::vector<std::string>{"2028-01-30T00:00:00Z", "2028-02-29T00:00:00Z", "2028-03-30T00:00:00Z"}));
}

TEST(BillingSchedule, AYearlyFebruary29AnchorReturnsInLeapYears) {
  EXPECT_EQ(starts(schedule("2024-02-29T12:00:00Z", BillingInterval::kYear), 5),
            (std::vector<std::string>{"2024-02-29T12:00:00Z", "2025-02-28T12:00:00Z", "2026-02-28T12:00:00Z",
                                      "2027-02-28T12:00:00Z", "2028-02-29T12:00:00Z"}));
}

TEST(BillingSchedule, BoundariesKeepTheAnchorsLocalTimeAcrossDaylightSaving) {
  // 00:00 in New York: 05:00Z in winter, 04:00Z in summer; the period of March 8 has 23 hours.
  const BillingSchedule daily = schedule("2026-03-07T05:00:00Z", BillingInterval::kDay, "America/New_York");
  EXPECT_EQ(starts(daily, 3), (std::vector<std::string>{"2026-03-07T05:00:00Z", "2026-03-08T05:00:00Z",
                                                        "2026-03-09T04:00:00Z"}));
  // An anchor at 02:30 on the 8th: on 2026-03-08 that time is skipped and becomes 03:30 EDT.
  const BillingSchedule monthly = schedule("2026-02-08T07:30:00Z", BillingInterval::kMonth, "America/New_York");
  EXPECT_EQ(starts(monthly, 3), (std::vector<std::string>{"2026-02-08T07:30:00Z", "2026-03-08T07:30:00Z",
                                                          "2026-04-08T06:30:00Z"}));
}

TEST(BillingSchedule, AnAnniversaryOnTheSecondOfTwoRepeatedTimesStartsThere) {
  // 01:30 EST, the second 01:30 of 2026-11-01 in New York.
  const BillingSchedule s = schedule("2026-11-01T06:30:00Z", BillingInterval::kMonth, "America/New_York");
  EXPECT_EQ(starts(s, 2), (std::vector<std::string>{"2026-11-01T06:30:00Z", "2026-12-01T06:30:00Z"}));
}

TEST(BillingSchedule, SkipsTheDaySamoaLeftOut) {
  // Pacific/Apia went from 2011-12-29 straight to 2011-12-31: the boundaries of Dec 30 and
  // Dec 31 at noon are the same instant, so no empty period is listed.
  const BillingSchedule s = schedule("2011-12-28T22:00:00Z", BillingInterval::kDay, "Pacific/Apia");
  PeriodQuery query;
  query.count = 4;
  const PeriodList list = *list_billing_periods(s, query);
  ASSERT_EQ(list.periods.size(), 4u);
  for (std::size_t i = 0; i < list.periods.size(); ++i) {
    EXPECT_LT(list.periods[i].start, list.periods[i].end);
    if (i > 0) {
      EXPECT_EQ(list.periods[i - 1].end, list.periods[i].start);
    }
  }
  EXPECT_EQ(format_instant(list.periods[1].start), "2011-12-29T22:00:00Z");  // Dec 29 noon, -10
  EXPECT_EQ(format_instant(list.periods[1].end), "2011-12-30T22:00:00Z");    // Dec 31 noon, +14
  EXPECT_EQ(list.periods[2].number, 3);  // cycle 2 was empty
}

TEST(BillingSchedule, FindsTheCycleOfAnyInstantDirectly) {
  // Anchor: the 31st at 10:30 in Berlin (09:30Z in winter, 08:30Z in summer).
  const BillingSchedule s = schedule("2026-01-31T09:30:00Z", BillingInterval::kMonth, "Europe/Berlin");
  const BillingCycle cycle = *billing_cycle_containing(s, at("2999-03-15T00:00:00Z"));
  EXPECT_EQ(format_instant(cycle.start), "2999-02-28T09:30:00Z");
  EXPECT_EQ(format_instant(cycle.end), "2999-03-31T08:30:00Z");
  const BillingCycle before = *billing_cycle_containing(s, at("2025-12-01T00:00:00Z"));
  EXPECT_EQ(before.index, -2);
  EXPECT_EQ(format_instant(before.start), "2025-11-30T09:30:00Z");
}

TEST(BillingSchedule, RefusesPeriodsBeyondTheYear9999) {
  const BillingSchedule s = schedule("9999-11-15T00:00:00Z", BillingInterval::kMonth);
  PeriodQuery query;
  query.count = 3;
  const auto list = list_billing_periods(s, query);
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().code, ErrorCode::kInvalidArgument);
}

TEST(ProrationFactor, EachConventionMeasuresTheRestOfTheCycle) {
  const BillingSchedule s = schedule("2026-01-01T00:00:00Z", BillingInterval::kMonth);
  const BillingCycle january = *billing_cycle(s, 0);
  const Instant halfway = at("2026-01-16T12:00:00Z");
  EXPECT_EQ(remaining_fraction(s, january, halfway, ProrationConvention::kSecond), Rational(1) / Rational(2));
  EXPECT_EQ(remaining_fraction(s, january, halfway, ProrationConvention::kDay), Rational(16) / Rational(31));
  EXPECT_EQ(remaining_fraction(s, january, halfway, ProrationConvention::kActual360), Rational(16) / Rational(30));
  EXPECT_EQ(remaining_fraction(s, january, halfway, ProrationConvention::kThirty360), Rational(15) / Rational(30));
  // At the start of a 31-day month actual/360 would give 31/30: it is capped at 1.
  EXPECT_EQ(remaining_fraction(s, january, january.start, ProrationConvention::kActual360), Rational(1));
  for (const auto convention : {ProrationConvention::kSecond, ProrationConvention::kDay,
                                ProrationConvention::kThirty360}) {
    EXPECT_EQ(remaining_fraction(s, january, january.start, convention), Rational(1));
  }
}

TEST(ProrationFactor, ThirtyThreeSixtyKeepsTheAnchorDayOfAClampedStart) {
  // Anchor on the 31st: the cycle Feb 28 -> Mar 31 starts on "Feb 30" for 30E/360.
  const BillingSchedule s = schedule("2026-01-31T00:00:00Z", BillingInterval::kMonth);
  const BillingCycle february = *billing_cycle(s, 1);
  EXPECT_EQ(format_instant(february.start), "2026-02-28T00:00:00Z");
  EXPECT_EQ(remaining_fraction(s, february, at("2026-03-05T00:00:00Z"), ProrationConvention::kThirty360),
            Rational(25) / Rational(30));
  EXPECT_EQ(remaining_fraction(s, february, at("2026-03-05T00:00:00Z"), ProrationConvention::kDay),
            Rational(26) / Rational(31));
}

TEST(ProrationFactor, SecondsCountTheShortDayOfADaylightSavingChange) {
  // March 2026 in New York has 31 days but 743 hours.
  const BillingSchedule s = schedule("2026-03-01T05:00:00Z", BillingInterval::kMonth, "America/New_York");
  const BillingCycle march = *billing_cycle(s, 0);
  EXPECT_EQ(march.end.seconds - march.start.seconds, 743 * 3600);
  EXPECT_EQ(remaining_fraction(s, march, at("2026-03-16T04:00:00Z"), ProrationConvention::kSecond),
            Rational(16 * 24) / Rational(743));
  EXPECT_EQ(remaining_fraction(s, march, at("2026-03-16T04:00:00Z"), ProrationConvention::kDay),
            Rational(16) / Rational(31));
}

}  // namespace
}  // namespace ratecard
