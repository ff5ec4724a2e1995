#include "calendar/time_range.hpp"

namespace ratecard {

Result<TimeRange> read_time_range(ObjectReader& parent, std::string_view key) {
  RATECARD_TRY(ObjectReader range, parent.object(key));
  return read_time_range_fields(range);
}

Result<TimeRange> read_time_range_fields(ObjectReader& range) {
  RATECARD_TRY(Instant start, range.instant("start"));
  RATECARD_TRY(Instant end, range.instant("end"));
  RATECARD_CHECK(range.finish());
  if (end <= start) {
    return Error{ErrorCode::kInvalidArgument,
                 "\"end\" " + format_instant(end) + " must be after \"start\" " + format_instant(start) +
                     " (periods are [start, end))",
                 range.path_of("end")};
  }
  return TimeRange{start, end};
}

Result<std::optional<TimeRange>> read_optional_time_range(ObjectReader& parent, std::string_view key) {
  if (!parent.has(key)) {
    parent.mark_read(key);  // an explicit null reads as absent
    return std::optional<TimeRange>{};
  }
  RATECARD_TRY(TimeRange range, read_time_range(parent, key));
  return std::optional<TimeRange>(range);
}

Json time_range_json(const TimeRange& range) {
  return Json{{"start", format_instant(range.start)}, {"end", format_instant(range.end)}};
}

}  // namespace ratecard
