#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "json/json.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// The largest request the core reads, in bytes (16 MiB).
inline constexpr std::size_t kMaxRequestBytes = std::size_t{16} * 1024 * 1024;
/// The deepest nesting of objects and arrays the core reads.
inline constexpr std::size_t kMaxRequestDepth = 64;

/// Parses one request. INVALID_JSON (with line and column) for malformed text or invalid
/// UTF-8; LIMIT_EXCEEDED beyond kMaxRequestBytes or kMaxRequestDepth, detected while
/// reading so that an oversized request costs no more than the limit.
[[nodiscard]] Result<Json> parse_request(std::string_view text);

/// The canonical text of a value: compact, object keys sorted bytewise, UTF-8.
[[nodiscard]] std::string dump_canonical(const Json& value);

}  // namespace ratecard
