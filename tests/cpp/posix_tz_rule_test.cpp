#include <gtest/gtest.h>

#include "calendar/posix_tz_rule.hpp"

namespace ratecard {
namespace {

Instant at(const char* text) { return *parse_instant(text); }

TEST(PosixTzRule, ParsesAFixedOffset) {
  const auto rule = parse_posix_tz_rule("<+0530>-5:30");
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(rule->standard_offset, 19800);
  EXPECT_FALSE(rule->dst.has_value());
  EXPECT_EQ(rule->offset_at(at("2300-06-01T00:00:00Z")), 19800);
  EXPECT_FALSE(rule->next_transition(at("2026-01-01T00:00:00Z")).has_value());
}

TEST(PosixTzRule, EvaluatesTheUnitedStatesRule) {
  const auto rule = parse_posix_tz_rule("EST5EDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(rule->standard_offset, -18000);
  EXPECT_EQ(rule->dst->offset, -14400);
  EXPECT_EQ(rule->offset_at(at("2026-03-08T06:59:59Z")), -18000);
  EXPECT_EQ(rule->offset_at(at("2026-03-08T07:00:00Z")), -14400);
  EXPECT_EQ(rule->offset_at(at("2026-11-01T05:59:59Z")), -14400);
  EXPECT_EQ(rule->offset_at(at("2026-11-01T06:00:00Z")), -18000);
  EXPECT_EQ(format_instant(*rule->next_transition(at("2026-01-01T00:00:00Z"))), "2026-03-08T07:00:00Z");
  EXPECT_EQ(format_instant(*rule->next_transition(at("2026-03-08T07:00:00Z"))), "2026-11-01T06:00:00Z");
}

TEST(PosixTzRule, EvaluatesSouthernHemisphereRulesAcrossTheYearEnd) {
  const auto rule = parse_posix_tz_rule("AEST-10AEDT,M10.1.0,M4.1.0/3");
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(rule->offset_at(at("2026-01-01T00:00:00Z")), 39600);
  EXPECT_EQ(rule->offset_at(at("2026-04-04T15:59:59Z")), 39600);
  EXPECT_EQ(rule->offset_at(at("2026-04-04T16:00:00Z")), 36000);
  EXPECT_EQ(rule->offset_at(at("2026-10-03T16:00:00Z")), 39600);
  EXPECT_EQ(format_instant(*rule->next_transition(at("2026-10-03T16:00:00Z"))), "2027-04-03T16:00:00Z");
}

TEST(PosixTzRule, AcceptsTheRfc8536Extensions) {
  // Negative rule times (America/Nuuk) and times past 24 hours (Asia/Jerusalem).
  const auto nuuk = parse_posix_tz_rule("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
  ASSERT_TRUE(nuuk.ok()) << nuuk.error().message;
  EXPECT_EQ(nuuk->dst->start.time, -3600);
  EXPECT_EQ(nuuk->offset_at(at("2030-03-31T00:59:59Z")), -7200);
  EXPECT_EQ(nuuk->offset_at(at("2030-03-31T01:00:00Z")), -3600);
  const auto jerusalem = parse_posix_tz_rule("IST-2IDT,M3.4.4/26,M10.5.0");
  ASSERT_TRUE(jerusalem.ok());
  EXPECT_EQ(jerusalem->dst->start.time, 26 * 3600);
  // The Friday before the last Sunday of March 2026 is March 27: 02:00 IST = 00:00Z.
  EXPECT_EQ(jerusalem->offset_at(at("2026-03-26T23:59:59Z")), 7200);
  EXPECT_EQ(jerusalem->offset_at(at("2026-03-27T00:00:00Z")), 10800);
}

TEST(PosixTzRule, StaysInDaylightTimeAllYearWhenTheRuleSaysSo) {
  const auto rule = parse_posix_tz_rule("EST5EDT,0/0,J365/25");
  ASSERT_TRUE(rule.ok());
  for (const char* text : {"2026-01-01T00:00:00Z", "2026-01-01T05:00:00Z", "2026-07-01T00:00:00Z",
                           "2026-12-31T23:59:59Z", "2027-01-01T05:00:00Z"}) {
    EXPECT_EQ(rule->offset_at(at(text)), -14400) << text;
  }
  EXPECT_FALSE(rule->next_transition(at("2026-06-01T00:00:00Z")).has_value());
}

TEST(PosixTzRule, JulianDaysSkipFebruary29AndZeroBasedDaysCountIt) {
  // J60 is March 1 in every year; 59 (zero-based) is March 1 in common years, Feb 29 in leap years.
  const auto julian = parse_posix_tz_rule("AAA0BBB,J60/0,J300/0");
  const auto zero_based = parse_posix_tz_rule("AAA0BBB,59/0,300/0");
  ASSERT_TRUE(julian.ok());
  ASSERT_TRUE(zero_based.ok());
  EXPECT_EQ(format_instant(*julian->next_transition(at("2028-01-01T00:00:00Z"))), "2028-03-01T00:00:00Z");
  EXPECT_EQ(format_instant(*zero_based->next_transition(at("2028-01-01T00:00:00Z"))), "2028-02-29T00:00:00Z");
  EXPECT_EQ(format_instant(*zero_based->next_transition(at("2027-01-01T00:00:00Z"))), "2027-03-01T00:00:00Z");
}

TEST(PosixTzRule, RefusesMalformedRules) {
  for (const char* text : {"", "E5", "EST", "EST5EDT", "EST5EDT,M3.2.0", "EST5EDT,M13.2.0,M11.1.0",
                           "EST5EDT,M3.6.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0", "EST5EDT,J0,J365",
                           "EST5EDT,M3.2.0/168,M11.1.0", "EST25", "<+05", "EST5EDT,M3.2.0,M11.1.0x"}) {
    const auto rule = parse_posix_tz_rule(text);
    ASSERT_FALSE(rule.ok()) << text;
    EXPECT_EQ(rule.error().code, ErrorCode::kInvalidArgument) << text;
  }
}

}  // namespace
}  // namespace ratecard
