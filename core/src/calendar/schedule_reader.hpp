#pragma once

#include "calendar/billing_schedule.hpp"
#include "json/object_reader.hpp"

namespace ratecard {

/// Reads a billing schedule from the members of `object` (docs/core-api.md, "Billing
/// schedules"): `start`, `trial_end`, `interval`, `interval_count`, `time_zone` and
/// `billing_anchor`, in that order. Other members are left for the caller. Every error
/// carries the path of the offending member.
[[nodiscard]] Result<BillingSchedule> read_billing_schedule(ObjectReader& object);

}  // namespace ratecard
