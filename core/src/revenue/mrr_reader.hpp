#pragma once

#include "json/object_reader.hpp"
#include "revenue/mrr.hpp"

namespace ratecard {

/// Reads and validates an `mrr` request (docs/core-api.md, "Op `mrr`"): the reporting
/// currency, FX rates, both snapshots and the former customers. Every error carries the path
/// of the offending field.
[[nodiscard]] Result<MrrInput> read_mrr_input(ObjectReader& request);

}  // namespace ratecard
