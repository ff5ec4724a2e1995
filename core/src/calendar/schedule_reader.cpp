#include "calendar/schedule_reader.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "json/json_pointer.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {"monday", "tuesday",  "wednesday", "thursday",
                                                       "friday", "saturday", "sunday"};

// "HH:MM:SS" as seconds of the day.
std::optional<std::int32_t> parse_time_of_day(std::string_view text) {
  const auto two_digits = [&](std::size_t at) -> int {
    if (text[at] < '0' || text[at] > '9' || text[at + 1] < '0' || text[at + 1] > '9') return -1;
    return (text[at] - '0') * 10 + (text[at + 1] - '0');
  };
  if (text.size() != 8 || text[2] != ':' || text[5] != ':') return std::nullopt;
  const int hours = two_digits(0);
  const int minutes = two_digits(3);
  const int seconds = two_digits(6);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) return std::nullopt;
  return hours * 3600 + minutes * 60 + seconds;
}

Error refused(const std::string& path, const std::string& message) {
  return Error{ErrorCode::kInvalidArgument, message, path};
}

}  // namespace

namespace schedule_values {

Result<BillingInterval> interval(const std::string& name, const std::string& path) {
  const auto parsed = parse_billing_interval(name);
  if (!parsed) {
    return refused(path, quote_for_message(name) + " is not an interval (\"day\", \"week\", \"month\" or \"year\")");
  }
  return *parsed;
}

Result<TimeZone> time_zone(const std::string& name, const std::string& path) {
  Result<TimeZone> zone = find_time_zone(name);
  if (!zone) return Error{zone.error().code, zone.error().message, path};
  return zone;
}

// {"day_of_month", "month", "weekday", "time"}: calendar alignment with chosen values.
Result<CycleAnchor> anchor_fields(BillingInterval interval, std::optional<std::int64_t> day_of_month,
                                  std::optional<std::int64_t> month, const std::optional<std::string>& weekday,
                                  const std::optional<std::string>& time, const std::string& object_path) {
  const bool monthly = interval == BillingInterval::kMonth;
  const bool yearly = interval == BillingInterval::kYear;
  const auto path_of = [&](std::string_view key) { return pointer_child(object_path, key); };
  CycleAnchor anchor = calendar_anchor(interval);
  if (day_of_month) {
    if (!monthly && !yearly) return refused(path_of("day_of_month"), "day_of_month applies to monthly and yearly intervals");
    anchor.day = static_cast<unsigned>(*day_of_month);
  }
  if (month) {
    if (!monthly && !yearly) return refused(path_of("month"), "month applies to monthly and yearly intervals");
    anchor.month = static_cast<unsigned>(*month);
    if (yearly && anchor.day > days_in_month(2000, anchor.month)) {
      return refused(path_of("day_of_month"), "month " + std::to_string(anchor.month) + " has at most " +
                                                  std::to_string(days_in_month(2000, anchor.month)) + " days");
    }
  }
  if (weekday) {
    if (interval != BillingInterval::kWeek) return refused(path_of("weekday"), "weekday applies to weekly intervals");
    const auto found = std::find(kWeekdays.begin(), kWeekdays.end(), *weekday);
    if (found == kWeekdays.end()) {
      return refused(path_of("weekday"), quote_for_message(*weekday) + " is not a weekday (\"monday\" .. \"sunday\")");
    }
    anchor.day += static_cast<unsigned>(found - kWeekdays.begin());
  }
  if (time) {
    const auto seconds = parse_time_of_day(*time);
    if (!seconds) return refused(path_of("time"), quote_for_message(*time) + " is not a time like \"09:30:00\"");
    anchor.seconds_of_day = *seconds;
  }
  return anchor;
}

Result<CycleAnchor> anchor_text(const std::string& text, const BillingSchedule& schedule, const std::string& path) {
  if (text == "anniversary") return anchor_at_instant(schedule.time_zone, schedule.billing_start());
  if (text == "calendar") return calendar_anchor(schedule.interval);
  Result<Instant> instant = parse_instant(text);
  if (!instant) {
    const bool looks_like_a_date = !text.empty() && text[0] >= '0' && text[0] <= '9';
    return refused(path, looks_like_a_date ? instant.error().message
                                           : quote_for_message(text) +
                                                 " is not \"anniversary\", \"calendar\", an RFC 3339 instant or an "
                                                 "anchor object");
  }
  return anchor_at_instant(schedule.time_zone, *instant);
}

}  // namespace schedule_values
}  // namespace ratecard
