#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "json/object_reader.hpp"

namespace ratecard {

/// The longest identifier (event id, metric code, item id, coupon id, ...) in bytes.
inline constexpr std::size_t kMaxIdentifierBytes = 256;

/// A non-empty string of at most kMaxIdentifierBytes bytes; LIMIT_EXCEEDED when longer.
[[nodiscard]] Result<std::string> read_identifier(const Json& value, const std::string& path);

/// The identifier member `key`; MISSING_FIELD when absent.
[[nodiscard]] Result<std::string> read_identifier(ObjectReader& object, std::string_view key);

/// The identifier member `key`, or empty when absent.
[[nodiscard]] Result<std::optional<std::string>> read_optional_identifier(ObjectReader& object, std::string_view key);

/// The array member `key` with at most `max_items` elements (LIMIT_EXCEEDED beyond);
/// MISSING_FIELD when absent.
[[nodiscard]] Result<const Json*> read_bounded_array(ObjectReader& object, std::string_view key, std::size_t max_items);

/// Like read_bounded_array, but an absent member reads as an empty array.
[[nodiscard]] Result<const Json*> read_optional_bounded_array(ObjectReader& object, std::string_view key,
                                                              std::size_t max_items);

}  // namespace ratecard
