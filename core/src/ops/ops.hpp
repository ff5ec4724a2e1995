#pragma once

#include "json/canonical_writer.hpp"
#include "json/json.hpp"
#include "json/object_reader.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// `price`: applies one price to a quantity, to events or to each of several quantities, and
/// writes the result (docs/core-api.md, "price").
[[nodiscard]] Status run_price(ObjectReader& request, CanonicalWriter& out);

/// Answers a `price` request read straight from its text, without a DOM, and writes its whole
/// response envelope. False, having written nothing, when the text is not one the typed reader
/// takes (see read_price_request_text): the caller then evaluates it as any other request.
[[nodiscard]] bool write_price_response_from_text(std::string_view text, CanonicalWriter& out);

/// `aggregate`: rolls usage events up into per-metric aggregates (docs/core-api.md, "aggregate").
[[nodiscard]] Result<Json> run_aggregate(ObjectReader& request);

/// `invoice`: computes an invoice as a pure function of its inputs (docs/core-api.md, "invoice")
/// and writes it.
[[nodiscard]] Status run_invoice(ObjectReader& request, CanonicalWriter& out);

/// Answers an `invoice` request read from its text without a DOM for its subscriptions, and
/// writes its whole response envelope. False, having written nothing, when the text is not one
/// the typed reader takes (see read_invoice_request_text): the caller then evaluates it as any
/// other request.
[[nodiscard]] bool write_invoice_response_from_text(std::string_view text, CanonicalWriter& out);

/// `quote`: the first invoice of a prospective subscription (docs/core-api.md, "quote"), written.
[[nodiscard]] Status run_quote(ObjectReader& request, CanonicalWriter& out);

/// `periods`: the billing periods of a subscription (docs/core-api.md, "periods").
[[nodiscard]] Result<Json> run_periods(ObjectReader& request);

/// `prorate`: credits and charges for a change inside a billing cycle (docs/core-api.md, "prorate").
[[nodiscard]] Result<Json> run_prorate(ObjectReader& request);

/// `tax`: taxes lines for a seller and a customer on a date (docs/core-api.md, "tax").
[[nodiscard]] Result<Json> run_tax(ObjectReader& request);

/// `batch`: evaluates several requests in one call and writes their responses (docs/core-api.md,
/// "batch").
[[nodiscard]] Status run_batch(ObjectReader& request, CanonicalWriter& out);

/// `entitlements`: what a customer may use now, per feature, or one feature and amount on the
/// hot path (docs/core-api.md, "entitlements"), written.
[[nodiscard]] Status run_entitlements(ObjectReader& request, CanonicalWriter& out);

/// Answers an `entitlements` request read straight from its text, without a DOM, and writes its
/// whole response envelope. False, having written nothing, when the text is not one the typed
/// reader takes (see read_entitlement_request_text): the caller then evaluates it as any other.
[[nodiscard]] bool write_entitlements_response_from_text(std::string_view text, CanonicalWriter& out);

/// `mrr`: normalizes subscriptions to monthly recurring revenue and classifies the change
/// between two snapshots per customer (docs/core-api.md, "mrr").
[[nodiscard]] Result<Json> run_mrr(ObjectReader& request);

/// `recognize`: a revenue recognition schedule by month or day (docs/core-api.md, "recognize").
[[nodiscard]] Result<Json> run_recognize(ObjectReader& request);

}  // namespace ratecard
