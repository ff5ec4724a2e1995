#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "invoicing/invoice_input.hpp"
#include "invoicing/invoice_request_shape.hpp"
#include "json/object_reader.hpp"

namespace ratecard {

// The readers of a request, a subscription and an item take an ObjectReader (a DOM: a request
// inside a batch, the first invoice of a quote, text the typed reader does not take) or the
// ShapeReader of the request read from its text (invoice_request_text.hpp); both are
// instantiated in invoice_reader.cpp and item_reader.cpp, one validation with the same errors.

/// Reads and validates the fields of an `invoice` request (docs/core-api.md, "invoice"),
/// including the cross-checks between them (usage for every usage item, coupon currencies).
template <typename Reader>
[[nodiscard]] Result<InvoiceInput> read_invoice_input(Reader& request);

/// Reads one subscription item: `{"id", "type", "price", ...}`.
template <typename Reader>
[[nodiscard]] Result<InvoiceItem> read_invoice_item(Reader& item);

/// Reads one coupon; amounts must be in `currency`.
[[nodiscard]] Result<Coupon> read_coupon(ObjectReader& coupon, const Currency& currency);

/// Reads one prepaid credit: `{"id", "balance"}`.
[[nodiscard]] Result<Credit> read_credit(ObjectReader& credit, const Currency& currency);

/// Reads one proration line (a line of the `prorate` op's result).
[[nodiscard]] Result<PendingProration> read_pending_proration(ObjectReader& line, const Currency& currency);

/// Reads one late usage entry: `{"subscription_id", "period", "items", "minimum_commitment"}`.
[[nodiscard]] Result<LateUsage> read_late_usage(ObjectReader& entry, const Currency& currency);

/// Reads the optional `tax` object: the tax op's document fields (docs/core-api.md, Op `tax`).
template <typename Reader>
[[nodiscard]] Result<std::optional<TaxContext>> read_invoice_tax(Reader& request);

/// Reads the customer object.
[[nodiscard]] Result<InvoiceCustomer> read_customer(ObjectReader& customer);

/// A money member that must be exact at the currency's minor unit ("10.005" is refused for
/// USD): amounts already rounded by the caller, such as credits and commitments.
[[nodiscard]] Result<Decimal> read_currency_amount(ObjectReader& object, std::string_view key, const Currency& currency,
                                                   Sign sign = Sign::kNonNegative);

/// Like read_currency_amount, empty when absent.
[[nodiscard]] Result<std::optional<Decimal>> read_optional_currency_amount(ObjectReader& object, std::string_view key,
                                                                           const Currency& currency,
                                                                           Sign sign = Sign::kNonNegative);

/// A free-text member of at most kMaxDescriptionBytes bytes, empty when absent.
template <typename Reader>
[[nodiscard]] Result<std::optional<std::string>> read_description(Reader& object, std::string_view key) {
  RATECARD_TRY(std::optional<std::string> text, object.optional_string(key));
  if (text && text->size() > kMaxDescriptionBytes) {
    return Error{ErrorCode::kLimitExceeded, "at most " + std::to_string(kMaxDescriptionBytes) + " bytes",
                 object.path_of(key)};
  }
  return text;
}

}  // namespace ratecard
