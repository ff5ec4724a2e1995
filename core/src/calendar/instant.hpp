#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ratecard/result.hpp"

namespace ratecard {

/// A point in time: whole seconds since 1970-01-01T00:00:00Z (leap seconds ignored, as in
/// POSIX time). Billing works at second precision.
struct Instant {
  std::int64_t seconds = 0;

  friend bool operator==(Instant a, Instant b) { return a.seconds == b.seconds; }
  friend bool operator!=(Instant a, Instant b) { return a.seconds != b.seconds; }
  friend bool operator<(Instant a, Instant b) { return a.seconds < b.seconds; }
  friend bool operator<=(Instant a, Instant b) { return a.seconds <= b.seconds; }
  friend bool operator>(Instant a, Instant b) { return a.seconds > b.seconds; }
  friend bool operator>=(Instant a, Instant b) { return a.seconds >= b.seconds; }
};

/// Parses an RFC 3339 date-time with seconds and an offset, years 0001-9999:
/// "2026-01-31T09:30:00Z", "2026-01-31T10:30:00+01:00". Fractional seconds are refused
/// (billing is at second precision), as are lower-case separators and leap second 60.
/// INVALID_ARGUMENT with an empty path on failure.
[[nodiscard]] Result<Instant> parse_instant(std::string_view text);

/// The canonical UTC form, "2026-01-31T09:30:00Z".
[[nodiscard]] std::string format_instant(Instant instant);

/// A civil date (proleptic Gregorian).
struct CivilDate {
  int year = 1970;
  unsigned month = 1;  ///< 1..12
  unsigned day = 1;    ///< 1..31

  friend bool operator==(const CivilDate& a, const CivilDate& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day;
  }
};

/// Parses "YYYY-MM-DD" (a real date, years 0001-9999). INVALID_ARGUMENT with an empty path.
[[nodiscard]] Result<CivilDate> parse_civil_date(std::string_view text);

/// "YYYY-MM-DD".
[[nodiscard]] std::string format_civil_date(const CivilDate& date);

/// Days since 1970-01-01 of a civil date, and back.
[[nodiscard]] std::int64_t days_from_civil(const CivilDate& date);
[[nodiscard]] CivilDate civil_from_days(std::int64_t days);

}  // namespace ratecard
