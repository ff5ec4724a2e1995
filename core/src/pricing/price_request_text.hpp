#pragma once

#include <optional>
#include <string_view>

#include "pricing/price_request_shape.hpp"

namespace ratecard {

/// Reads the text of a `price` request straight into its shape, without a DOM or nlohmann's
/// lexer (json/plain_json_scanner.hpp). Empty for any text the shape does not take: another op,
/// text beyond plain JSON (an escape, a byte beyond ASCII, a fraction), malformed JSON, a limit
/// exceeded, a member named twice, a member the shape does not know, or a container where the
/// shape has none. The caller then reads the text as every request is read, which answers each
/// of those exactly as it always has; whatever this reader takes is validated afterwards, in
/// the order of the DOM's validation, so its errors are the same too.
[[nodiscard]] std::optional<RawPriceRequest> read_price_request_text(std::string_view text);

}  // namespace ratecard
