#pragma once

#include <optional>
#include <string>

#include "calendar/billing_schedule.hpp"
#include "json/object_reader.hpp"

namespace ratecard {

/// The checks behind read_billing_schedule on values already read, each error at `path` (the
/// member's, or for anchor fields the anchor object's).
namespace schedule_values {

/// The interval named `name`; INVALID_ARGUMENT otherwise.
[[nodiscard]] Result<BillingInterval> interval(const std::string& name, const std::string& path);
/// The zone named `name`; its lookup error otherwise.
[[nodiscard]] Result<TimeZone> time_zone(const std::string& name, const std::string& path);
/// `billing_anchor` given as text: "anniversary", "calendar" or an RFC 3339 instant.
[[nodiscard]] Result<CycleAnchor> anchor_text(const std::string& text, const BillingSchedule& schedule,
                                              const std::string& path);
/// `billing_anchor` given as an object's fields (`object_path` is the object's own path).
[[nodiscard]] Result<CycleAnchor> anchor_fields(BillingInterval interval, std::optional<std::int64_t> day_of_month,
                                                std::optional<std::int64_t> month,
                                                const std::optional<std::string>& weekday,
                                                const std::optional<std::string>& time,
                                                const std::string& object_path);

}  // namespace schedule_values

/// Reads `billing_anchor` of `object`: anniversary billing when absent.
template <typename Reader>
[[nodiscard]] Result<CycleAnchor> read_billing_anchor(Reader& object, const BillingSchedule& schedule) {
  const std::string path = object.path_of("billing_anchor");
  const Json* member = object.find("billing_anchor");
  if (member == nullptr) return anchor_at_instant(schedule.time_zone, schedule.billing_start());
  if (member->is_object()) {
    RATECARD_TRY(auto fields, object.object("billing_anchor"));
    RATECARD_TRY(const auto day_of_month, fields.optional_count("day_of_month", 1, 31));
    RATECARD_TRY(const auto month, fields.optional_count("month", 1, 12));
    RATECARD_TRY(const auto weekday, fields.optional_string("weekday"));
    RATECARD_TRY(const auto time, fields.optional_string("time"));
    RATECARD_CHECK(fields.finish());
    return schedule_values::anchor_fields(schedule.interval, day_of_month, month, weekday, time, path);
  }
  RATECARD_TRY(const std::string text, read_string(*member, path));
  return schedule_values::anchor_text(text, schedule, path);
}

/// Reads a billing schedule from the members of `object` (an ObjectReader or a ShapeReader;
/// docs/core-api.md, "Billing schedules"): `start`, `trial_end`, `interval`, `interval_count`,
/// `time_zone` and `billing_anchor`, in that order. Other members are left for the caller.
/// Every error carries the path of the offending member.
template <typename Reader>
[[nodiscard]] Result<BillingSchedule> read_billing_schedule(Reader& object) {
  BillingSchedule schedule;
  RATECARD_TRY(schedule.start, object.instant("start"));
  RATECARD_TRY(schedule.trial_end, object.optional_instant("trial_end"));
  if (schedule.trial_end && *schedule.trial_end <= schedule.start) {
    return Error{ErrorCode::kInvalidArgument, "trial_end must be after start", object.path_of("trial_end")};
  }
  RATECARD_TRY(const std::string interval, object.string("interval"));
  RATECARD_TRY(schedule.interval, schedule_values::interval(interval, object.path_of("interval")));
  RATECARD_TRY(const auto count, object.optional_count("interval_count", 1, kMaxIntervalCount));
  schedule.interval_count = count.value_or(1);
  RATECARD_TRY(const auto zone_name, object.optional_string("time_zone"));
  if (zone_name) {
    RATECARD_TRY(schedule.time_zone, schedule_values::time_zone(*zone_name, object.path_of("time_zone")));
  }
  RATECARD_TRY(schedule.anchor, read_billing_anchor(object, schedule));
  return schedule;
}

}  // namespace ratecard
