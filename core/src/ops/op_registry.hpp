#pragma once

#include <string>
#include <string_view>

#include "json/json.hpp"
#include "json/object_reader.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// An operation: reads its fields from the request (the reader is positioned on the request
/// object, `op` already read) and returns its result. Fields it does not read are refused
/// afterwards as UNKNOWN_FIELD.
using OpHandler = Result<Json> (*)(ObjectReader& request);

/// An operation that writes its result itself, as canonical JSON text (compact, keys sorted):
/// otherwise as OpHandler.
using OpWriter = Result<std::string> (*)(ObjectReader& request);

/// One entry of the operation table: an op that returns its result as a JSON value
/// (`handler`) or as canonical text (`writer`).
struct OpDefinition {
  /// An op whose result is a JSON value.
  constexpr OpDefinition(std::string_view op_name, OpHandler op_handler) : name(op_name), handler(op_handler) {}
  /// An op that writes its result as canonical text.
  constexpr OpDefinition(std::string_view op_name, OpWriter op_writer) : name(op_name), writer(op_writer) {}

  /// Runs the op on `request`: its result as canonical JSON text.
  [[nodiscard]] Result<std::string> run(ObjectReader& request) const;

  std::string_view name;
  OpHandler handler = nullptr;
  OpWriter writer = nullptr;
};

/// The operation called `name`, or nullptr.
[[nodiscard]] const OpDefinition* find_op(std::string_view name) noexcept;

}  // namespace ratecard
