#pragma once

#include <optional>
#include <string_view>

#include "invoicing/invoice_request_shape.hpp"

namespace ratecard {

/// Reads the text of an `invoice` request into its shape without a DOM for its subscriptions,
/// items and prices (SAX events: from the plain JSON scanner, or from nlohmann's parser for text
/// beyond the plain subset); the other members' objects and arrays are built as JSON values. Empty for any text the shape does not take: another op, malformed JSON, a
/// limit exceeded (size, nesting, number of values), a member named twice, a member the shape
/// does not know, or a container where the shape has none. The caller then reads the text as
/// every request is read, which answers each of those exactly as it always has; whatever this
/// reader takes is validated by the same code as a DOM, in the same order, so its errors are
/// the same too.
[[nodiscard]] std::optional<RawInvoiceRequest> read_invoice_request_text(std::string_view text);

}  // namespace ratecard
