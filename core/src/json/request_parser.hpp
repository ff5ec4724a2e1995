#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "json/json.hpp"
#include "ratecard/limits.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// Parses one request. INVALID_JSON (with line and column) for malformed text or invalid
/// UTF-8, and (at the JSON Pointer of the second one) for an object that names a member
/// twice, which parsers would otherwise resolve each their own way; LIMIT_EXCEEDED beyond kMaxRequestBytes, kMaxRequestDepth or kMaxRequestValues
/// (ratecard/limits.hpp), detected while reading so that an oversized request costs no more
/// than the limit.
[[nodiscard]] Result<Json> parse_request(std::string_view text);

/// The canonical text of a value: compact, object keys sorted bytewise, UTF-8.
[[nodiscard]] std::string dump_canonical(const Json& value);

}  // namespace ratecard
