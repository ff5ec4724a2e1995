#pragma once

#include "calendar/instant.hpp"
#include "json/json.hpp"
#include "proration/proration.hpp"

namespace ratecard {

/// A proration line as the `prorate` op shows it, for the span [start, end):
/// `{"item", "kind", "quantity", "cycle_amount", "amount", "start", "end"}`, money at `scale`
/// digits. The `invoice` op accepts it as a pending proration unchanged.
[[nodiscard]] Json proration_line_json(const ProrationLine& line, int scale, Instant start, Instant end);

}  // namespace ratecard
