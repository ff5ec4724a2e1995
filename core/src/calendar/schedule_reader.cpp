#include "calendar/schedule_reader.hpp"

#include <algorithm>
#include <array>
#include <string>

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

// {"day_of_month", "month", "weekday", "time"}: calendar alignment with chosen values.
Result<CycleAnchor> read_anchor_fields(ObjectReader& fields, BillingInterval interval) {
  const bool monthly = interval == BillingInterval::kMonth;
  const bool yearly = interval == BillingInterval::kYear;
  CycleAnchor anchor = calendar_anchor(interval);
  RATECARD_TRY(const auto day_of_month, fields.optional_count("day_of_month", 1, 31));
  RATECARD_TRY(const auto month, fields.optional_count("month", 1, 12));
  RATECARD_TRY(const auto weekday, fields.optional_string("weekday"));
  RATECARD_TRY(const auto time, fields.optional_string("time"));
  RATECARD_CHECK(fields.finish());
  if (day_of_month) {
    if (!monthly && !yearly) {
      return refused(fields.path_of("day_of_month"), "day_of_month applies to monthly and yearly intervals");
    }
    anchor.day = static_cast<unsigned>(*day_of_month);
  }
  if (month) {
    if (!monthly && !yearly) return refused(fields.path_of("month"), "month applies to monthly and yearly intervals");
    anchor.month = static_cast<unsigned>(*month);
    if (yearly && anchor.day > days_in_month(2000, anchor.month)) {
      return refused(fields.path_of("day_of_month"), "month " + std::to_string(anchor.month) + " has at most " +
                                                         std::to_string(days_in_month(2000, anchor.month)) + " days");
    }
  }
  if (weekday) {
    if (interval != BillingInterval::kWeek) return refused(fields.path_of("weekday"), "weekday applies to weekly intervals");
    const auto found = std::find(kWeekdays.begin(), kWeekdays.end(), *weekday);
    if (found == kWeekdays.end()) {
      return refused(fields.path_of("weekday"), quote_for_message(*weekday) + " is not a weekday (\"monday\" .. \"sunday\")");
    }
    anchor.day += static_cast<unsigned>(found - kWeekdays.begin());
  }
  if (time) {
    const auto seconds = parse_time_of_day(*time);
    if (!seconds) return refused(fields.path_of("time"), quote_for_message(*time) + " is not a time like \"09:30:00\"");
    anchor.seconds_of_day = *seconds;
  }
  return anchor;
}

Result<CycleAnchor> read_anchor(ObjectReader& object, const BillingSchedule& schedule) {
  const std::string path = object.path_of("billing_anchor");
  const Json* member = object.find("billing_anchor");
  if (member == nullptr) return anchor_at_instant(schedule.time_zone, schedule.billing_start());
  if (member->is_object()) {
    RATECARD_TRY(ObjectReader fields, ObjectReader::open(*member, path));
    return read_anchor_fields(fields, schedule.interval);
  }
  RATECARD_TRY(const std::string text, read_string(*member, path));
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

}  // namespace

Result<BillingSchedule> read_billing_schedule(ObjectReader& object) {
  BillingSchedule schedule;
  RATECARD_TRY(schedule.start, object.instant("start"));
  RATECARD_TRY(schedule.trial_end, object.optional_instant("trial_end"));
  if (schedule.trial_end && *schedule.trial_end <= schedule.start) {
    return refused(object.path_of("trial_end"), "trial_end must be after start");
  }
  RATECARD_TRY(const std::string interval, object.string("interval"));
  const auto parsed = parse_billing_interval(interval);
  if (!parsed) {
    return refused(object.path_of("interval"),
                   quote_for_message(interval) + " is not an interval (\"day\", \"week\", \"month\" or \"year\")");
  }
  schedule.interval = *parsed;
  RATECARD_TRY(const auto count, object.optional_count("interval_count", 1, kMaxIntervalCount));
  schedule.interval_count = count.value_or(1);
  RATECARD_TRY(const auto zone_name, object.optional_string("time_zone"));
  if (zone_name) {
    Result<TimeZone> zone = find_time_zone(*zone_name);
    if (!zone) return Error{zone.error().code, zone.error().message, object.path_of("time_zone")};
    schedule.time_zone = std::move(zone).value();
  }
  RATECARD_TRY(schedule.anchor, read_anchor(object, schedule));
  return schedule;
}

}  // namespace ratecard
