#pragma once

#include <cstdint>
#include <string>

#include "calendar/instant.hpp"

namespace ratecard {

/// Seconds in a civil day.
constexpr std::int32_t kSecondsPerDay = 86400;

/// A wall-clock date and time in some time zone, without the zone: "2026-03-08T02:30:00".
/// It names an instant only together with a zone (TimeZone::resolve).
struct LocalDateTime {
  CivilDate date;
  std::int32_t seconds_of_day = 0;  ///< 0..86399

  friend bool operator==(const LocalDateTime& a, const LocalDateTime& b) {
    return a.date == b.date && a.seconds_of_day == b.seconds_of_day;
  }
  friend bool operator!=(const LocalDateTime& a, const LocalDateTime& b) { return !(a == b); }
};

/// Seconds from 1970-01-01T00:00:00 to `local` on the same (zone-less) clock.
[[nodiscard]] std::int64_t local_seconds(const LocalDateTime& local);

/// The local date-time `seconds` after 1970-01-01T00:00:00.
[[nodiscard]] LocalDateTime local_from_seconds(std::int64_t seconds);

/// The date-time an instant shows on a clock `offset_seconds` east of UTC.
[[nodiscard]] LocalDateTime local_at_offset(Instant instant, std::int32_t offset_seconds);

/// "YYYY-MM-DDTHH:MM:SS" (ISO 8601 local date-time, no offset).
[[nodiscard]] std::string format_local_date_time(const LocalDateTime& local);

/// True in leap years of the proleptic Gregorian calendar.
[[nodiscard]] bool is_leap_year(int year);

/// Days in a month (28..31).
[[nodiscard]] unsigned days_in_month(int year, unsigned month);

/// Day of the week, 0 = Monday .. 6 = Sunday (ISO 8601 order).
[[nodiscard]] unsigned iso_weekday(const CivilDate& date);

}  // namespace ratecard
