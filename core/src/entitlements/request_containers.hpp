#pragma once

// The containers of an entitlements request the same way from a DOM (ObjectReader) and from a
// request read from its text (ShapeReader over entitlement_request_shape.hpp), so that one
// validation serves both. `Field` names where a shape keeps the container's typed content; a
// DOM ignores it.

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "json/element_readers.hpp"
#include "json/object_reader.hpp"
#include "json/shape_reader.hpp"

namespace ratecard {

/// The array member `key` of a DOM object; MISSING_FIELD when absent, INVALID_TYPE when not an array.
template <auto Field>
[[nodiscard]] Result<const Json*> array_member(ObjectReader& object, std::string_view key) {
  return object.array(key);
}

/// The typed elements of the array member `key` of a shape (the text reader took only an
/// array or null there); MISSING_FIELD when absent or null.
template <auto Field, typename Shape>
[[nodiscard]] auto array_member(ShapeReader<Shape>& object, std::string_view key)
    -> Result<const std::decay_t<decltype(std::declval<const Shape&>().*Field)>*> {
  RATECARD_CHECK(object.require(key));
  return &(object.shape().*Field);
}

/// A reader of the object member `key` of a DOM object; MISSING_FIELD when absent,
/// INVALID_TYPE when not an object.
template <auto Field>
[[nodiscard]] Result<ObjectReader> object_member(ObjectReader& object, std::string_view key) {
  return object.object(key);
}

/// A reader of the object member `key` of a shape (the text reader took only an object or
/// null there); MISSING_FIELD when absent or null.
template <auto Field, typename Shape>
[[nodiscard]] auto object_member(ShapeReader<Shape>& object, std::string_view key)
    -> Result<ShapeReader<std::decay_t<decltype(std::declval<const Shape&>().*Field)>>> {
  using Child = std::decay_t<decltype(std::declval<const Shape&>().*Field)>;
  RATECARD_CHECK(object.require(key));
  return ShapeReader<Child>(object.shape().*Field, object.path_of(key));
}

}  // namespace ratecard
