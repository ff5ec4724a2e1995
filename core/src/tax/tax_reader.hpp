#pragma once

#include <cstddef>
#include <optional>

#include "json/object_reader.hpp"
#include "ratecard/currency.hpp"
#include "ratecard/result.hpp"
#include "tax/tax_request.hpp"

namespace ratecard {

// Reading the tax inputs from JSON, so that `tax`, `invoice` and `quote` accept exactly the
// same fields with the same defaults and errors (docs/core-api.md, Op `tax`).

/// Reads an object's `tax_category` (default "standard"), `tax_behavior` (default
/// "exclusive") and `tax_code` (optional; one of the dataset's product tax codes, else
/// INVALID_ARGUMENT at it): the fields a `tax` line or an invoice item carries.
/// Takes an ObjectReader or the ShapeReader of an invoice item (both instantiated in tax_reader.cpp).
template <typename Reader>
[[nodiscard]] Result<TaxTreatment> read_tax_treatment(Reader& reader);

/// Reads an object's `tax_category`, `tax_behavior` and `tax_code` when present, leaving absent
/// ones empty (a proration line inherits them from its item).
template <typename Reader>
[[nodiscard]] Status read_optional_tax_treatment(Reader& reader, std::optional<TaxCategory>& category,
                                                 std::optional<TaxBehavior>& behavior,
                                                 std::optional<std::string>& tax_code);

/// Reads one line of the `tax` op: `amount` (money at the currency's minor unit, negative for
/// a credit), `discount_amount` (default 0; the amount's sign, at most its magnitude) and the
/// line's tax fields.
[[nodiscard]] Result<TaxLine> read_tax_line(ObjectReader& reader, const Currency& currency);

/// Reads the document-level tax inputs from `reader`, in this order: `tax_date` (a civil
/// date, or `tax_point` and `time_zone`: an instant and the zone whose local date is the tax
/// date; not before the dataset's coverage), `tax_rounding` ("line" or "invoice", default
/// "line"), `seller`, `customer` (both required) and `rates` (optional overrides, at most one
/// per line). With `line_count`, each override's line is checked against it here; without it
/// (an invoice, whose lines are not made yet), compute_tax checks it.
[[nodiscard]] Result<TaxContext> read_tax_context(ObjectReader& reader, std::optional<std::size_t> line_count);

}  // namespace ratecard
