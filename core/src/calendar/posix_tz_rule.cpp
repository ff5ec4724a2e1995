#include "calendar/posix_tz_rule.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "calendar/local_time.hpp"
#include "text/ascii.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

// A recursive-descent reader over one TZ string; every method returns false on a syntax
// error and leaves `why` set.
class PosixReader {
 public:
  explicit PosixReader(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ == text_.size(); }
  bool take(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool peek_digit_or_sign() const {
    return pos_ < text_.size() && (is_ascii_digit(text_[pos_]) || text_[pos_] == '+' || text_[pos_] == '-');
  }

  // "<...>" or three or more letters.
  bool name() {
    if (take('<')) {
      const std::size_t close = text_.find('>', pos_);
      if (close == std::string_view::npos || close - pos_ < 1) return fail("an unclosed or empty <name>");
      pos_ = close + 1;
      return true;
    }
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_letter(text_[pos_])) ++pos_;
    return pos_ - start >= 3 || fail("a zone abbreviation of at least three letters");
  }

  // [+-]hh[:mm[:ss]] with hours up to max_hours; the value in seconds.
  bool time(int max_hours, std::int32_t& seconds) {
    const bool negative = take('-');
    if (!negative) static_cast<void>(take('+'));
    int hours = 0;
    int minutes = 0;
    int secs = 0;
    if (!number(3, hours) || hours > max_hours) return fail("hours");
    if (take(':')) {
      if (!number(2, minutes) || minutes > 59) return fail("minutes");
      if (take(':') && (!number(2, secs) || secs > 59)) return fail("seconds");
    }
    seconds = (hours * 3600 + minutes * 60 + secs) * (negative ? -1 : 1);
    return true;
  }

  // Jn, n or Mm.w.d, then an optional /time.
  bool date_rule(PosixDateRule& rule) {
    int a = 0;
    int b = 0;
    int c = 0;
    if (take('J')) {
      if (!number(3, a) || a < 1 || a > 365) return fail("a Julian day 1..365");
      rule.kind = PosixDateRule::Kind::kJulian;
      rule.day = static_cast<unsigned>(a);
    } else if (take('M')) {
      if (!number(2, a) || a < 1 || a > 12 || !take('.') || !number(1, b) || b < 1 || b > 5 || !take('.') ||
          !number(1, c) || c > 6) {
        return fail("Mm.w.d with month 1..12, week 1..5, weekday 0..6");
      }
      rule.kind = PosixDateRule::Kind::kMonthWeekDay;
      rule.month = static_cast<unsigned>(a);
      rule.week = static_cast<unsigned>(b);
      rule.weekday = static_cast<unsigned>(c);
    } else {
      if (!number(3, a) || a > 365) return fail("a day 0..365");
      rule.kind = PosixDateRule::Kind::kZeroBasedDay;
      rule.day = static_cast<unsigned>(a);
    }
    rule.time = 7200;
    return !take('/') || time(167, rule.time);
  }

  const std::string& why() const { return why_; }
  std::size_t position() const { return pos_; }

 private:
  static bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

  bool number(std::size_t max_digits, int& value) {
    const std::size_t start = pos_;
    value = 0;
    while (pos_ < text_.size() && pos_ - start < max_digits && is_ascii_digit(text_[pos_])) {
      value = value * 10 + (text_[pos_] - '0');
      ++pos_;
    }
    return pos_ > start;
  }

