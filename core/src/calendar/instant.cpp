#include "calendar/instant.hpp"

#include <date/date.h>

#include <cstdio>

#include "text/ascii.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

// Reads `count` digits at `pos`; false when any is not a digit.
bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& value) {
  if (pos + count > text.size()) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!is_ascii_digit(text[i])) return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

Error bad_instant(std::string_view text, std::string_view why) {
  return Error{ErrorCode::kInvalidArgument,
               quote_for_message(text) + " is not an RFC 3339 date-time like \"2026-01-31T09:30:00Z\" (" +
                   std::string(why) + ")",
               ""};
}

Error bad_date(std::string_view text, std::string_view why) {
  return Error{ErrorCode::kInvalidArgument,
               quote_for_message(text) + " is not a date like \"2026-01-31\" (" + std::string(why) + ")", ""};
}

// Parses "YYYY-MM-DD" at the start of `text` into a valid date.
bool read_date(std::string_view text, CivilDate& date, std::string& why) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (!read_digits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' || !read_digits(text, 5, 2, month) ||
      text[7] != '-' || !read_digits(text, 8, 2, day)) {
    why = "expected YYYY-MM-DD";
    return false;
  }
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  if (year == 0 || !ymd.ok()) {
    why = "no such day";
    return false;
  }
  date = CivilDate{year, static_cast<unsigned>(month), static_cast<unsigned>(day)};
  return true;
}

}  // namespace

std::int64_t days_from_civil(const CivilDate& date) {
  const date::sys_days days{date::year{date.year} / date::month{date.month} / date::day{date.day}};
  return days.time_since_epoch().count();
}

CivilDate civil_from_days(std::int64_t days) {
  const date::year_month_day ymd{date::sys_days{date::days{days}}};
  return CivilDate{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())};
}

Result<CivilDate> parse_civil_date(std::string_view text) {
  CivilDate date;
  std::string why;
  if (!read_date(text, date, why)) return bad_date(text, why);
  if (text.size() != 10) return bad_date(text, "unexpected characters after the date");
  return date;
}

Result<Instant> parse_instant(std::string_view text) {
  CivilDate date;
  std::string why;
  if (!read_date(text, date, why)) return bad_instant(text, why);
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (text.size() < 19 || text[10] != 'T' || !read_digits(text, 11, 2, hour) || text[13] != ':' ||
      !read_digits(text, 14, 2, minute) || text[16] != ':' || !read_digits(text, 17, 2, second)) {
    return bad_instant(text, "expected THH:MM:SS after the date");
  }
  if (hour > 23 || minute > 59 || second > 59) return bad_instant(text, "no such time of day");
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') return bad_instant(text, "fractional seconds are not supported");
  int offset_seconds = 0;
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int offset_hours = 0;
    int offset_minutes = 0;
    if (!read_digits(text, pos + 1, 2, offset_hours) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !read_digits(text, pos + 4, 2, offset_minutes) || offset_hours > 23 || offset_minutes > 59) {
      return bad_instant(text, "the offset must be Z or +HH:MM / -HH:MM");
    }
    offset_seconds = (offset_hours * 3600 + offset_minutes * 60) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad_instant(text, "the offset must be Z or +HH:MM / -HH:MM");
  }
  if (pos != text.size()) return bad_instant(text, "unexpected characters after the offset");
  const std::int64_t local_seconds = days_from_civil(date) * 86400 + hour * 3600 + minute * 60 + second;
  return Instant{local_seconds - offset_seconds};
}

std::string format_instant(Instant instant) {
  std::int64_t days = instant.seconds / 86400;
  std::int64_t seconds_of_day = instant.seconds % 86400;
  if (seconds_of_day < 0) {
    seconds_of_day += 86400;
    days -= 1;
  }
  const CivilDate date = civil_from_days(days);
  if (date.year < 0 || date.year > 9999) {
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", date.year, date.month, date.day,
                  static_cast<int>(seconds_of_day / 3600), static_cast<int>(seconds_of_day / 60 % 60),
                  static_cast<int>(seconds_of_day % 60));
    return text;
  }
  // The common case without printf: four-digit year, then two digits per field.
  std::string text = "0000-00-00T00:00:00Z";
  const auto put = [&text](std::size_t at, unsigned value, std::size_t digits) {
    for (std::size_t i = digits; i-- > 0; value /= 10) text[at + i] = static_cast<char>('0' + value % 10);
  };
  put(0, static_cast<unsigned>(date.year), 4);
  put(5, date.month, 2);
  put(8, date.day, 2);
  put(11, static_cast<unsigned>(seconds_of_day / 3600), 2);
  put(14, static_cast<unsigned>(seconds_of_day / 60 % 60), 2);
  put(17, static_cast<unsigned>(seconds_of_day % 60), 2);
  return text;
}

std::string format_civil_date(const CivilDate& date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", date.year, date.month, date.day);
  return text;
}

}  // namespace ratecard
