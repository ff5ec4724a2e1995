#pragma once

// Members that an invoice request's shape keeps as JSON values (invoice_request_shape.hpp),
// read the same way from a DOM (ObjectReader) and from a shape (ShapeReader): the errors,
// paths and marking as read of ObjectReader::object and read_optional_bounded_array. And the
// elements of an array, opened as a DOM object or as a shape.

#include <string>
#include <string_view>

#include "json/element_readers.hpp"
#include "json/object_reader.hpp"
#include "json/shape_reader.hpp"

namespace ratecard {

/// A reader of the object member `key`; MISSING_FIELD when absent or null, INVALID_TYPE when not
/// an object.
template <typename Reader>
[[nodiscard]] Result<ObjectReader> value_object(Reader& reader, std::string_view key) {
  RATECARD_TRY(const Json* member, reader.require(key));
  return ObjectReader::open(*member, reader.path_of(key));
}

/// The array member `key` with at most `max_items` elements (LIMIT_EXCEEDED beyond); an empty
/// array when absent or null; INVALID_TYPE when not an array.
template <typename Reader>
[[nodiscard]] Result<const Json*> optional_value_array(Reader& reader, std::string_view key, std::size_t max_items) {
  static const Json kEmpty = Json::array();
  if (!reader.has(key)) {
    reader.mark_read(key);  // an explicit null is accepted as absent
    return &kEmpty;
  }
  const Json* member = reader.find(key);
  if (!member->is_array()) {
    return Error{ErrorCode::kInvalidType, "expected an array, got " + describe_json_type(*member), reader.path_of(key)};
  }
  if (member->size() > max_items) {
    return Error{ErrorCode::kLimitExceeded,
                 "at most " + std::to_string(max_items) + " elements, got " + std::to_string(member->size()),
                 reader.path_of(key)};
  }
  return member;
}

}  // namespace ratecard
