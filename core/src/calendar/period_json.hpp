#pragma once

#include "calendar/billing_periods.hpp"
#include "calendar/time_zone.hpp"
#include "json/json.hpp"

namespace ratecard {

/// A billing period as the `periods` op shows it: `kind`, `start`, `end`, their local
/// `start_date`, `end_date`, `start_local`, `end_local` in `zone`, `number` (not on trials)
/// and, for partial periods, `cycle_start` and `cycle_end`.
[[nodiscard]] Json billing_period_json(const BillingPeriod& period, const TimeZone& zone);

}  // namespace ratecard
