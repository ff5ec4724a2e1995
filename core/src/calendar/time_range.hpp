#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "calendar/instant.hpp"
#include "json/json.hpp"
#include "json/object_reader.hpp"

namespace ratecard {

/// A half-open span of time [start, end) with start < end: a billing or usage period.
/// An instant t is inside when start <= t < end.
struct TimeRange {
  Instant start;
  Instant end;

  /// True when start <= t < end.
  [[nodiscard]] bool contains(Instant t) const { return start <= t && t < end; }
  /// The length in seconds (always positive).
  [[nodiscard]] std::int64_t seconds() const { return end.seconds - start.seconds; }

  friend bool operator==(const TimeRange& a, const TimeRange& b) { return a.start == b.start && a.end == b.end; }
  friend bool operator!=(const TimeRange& a, const TimeRange& b) { return !(a == b); }
};

/// Reads `{"start": instant, "end": instant}` at `key`; INVALID_ARGUMENT at `.../end` unless
/// start < end.
[[nodiscard]] Result<TimeRange> read_time_range(ObjectReader& parent, std::string_view key);

/// Reads the members of a range object `{"start": instant, "end": instant}` itself (what
/// read_time_range reads at its key).
[[nodiscard]] Result<TimeRange> read_time_range_fields(ObjectReader& range);

/// Like read_time_range, empty when the member is absent or null.
[[nodiscard]] Result<std::optional<TimeRange>> read_optional_time_range(ObjectReader& parent, std::string_view key);

/// `{"end": "...Z", "start": "...Z"}` in canonical UTC form.
[[nodiscard]] Json time_range_json(const TimeRange& range);

}  // namespace ratecard
