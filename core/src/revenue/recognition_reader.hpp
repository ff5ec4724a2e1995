#pragma once

#include <cstdint>

#include "calendar/instant.hpp"
#include "calendar/time_zone.hpp"
#include "json/object_reader.hpp"
#include "revenue/recognition.hpp"

namespace ratecard {

/// The local day (days since 1970-01-01) an instant falls on in the billing zone.
[[nodiscard]] std::int64_t local_day(const TimeZone& zone, Instant instant);

/// The instant a local day begins in the billing zone: its midnight, or the first instant
/// after a skipped midnight.
[[nodiscard]] Instant local_day_start(const TimeZone& zone, std::int64_t day);

/// A `recognize` request read and validated, with its billing time zone.
struct RecognitionRequest {
  RecognitionInput input;
  TimeZone time_zone;
};

/// Reads and validates a `recognize` request (docs/core-api.md, "Op `recognize`"): lines
/// (bundles allocated to their items by standalone selling price) and reversals, converted to
/// local days. Every error carries the path of the offending field.
[[nodiscard]] Result<RecognitionRequest> read_recognition_request(ObjectReader& request);

}  // namespace ratecard
