#pragma once

#include <string_view>

#include "json/json.hpp"
#include "json/object_reader.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// An operation: reads its fields from the request (the reader is positioned on the request
/// object, `op` already read) and returns its result. Fields it does not read are refused
/// afterwards as UNKNOWN_FIELD.
using OpHandler = Result<Json> (*)(ObjectReader& request);

/// One entry of the operation table.
struct OpDefinition {
  std::string_view name;
  OpHandler handler;
};

/// The operation called `name`, or nullptr.
[[nodiscard]] const OpDefinition* find_op(std::string_view name) noexcept;

}  // namespace ratecard