  bool fail(const char* expected) {
    if (why_.empty()) why_ = std::string("expected ") + expected;
    return false;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::string why_;
};

// Local seconds (since 1970-01-01T00:00 on the zone's clock) at which a rule fires in a year.
std::int64_t local_transition(const PosixDateRule& rule, int year) {
  const std::int64_t january_first = days_from_civil(CivilDate{year, 1, 1});
  std::int64_t days = 0;
  switch (rule.kind) {
    case PosixDateRule::Kind::kJulian:
      days = january_first + rule.day - 1 + (is_leap_year(year) && rule.day >= 60 ? 1 : 0);
      break;
    case PosixDateRule::Kind::kZeroBasedDay:
      days = january_first + rule.day;
      break;
    case PosixDateRule::Kind::kMonthWeekDay: {
      const CivilDate first{year, rule.month, 1};
      const unsigned first_weekday = (iso_weekday(first) + 1) % 7;  // Sunday = 0, as POSIX counts
      unsigned day = 1 + (rule.weekday + 7 - first_weekday) % 7 + 7 * (rule.week - 1);
      while (day > days_in_month(year, rule.month)) day -= 7;
      days = days_from_civil(first) + day - 1;
      break;
    }
  }
  return days * kSecondsPerDay + rule.time;
}

int utc_year(std::int64_t seconds) { return local_from_seconds(seconds).date.year; }

}  // namespace

// At equal times an end sorts before a start, so an "all year DST" rule
// ("EST5EDT,0/0,J365/25") never leaves DST.
const std::array<DstEvent, 8>& PosixTzRule::dst_events(int first_year) const {
  DstWindow& window = windows_[static_cast<std::size_t>(first_year) % kWindowSlots];
  if (window.known && window.first_year == first_year) return window.events;
  std::array<DstEvent, 8>& events = window.events;
  for (int i = 0; i < 4; ++i) {
    const int year = first_year + i;
    events[static_cast<std::size_t>(2 * i)] = {local_transition(dst->start, year) - standard_offset, true};
    events[static_cast<std::size_t>(2 * i + 1)] = {local_transition(dst->end, year) - dst->offset, false};
  }
  std::sort(events.begin(), events.end(), [](const DstEvent& a, const DstEvent& b) {
    return a.time != b.time ? a.time < b.time : (!a.dst_after && b.dst_after);
  });
  window.first_year = first_year;
  window.known = true;
  return events;
}

std::int32_t PosixTzRule::offset_at(Instant instant) const {
  if (!dst) return standard_offset;
  // A rule's changes fall within a week of their year (rule times reach 167 hours), so the
  // events of the two previous years always include one before the instant.
  bool in_dst = false;
  for (const DstEvent& event : dst_events(utc_year(instant.seconds) - 2)) {
    if (event.time <= instant.seconds) in_dst = event.dst_after;
  }
  return in_dst ? dst->offset : standard_offset;
}

std::optional<Instant> PosixTzRule::next_transition(Instant after) const {
  if (!dst || dst->offset == standard_offset) return std::nullopt;
  std::int32_t current = offset_at(after);
  const std::array<DstEvent, 8> events = dst_events(utc_year(after.seconds) - 1);  // a copy: offset_at fills other slots
  for (const DstEvent& event : events) {
    if (event.time <= after.seconds) continue;
    const std::int32_t offset = offset_at(Instant{event.time});
    if (offset != current) return Instant{event.time};
    current = offset;
  }
  return std::nullopt;  // only for rules that stay in DST all year
}

Result<PosixTzRule> parse_posix_tz_rule(std::string_view text) {
  PosixReader reader(text);
  PosixTzRule rule;
  std::int32_t posix_offset = 0;
  bool ok = reader.name() && reader.time(24, posix_offset);
  rule.standard_offset = -posix_offset;
  if (ok && !reader.at_end()) {
    PosixDst dst;
    dst.offset = rule.standard_offset + 3600;
    ok = reader.name();
    if (ok && reader.peek_digit_or_sign()) {
      ok = reader.time(24, posix_offset);
      dst.offset = -posix_offset;
    }
    ok = ok && reader.take(',') && reader.date_rule(dst.start) && reader.take(',') && reader.date_rule(dst.end) &&
         reader.at_end();
    rule.dst = dst;
  }
  if (!ok) {
    return Error{ErrorCode::kInvalidArgument,
                 quote_for_message(text) + " is not a POSIX TZ rule (" +
                     (reader.why().empty() ? std::string("unexpected character") : reader.why()) + " at offset " +
                     std::to_string(reader.position()) + ")",
                 ""};
  }
  return rule;
}

}  // namespace ratecard
