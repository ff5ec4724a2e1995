#include "calendar/local_time.hpp"

#include <cstdio>

namespace ratecard {

std::int64_t local_seconds(const LocalDateTime& local) {
  return days_from_civil(local.date) * kSecondsPerDay + local.seconds_of_day;
}

LocalDateTime local_from_seconds(std::int64_t seconds) {
  std::int64_t days = seconds / kSecondsPerDay;
  std::int64_t rest = seconds % kSecondsPerDay;
  if (rest < 0) {
    rest += kSecondsPerDay;
    days -= 1;
  }
  return LocalDateTime{civil_from_days(days), static_cast<std::int32_t>(rest)};
}

LocalDateTime local_at_offset(Instant instant, std::int32_t offset_seconds) {
  return local_from_seconds(instant.seconds + offset_seconds);
}

std::string format_local_date_time(const LocalDateTime& local) {
  char text[32];
  std::snprintf(text, sizeof text, "%sT%02d:%02d:%02d", format_civil_date(local.date).c_str(),
                local.seconds_of_day / 3600, local.seconds_of_day / 60 % 60, local.seconds_of_day % 60);
  return text;
}

bool is_leap_year(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

unsigned days_in_month(int year, unsigned month) {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

unsigned iso_weekday(const CivilDate& date) {
  // 1970-01-01 was a Thursday (3 in Monday-based numbering).
  const std::int64_t days = days_from_civil(date);
  return static_cast<unsigned>(((days % 7) + 7 + 3) % 7);
}

}  // namespace ratecard
