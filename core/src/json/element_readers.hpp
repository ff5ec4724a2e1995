#pragma once

// Opening an element of an array a request reader walks, whether the array came from a DOM
// (a batch's request) or was read from the text into shapes: the templated readers call
// open_element either way.

#include <string>
#include <utility>

#include "json/object_reader.hpp"
#include "json/shape_reader.hpp"

namespace ratecard {

/// A reader of an array element that is a DOM value found at `path`; INVALID_TYPE when it is
/// not an object.
[[nodiscard]] inline Result<ObjectReader> open_element(const Json& element, std::string path) {
  return ObjectReader::open(element, std::move(path));
}

/// A reader of an array element kept as a shape found at `path` (the text reader took only
/// objects there).
template <typename Shape>
[[nodiscard]] Result<ShapeReader<Shape>> open_element(const Shape& element, std::string path) {
  return ShapeReader<Shape>(element, std::move(path));
}

}  // namespace ratecard
