#pragma once

#include <string_view>

#include "json/canonical_writer.hpp"
#include "json/json.hpp"
#include "json/object_reader.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// An operation that builds its result as a DOM: reads its fields from the request (the reader
/// is positioned on the request object, `op` already read) and returns its result.
using OpHandler = Result<Json> (*)(ObjectReader& request);

/// An operation: reads its fields from the request (`op` already read) and writes its result
/// as one JSON value. What it wrote is dropped when it fails, or when a field it did not read
/// is refused afterwards as UNKNOWN_FIELD.
using OpWriter = Status (*)(ObjectReader& request, CanonicalWriter& out);

/// One entry of the operation table.
struct OpDefinition {
  std::string_view name;
  OpWriter write;
};

/// The operation called `name`, or nullptr.
[[nodiscard]] const OpDefinition* find_op(std::string_view name) noexcept;

}  // namespace ratecard
