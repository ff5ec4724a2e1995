#pragma once

#include <cstddef>
#include <string_view>

#include "json/object_reader.hpp"

namespace ratecard {

/// The array member `key` with at most `max_items` elements (LIMIT_EXCEEDED beyond);
/// MISSING_FIELD when absent.
[[nodiscard]] Result<const Json*> read_bounded_array(ObjectReader& object, std::string_view key, std::size_t max_items);

/// Like read_bounded_array, but an absent (or null) member reads as an empty array.
[[nodiscard]] Result<const Json*> read_optional_bounded_array(ObjectReader& object, std::string_view key,
                                                              std::size_t max_items);

}  // namespace ratecard
