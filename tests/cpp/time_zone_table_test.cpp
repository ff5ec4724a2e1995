// Checks the compiled time zone table, zone by zone, against the raw TZif files (RFC 8536)
// it was generated from: every change of offset the file lists from 1970 through 2037 must
// happen at the same second with the same offsets, and nothing else may change in between.
// This also checks the generator's trimming (transitions it left to the POSIX footer rule)
// and the core's evaluation of those rules.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "calendar/time_zone.hpp"
#include "calendar/time_zone_table.hpp"
#include "ratecard/evaluate.hpp"

namespace ratecard {
namespace {

struct Tzif {
  bool valid = false;
  std::vector<std::int64_t> times;
  std::vector<std::int32_t> offsets;  // per transition
  std::int32_t first_offset = 0;     // before the first transition
};

std::uint32_t read_u32(const std::vector<unsigned char>& data, std::size_t at) {
  return static_cast<std::uint32_t>(data.at(at)) << 24 | static_cast<std::uint32_t>(data.at(at + 1)) << 16 |
         static_cast<std::uint32_t>(data.at(at + 2)) << 8 | static_cast<std::uint32_t>(data.at(at + 3));
}

std::int64_t read_i64(const std::vector<unsigned char>& data, std::size_t at) {
  const std::uint64_t high = read_u32(data, at);
  const std::uint64_t low = read_u32(data, at + 4);
  return static_cast<std::int64_t>(high << 32 | low);
}

// The version 2+ (64-bit) data of a TZif file.
Tzif read_tzif(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<unsigned char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Tzif tzif;
  if (data.size() < 44 || std::string(data.begin(), data.begin() + 4) != "TZif" || data[4] < '2') return tzif;
  const auto counts = [&](std::size_t at) {
    std::vector<std::size_t> c;
    for (std::size_t i = 0; i < 6; ++i) c.push_back(read_u32(data, at + 20 + 4 * i));
    return c;  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  };
  const auto v1 = counts(0);
  std::size_t at = 44 + v1[3] * 5 + v1[4] * 6 + v1[5] + v1[2] * 8 + v1[1] + v1[0];
  const auto v2 = counts(at);
  at += 44;
  tzif.valid = true;
  for (std::size_t i = 0; i < v2[3]; ++i) tzif.times.push_back(read_i64(data, at + 8 * i));
  const std::size_t indexes = at + 8 * v2[3];
  const std::size_t types = indexes + v2[3];
  const auto type_offset = [&](std::size_t type) { return static_cast<std::int32_t>(read_u32(data, types + 6 * type)); };
  for (std::size_t i = 0; i < v2[3]; ++i) tzif.offsets.push_back(type_offset(data.at(indexes + i)));
  tzif.first_offset = type_offset(0);
  return tzif;
}

TEST(TimeZoneTable, MatchesEveryTzifFileFrom1970Through2037) {
  constexpr std::int64_t kEnd = 2145916800;  // 2038-01-01T00:00:00Z
  std::size_t names = 0;
  std::size_t changes = 0;
  for (const std::string_view name : time_zone_names()) {
    ++names;
    const Tzif tzif = read_tzif(std::string(RATECARD_ZONEINFO_DIR) + "/" + std::string(name));
    ASSERT_TRUE(tzif.valid) << name << ": not a TZif file of version 2 or later";
    const TimeZone tz = *find_time_zone(name);
    // The file's offset at 1970, then its changes.
    std::int32_t expected = tzif.first_offset;
    std::size_t i = 0;
    for (; i < tzif.times.size() && tzif.times[i] <= 0; ++i) expected = tzif.offsets[i];
    EXPECT_EQ(tz.offset_at(Instant{0}), expected) << name;
    Instant cursor{0};
    for (; i < tzif.times.size() && tzif.times[i] < kEnd; ++i) {
      if (tzif.offsets[i] == expected) continue;  // a change of abbreviation or DST flag only
      const auto next = tz.next_transition(cursor);
      ASSERT_TRUE(next.has_value()) << name << ": no change found after " << format_instant(cursor);
      ASSERT_EQ(next->seconds, tzif.times[i]) << name << ": expected a change at " << format_instant(Instant{tzif.times[i]})
                                              << ", found " << format_instant(*next);
      EXPECT_EQ(tz.offset_at(Instant{tzif.times[i] - 1}), expected) << name;
      expected = tzif.offsets[i];
      EXPECT_EQ(tz.offset_at(*next), expected) << name << " at " << format_instant(*next);
      cursor = *next;
      ++changes;
    }
    const auto beyond = tz.next_transition(cursor);
    EXPECT_TRUE(!beyond.has_value() || beyond->seconds >= kEnd)
        << name << ": unexpected change at " << format_instant(*beyond);
  }
  EXPECT_EQ(names, time_zone_table().name_count);
  EXPECT_GT(changes, 15000u);  // 598 names in tzdata 2026f carry about 29,000 changes
}

TEST(TimeZoneTable, IsSortedAndWellFormed) {
  const TimeZoneTable& table = time_zone_table();
  EXPECT_EQ(std::string(table.tzdata_version), std::string(tzdata_version()));
  const auto names = time_zone_names();
  ASSERT_GT(names.size(), 400u);
  for (std::size_t i = 1; i < names.size(); ++i) EXPECT_LT(names[i - 1], names[i]);
  for (std::size_t z = 0; z < table.zone_count; ++z) {
    const std::size_t first = table.zone_first_transitions[z];
    const std::size_t last = table.zone_first_transitions[z + 1];
    ASSERT_LT(first, last) << "zone " << z << " has no 1970 entry";
    EXPECT_EQ(table.transition_times[first], 0u);
    for (std::size_t t = first + 1; t < last; ++t) {
      EXPECT_LT(table.transition_times[t - 1], table.transition_times[t]);
      EXPECT_NE(table.transition_offsets[t - 1], table.transition_offsets[t]);
    }
    EXPECT_LT(table.zone_footers[z], table.footer_count);
  }
  // Every footer rule parses.
  std::size_t footer_bytes = 0;
  for (std::size_t f = 0; f < table.footer_count; ++f) {
    const std::string_view footer(table.footers + table.footer_offsets[f]);
    footer_bytes += footer.size() + 1;
    if (!footer.empty()) {
      EXPECT_TRUE(parse_posix_tz_rule(footer).ok()) << footer;
    }
  }
  // The size the generator reports is the size of these arrays.
  std::size_t name_bytes = 0;
  for (const std::string_view name : names) name_bytes += name.size() + 1;
  const std::size_t bytes = name_bytes + 4 * table.name_count + footer_bytes + 2 * table.footer_count +
                            3 * table.zone_count + 2 + 5 * table.transition_count + 4 * table.offset_count;
  EXPECT_EQ(table.data_bytes, bytes);
  EXPECT_LT(table.data_bytes, 100'000u) << "the table is meant to stay compact";
}

}  // namespace
}  // namespace ratecard
