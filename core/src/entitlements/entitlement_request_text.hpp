#pragma once

#include <optional>
#include <string_view>

#include "entitlements/entitlement_request_shape.hpp"

namespace ratecard {

/// Reads the text of an `entitlements` request straight into its shape, without a DOM: SAX
/// events from read_plain_json, or from nlohmann's parser for text that is not plain (escapes,
/// bytes beyond ASCII, fractions). Empty for any text the shape does not take: another op,
/// malformed JSON, a limit exceeded, a member named twice, a member the shape does not know,
/// or a scalar or container where the shape has another kind of value. The caller then reads
/// the text as every request is read, which answers each of those exactly as it always has;
/// whatever this reader takes is validated afterwards by the same code as a DOM request
/// (read_entitlement_input), so its errors are the same too.
[[nodiscard]] std::optional<RawEntitlementRequest> read_entitlement_request_text(std::string_view text);

}  // namespace ratecard
