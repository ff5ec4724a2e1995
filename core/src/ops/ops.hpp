#pragma once

#include <string>

#include "json/json.hpp"
#include "json/object_reader.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// `price`: applies one price to a quantity or to events (docs/core-api.md, "price").
[[nodiscard]] Result<Json> run_price(ObjectReader& request);

/// `aggregate`: rolls usage events up into per-metric aggregates (docs/core-api.md, "aggregate").
[[nodiscard]] Result<Json> run_aggregate(ObjectReader& request);

/// `invoice`: computes an invoice as a pure function of its inputs (docs/core-api.md, "invoice"),
/// written as canonical text.
[[nodiscard]] Result<std::string> run_invoice(ObjectReader& request);

/// `quote`: the first invoice of a prospective subscription (docs/core-api.md, "quote"), written
/// as canonical text.
[[nodiscard]] Result<std::string> run_quote(ObjectReader& request);

/// `periods`: the billing periods of a subscription (docs/core-api.md, "periods").
[[nodiscard]] Result<Json> run_periods(ObjectReader& request);

/// `prorate`: credits and charges for a change inside a billing cycle (docs/core-api.md, "prorate").
[[nodiscard]] Result<Json> run_prorate(ObjectReader& request);

/// `tax`: taxes lines for a seller and a customer on a date (docs/core-api.md, "tax").
[[nodiscard]] Result<Json> run_tax(ObjectReader& request);

/// `batch`: evaluates several requests in one call (docs/core-api.md, "batch"), written as
/// canonical text.
[[nodiscard]] Result<std::string> run_batch(ObjectReader& request);

/// `entitlements`: what a customer may use now, per feature, or one feature and amount on the
/// hot path (docs/core-api.md, "entitlements").
[[nodiscard]] Result<Json> run_entitlements(ObjectReader& request);

/// `mrr`: normalizes subscriptions to monthly recurring revenue and classifies the change
/// between two snapshots per customer (docs/core-api.md, "mrr").
[[nodiscard]] Result<Json> run_mrr(ObjectReader& request);

/// `recognize`: a revenue recognition schedule by month or day (docs/core-api.md, "recognize").
[[nodiscard]] Result<Json> run_recognize(ObjectReader& request);

}  // namespace ratecard
