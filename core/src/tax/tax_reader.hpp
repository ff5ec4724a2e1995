#pragma once

#include <cstddef>

#include "json/object_reader.hpp"
#include "ratecard/currency.hpp"
#include "ratecard/result.hpp"
#include "tax/tax_request.hpp"

namespace ratecard {

// Reading the tax inputs from JSON, so that `tax`, `invoice` and `quote` accept exactly the
// same fields with the same defaults and errors (docs/core-api.md, Op `tax`).

/// Reads a line's `tax_category` (default "standard") and `tax_behavior` (default
/// "exclusive") into `line`, and sets `line.path` to the reader's path.
[[nodiscard]] Status read_line_tax_fields(ObjectReader& reader, TaxLine& line);

/// Reads one line of the `tax` op: `amount` (money >= 0 at the currency's minor unit),
/// `discount_amount` (default 0, at most the amount) and the line's tax fields.
[[nodiscard]] Result<TaxLine> read_tax_line(ObjectReader& reader, const Currency& currency);

/// Reads the document-level tax inputs from `reader`, in this order: `tax_date` (a civil
/// date, or `tax_point` and `time_zone`: an instant and the zone whose local date is the tax
/// date; not before the dataset's coverage), `tax_rounding` ("line" or "invoice", default "line"),
/// `seller`, `customer` (both required) and `rates` (optional overrides of lines
/// 0..line_count-1).
[[nodiscard]] Result<TaxContext> read_tax_context(ObjectReader& reader, std::size_t line_count);

}  // namespace ratecard
