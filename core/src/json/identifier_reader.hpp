#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "json/member_reads.hpp"
#include "json/object_reader.hpp"

namespace ratecard {

/// The longest identifier (customer, subscription, feature key, ...) the core accepts, in bytes.
inline constexpr std::size_t kMaxIdentifierBytes = 255;

/// Reads a required identifier: a non-empty string of at most 255 bytes.
/// MISSING_FIELD, INVALID_TYPE or INVALID_ARGUMENT (empty or too long) at the member's path.
[[nodiscard]] Result<std::string> read_identifier(ObjectReader& object, std::string_view key);

/// An optional identifier: empty when the member is absent or null.
[[nodiscard]] Result<std::optional<std::string>> read_optional_identifier(ObjectReader& object, std::string_view key);

/// The same check for an identifier that is an array element or a map key at `path`.
[[nodiscard]] Result<std::string> read_identifier_value(const Json& value, const std::string& path);

/// read_identifier for any other reader of an object with ObjectReader's `require` and
/// `path_of` (a ShapeReader).
template <typename Reader>
[[nodiscard]] Result<std::string> read_identifier(Reader& object, std::string_view key) {
  return read_required_scalar(object, key, read_identifier_value);
}

}  // namespace ratecard
