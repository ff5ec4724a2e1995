#pragma once

#include "json/json.hpp"
#include "json/object_reader.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// `price`: applies one price to a quantity or to events (docs/core-api.md, "price").
[[nodiscard]] Result<Json> run_price(ObjectReader& request);

/// `tax`: taxes lines for a seller and a customer on a date (docs/core-api.md, "tax").
[[nodiscard]] Result<Json> run_tax(ObjectReader& request);

/// `batch`: evaluates several requests in one call (docs/core-api.md, "batch").
[[nodiscard]] Result<Json> run_batch(ObjectReader& request);

}  // namespace ratecard
