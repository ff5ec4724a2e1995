// The compiled time zone table against known transitions (cross-checked with Python's
// zoneinfo, an independent implementation reading the same TZif files), and the local
// time rules for skipped and repeated wall-clock times.
#include <gtest/gtest.h>

#include <string>

#include "calendar/time_zone.hpp"
#include "ratecard/evaluate.hpp"

namespace ratecard {
namespace {

Instant at(const char* text) { return *parse_instant(text); }

TimeZone zone(const char* name) {
  auto found = find_time_zone(name);
  EXPECT_TRUE(found.ok()) << name;
  return found.ok() ? *found : TimeZone{};
}

// Asserts that the offset changes from `before` to `after` exactly at `instant`.
void expect_transition(const char* name, const char* instant, std::int32_t before, std::int32_t after) {
  const TimeZone tz = zone(name);
  const Instant t = at(instant);
  EXPECT_EQ(tz.offset_at(Instant{t.seconds - 1}), before) << name << " before " << instant;
  EXPECT_EQ(tz.offset_at(t), after) << name << " at " << instant;
  const auto next = tz.next_transition(Instant{t.seconds - 1});
  ASSERT_TRUE(next.has_value()) << name;
  EXPECT_EQ(format_instant(*next), instant) << name;
}

LocalDateTime local(const char* date, int hour, int minute) {
  return LocalDateTime{*parse_civil_date(date), hour * 3600 + minute * 60};
}

TEST(TimeZone, KnowsTheTzdataVersion) {
  const std::string version(tzdata_version());
  ASSERT_GE(version.size(), 5u);
  EXPECT_TRUE(version[0] >= '1' && version[0] <= '2') << version;
}

TEST(TimeZone, NewYorkEntersAndLeavesDaylightTime) {
  expect_transition("America/New_York", "2026-03-08T07:00:00Z", -5 * 3600, -4 * 3600);
  expect_transition("America/New_York", "2026-11-01T06:00:00Z", -4 * 3600, -5 * 3600);
  // Before 2007 the United States changed clocks in April and October.
  expect_transition("America/New_York", "2006-04-02T07:00:00Z", -5 * 3600, -4 * 3600);
  expect_transition("America/New_York", "2006-10-29T06:00:00Z", -4 * 3600, -5 * 3600);
}

TEST(TimeZone, BerlinAndSydney) {
  expect_transition("Europe/Berlin", "2026-03-29T01:00:00Z", 3600, 7200);
  expect_transition("Europe/Berlin", "2026-10-25T01:00:00Z", 7200, 3600);
  expect_transition("Australia/Sydney", "2026-04-04T16:00:00Z", 11 * 3600, 10 * 3600);
  expect_transition("Australia/Sydney", "2026-10-03T16:00:00Z", 10 * 3600, 11 * 3600);
}

TEST(TimeZone, KolkataHasOneOffset) {
  const TimeZone kolkata = zone("Asia/Kolkata");
  for (const char* text : {"1975-01-01T00:00:00Z", "2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z",
                           "2500-07-01T00:00:00Z"}) {
    EXPECT_EQ(kolkata.offset_at(at(text)), 19800) << text;
  }
  EXPECT_FALSE(kolkata.next_transition(at("2026-01-01T00:00:00Z")).has_value());
}

TEST(TimeZone, FollowsZonesWhoseRulesChanged) {
  // Moscow went to permanent +04 in 2011 and back to +03 in 2014.
  expect_transition("Europe/Moscow", "2011-03-26T23:00:00Z", 3 * 3600, 4 * 3600);
  expect_transition("Europe/Moscow", "2014-10-25T22:00:00Z", 4 * 3600, 3 * 3600);
  EXPECT_EQ(zone("Europe/Moscow").offset_at(at("2026-07-01T00:00:00Z")), 3 * 3600);
  // Brazil abolished DST in 2019: Sao Paulo's last change was 2019-02-17.
  expect_transition("America/Sao_Paulo", "2019-02-17T02:00:00Z", -2 * 3600, -3 * 3600);
  EXPECT_EQ(zone("America/Sao_Paulo").offset_at(at("2019-12-01T00:00:00Z")), -3 * 3600);
  // Samoa skipped 2011-12-30 when it crossed the date line.
  expect_transition("Pacific/Apia", "2011-12-30T10:00:00Z", -10 * 3600, 14 * 3600);
}

TEST(TimeZone, ExtrapolatesThePosixRuleFarIntoTheFuture) {
  expect_transition("America/New_York", "2200-03-09T07:00:00Z", -5 * 3600, -4 * 3600);
  expect_transition("America/New_York", "2200-11-02T06:00:00Z", -4 * 3600, -5 * 3600);
  expect_transition("Australia/Sydney", "2150-04-04T16:00:00Z", 11 * 3600, 10 * 3600);
  expect_transition("Europe/Berlin", "2099-10-25T01:00:00Z", 7200, 3600);
  expect_transition("America/Nuuk", "2030-03-31T01:00:00Z", -2 * 3600, -3600);
}

TEST(TimeZone, LinksAndUtcAndFixedOffsets) {
  EXPECT_EQ(zone("US/Eastern").offset_at(at("2026-07-01T00:00:00Z")), -4 * 3600);
  EXPECT_EQ(zone("US/Eastern").name(), "US/Eastern");
  EXPECT_EQ(zone("UTC").offset_at(at("2026-07-01T00:00:00Z")), 0);
  EXPECT_EQ(zone("Etc/GMT+5").offset_at(at("2026-07-01T00:00:00Z")), -5 * 3600);
  EXPECT_EQ(zone("+05:30").offset_at(at("2026-07-01T00:00:00Z")), 19800);
  EXPECT_EQ(zone("-08:00").offset_at(at("2026-07-01T00:00:00Z")), -8 * 3600);
}

TEST(TimeZone, BeforeNineteenSeventyUsesTheOffsetOfNineteenSeventy) {
  const TimeZone new_york = zone("America/New_York");
  EXPECT_EQ(new_york.offset_at(at("1969-07-01T00:00:00Z")), -5 * 3600);
  EXPECT_EQ(new_york.offset_at(at("1800-01-01T00:00:00Z")), -5 * 3600);
  EXPECT_EQ(format_instant(*new_york.next_transition(at("1900-01-01T00:00:00Z"))), "1970-04-26T07:00:00Z");
}

TEST(TimeZone, RefusesUnknownNamesWithAHint) {
  const auto lower = find_time_zone("america/new_york");
  ASSERT_FALSE(lower.ok());
  EXPECT_EQ(lower.error().code, ErrorCode::kUnknownTimeZone);
  EXPECT_NE(lower.error().message.find("did you mean \"America/New_York\""), std::string::npos)
      << lower.error().message;
  for (const char* name : {"", "Mars/Olympus", "EST5EDT,M3.2.0,M11.1.0", "+24:00", "+5:30", "05:30", "posixrules",
                           "right/UTC", "localtime"}) {
    const auto found = find_time_zone(name);
    ASSERT_FALSE(found.ok()) << name;
    EXPECT_EQ(found.error().code, ErrorCode::kUnknownTimeZone) << name;
  }
}

TEST(TimeZone, MovesSkippedLocalTimesForwardByTheGap) {
  const TimeZone new_york = zone("America/New_York");
  const ResolvedLocalTime skipped = new_york.resolve(local("2026-03-08", 2, 30));
  EXPECT_EQ(skipped.kind, LocalTimeKind::kSkipped);
  EXPECT_EQ(format_instant(skipped.instant), "2026-03-08T07:30:00Z");  // 03:30 EDT
  EXPECT_EQ(format_instant(new_york.from_local(local("2026-03-08", 2, 0))), "2026-03-08T07:00:00Z");
  EXPECT_EQ(format_instant(new_york.from_local(local("2026-03-08", 3, 0))), "2026-03-08T07:00:00Z");
  const ResolvedLocalTime sydney = zone("Australia/Sydney").resolve(local("2026-10-04", 2, 30));
  EXPECT_EQ(sydney.kind, LocalTimeKind::kSkipped);
  EXPECT_EQ(format_instant(sydney.instant), "2026-10-03T16:30:00Z");  // 03:30 AEDT
  // A whole skipped day: Samoa went from 2011-12-29 straight to 2011-12-31.
  const ResolvedLocalTime apia = zone("Pacific/Apia").resolve(local("2011-12-30", 12, 0));
  EXPECT_EQ(apia.kind, LocalTimeKind::kSkipped);
  EXPECT_EQ(format_instant(apia.instant), "2011-12-30T22:00:00Z");  // 2011-12-31 12:00 +14
}

TEST(TimeZone, ChoosesTheEarlierOfRepeatedLocalTimes) {
  const ResolvedLocalTime new_york = zone("America/New_York").resolve(local("2026-11-01", 1, 30));
  EXPECT_EQ(new_york.kind, LocalTimeKind::kRepeated);
  EXPECT_EQ(format_instant(new_york.instant), "2026-11-01T05:30:00Z");  // EDT, not 06:30Z EST
  const ResolvedLocalTime berlin = zone("Europe/Berlin").resolve(local("2026-10-25", 2, 30));
  EXPECT_EQ(berlin.kind, LocalTimeKind::kRepeated);
  EXPECT_EQ(format_instant(berlin.instant), "2026-10-25T00:30:00Z");  // CEST
  const ResolvedLocalTime sydney = zone("Australia/Sydney").resolve(local("2026-04-05", 2, 30));
  EXPECT_EQ(sydney.kind, LocalTimeKind::kRepeated);
  EXPECT_EQ(format_instant(sydney.instant), "2026-04-04T15:30:00Z");  // AEDT
  const ResolvedLocalTime ordinary = zone("Asia/Kolkata").resolve(local("2026-03-08", 2, 30));
  EXPECT_EQ(ordinary.kind, LocalTimeKind::kUnique);
  EXPECT_EQ(format_instant(ordinary.instant), "2026-03-07T21:00:00Z");
}

TEST(TimeZone, LocalTimesRoundTripInEveryZone) {
  // Every name, hourly-ish samples over 1969-2040: an instant's local time resolves back to
  // the instant, except the second of two repeated times, which resolves to the first.
  for (const std::string_view name : time_zone_names()) {
    const TimeZone tz = *find_time_zone(name);
    for (std::int64_t t = -86400 * 365; t < 2'208'988'800; t += 86400 * 7 + 3607) {
      const Instant instant{t};
      const ResolvedLocalTime back = tz.resolve(tz.to_local(instant));
      if (back.kind == LocalTimeKind::kRepeated && back.instant != instant) {
        EXPECT_LT(back.instant, instant) << name << " " << format_instant(instant);
        EXPECT_EQ(tz.to_local(back.instant), tz.to_local(instant)) << name;
      } else {
        ASSERT_EQ(back.instant, instant) << name << " " << format_instant(instant);
        EXPECT_NE(back.kind, LocalTimeKind::kSkipped) << name;
      }
    }
  }
}

}  // namespace
}  // namespace ratecard
