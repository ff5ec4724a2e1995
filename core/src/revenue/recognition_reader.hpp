#pragma once

#include <cstdint>
#include <functional>

#include "calendar/instant.hpp"
#include "json/object_reader.hpp"
#include "revenue/recognition.hpp"

namespace ratecard {

/// The days of the billing time zone: which local day an instant falls on, and the instant a
/// local day starts (its first instant, local midnight where the zone has one).
struct BillingDays {
  std::function<std::int64_t(Instant)> day_of;
  std::function<Instant(std::int64_t)> start_of;
};

/// A `recognize` request read and validated, with the calendar of its billing time zone.
struct RecognitionRequest {
  RecognitionInput input;
  BillingDays days;
  std::string time_zone;
};

/// Reads and validates a `recognize` request (docs/core-api.md, "Op `recognize`"): lines
/// (bundles allocated to their items by standalone selling price) and reversals, converted to
/// local days. Every error carries the path of the offending field.
[[nodiscard]] Result<RecognitionRequest> read_recognition_request(ObjectReader& request);

}  // namespace ratecard
