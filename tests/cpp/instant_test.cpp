#include <gtest/gtest.h>

#include "calendar/instant.hpp"

namespace ratecard {
namespace {

TEST(Instant, ParsesUtcAndOffsetsToTheSameSecond) {
  EXPECT_EQ(parse_instant("1970-01-01T00:00:00Z")->seconds, 0);
  EXPECT_EQ(parse_instant("2026-01-31T09:30:00Z")->seconds, parse_instant("2026-01-31T10:30:00+01:00")->seconds);
  EXPECT_EQ(parse_instant("2026-01-31T04:00:00-05:30")->seconds, parse_instant("2026-01-31T09:30:00Z")->seconds);
  EXPECT_EQ(parse_instant("1969-12-31T23:59:59Z")->seconds, -1);
}

TEST(Instant, FormatsInUtc) {
  EXPECT_EQ(format_instant(*parse_instant("2024-02-29T23:30:00-01:00")), "2024-03-01T00:30:00Z");
  EXPECT_EQ(format_instant(Instant{-1}), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_instant(*parse_instant("9999-12-31T23:59:59Z")), "9999-12-31T23:59:59Z");
}

TEST(Instant, RefusesEverythingElse) {
  for (const char* text : {"", "2026-01-31", "2026-01-31T09:30Z", "2026-01-31T09:30:00", "2026-01-31t09:30:00z",
                           "2026-01-31 09:30:00Z", "2026-02-30T00:00:00Z", "2026-01-31T24:00:00Z",
                           "2026-01-31T23:59:60Z", "2026-01-31T09:30:00.5Z", "2026-01-31T09:30:00+0100",
                           "0000-01-01T00:00:00Z", "2026-1-31T09:30:00Z", "2026-01-31T09:30:00Zjunk"}) {
    auto parsed = parse_instant(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << text;
  }
}

TEST(CivilDate, ParsesRealDatesAndConvertsToDays) {
  EXPECT_EQ(format_civil_date(*parse_civil_date("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(parse_civil_date("2023-02-29").ok());
  EXPECT_FALSE(parse_civil_date("2023-02-28T00:00:00Z").ok());
  EXPECT_EQ(days_from_civil(CivilDate{1970, 1, 1}), 0);
  EXPECT_EQ(days_from_civil(CivilDate{2000, 3, 1}), 11017);
  EXPECT_EQ(civil_from_days(11017), (CivilDate{2000, 3, 1}));
}

}  // namespace
}  // namespace ratecard
