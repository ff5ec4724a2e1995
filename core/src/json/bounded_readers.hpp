#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "json/object_reader.hpp"

namespace ratecard {

/// The array member `key` of `object` (an ObjectReader or a ShapeReader) with at most
/// `max_items` elements (LIMIT_EXCEEDED beyond); MISSING_FIELD when absent.
template <typename Reader>
[[nodiscard]] auto read_bounded_array(Reader& object, std::string_view key, std::size_t max_items)
    -> decltype(object.array(key)) {
  RATECARD_TRY(const auto* array, object.array(key));
  if (array->size() > max_items) {
    return Error{ErrorCode::kLimitExceeded,
                 "at most " + std::to_string(max_items) + " elements, got " + std::to_string(array->size()),
                 object.path_of(key)};
  }
  return array;
}

/// Like read_bounded_array, but an absent (or null) member reads as an empty array.
[[nodiscard]] Result<const Json*> read_optional_bounded_array(ObjectReader& object, std::string_view key,
                                                              std::size_t max_items);

}  // namespace ratecard
