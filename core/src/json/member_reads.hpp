#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "json/value_readers.hpp"

namespace ratecard {

/// Reads the required member `key` of `reader` (an ObjectReader or a ShapeReader) with
/// `read(value, path)`; MISSING_FIELD when absent or null.
template <typename Reader, typename Read>
auto read_required_member(Reader& reader, std::string_view key, Read read)
    -> decltype(read(std::declval<const Json&>(), std::string{})) {
  RATECARD_TRY(const Json* member, reader.require(key));
  return read(*member, reader.path_of(key));
}

/// Reads the optional member `key` with `read(value, path)`; empty when absent or null.
template <typename Reader, typename Read>
auto read_optional_member(Reader& reader, std::string_view key, Read read)
    -> Result<std::optional<std::decay_t<decltype(*read(std::declval<const Json&>(), std::string{}))>>> {
  using Value = std::decay_t<decltype(*read(std::declval<const Json&>(), std::string{}))>;
  const Json* member = reader.find(key);
  if (member == nullptr) return std::optional<Value>{};
  RATECARD_TRY(Value value, read(*member, reader.path_of(key)));
  return std::optional<Value>(std::move(value));
}

/// `result`, or its error pointing at member `key` of `reader`.
template <typename Reader, typename Value>
Result<Value> at_member_path(Result<Value> result, const Reader& reader, std::string_view key) {
  if (result) return result;
  Error error = std::move(result).error();
  error.path = reader.path_of(key);
  return error;
}

/// As read_required_member, for a `read` of one scalar whose every error points at the value
/// itself (the readers of value_readers.hpp): the member's path is built only for an error.
template <typename Reader, typename Read>
auto read_required_scalar(Reader& reader, std::string_view key, Read read)
    -> decltype(read(std::declval<const Json&>(), std::string{})) {
  static const std::string kNoPath;
  RATECARD_TRY(const Json* member, reader.require(key));
  return at_member_path(read(*member, kNoPath), reader, key);
}

/// As read_optional_member, for a `read` of one scalar (see read_required_scalar).
template <typename Reader, typename Read>
auto read_optional_scalar(Reader& reader, std::string_view key, Read read)
    -> Result<std::optional<std::decay_t<decltype(*read(std::declval<const Json&>(), std::string{}))>>> {
  using Value = std::decay_t<decltype(*read(std::declval<const Json&>(), std::string{}))>;
  static const std::string kNoPath;
  const Json* member = reader.find(key);
  if (member == nullptr) return std::optional<Value>{};
  RATECARD_TRY(Value value, at_member_path(read(*member, kNoPath), reader, key));
  return std::optional<Value>(std::move(value));
}

/// read_money with a sign, as a reader of one value.
inline auto money_value_reader(Sign sign) {
  return [sign](const Json& value, const std::string& path) { return read_money(value, path, sign); };
}

/// read_quantity with a sign, as a reader of one value.
inline auto quantity_value_reader(Sign sign) {
  return [sign](const Json& value, const std::string& path) { return read_quantity(value, path, sign); };
}

/// read_count between bounds, as a reader of one value.
inline auto count_value_reader(std::int64_t min, std::int64_t max) {
  return [min, max](const Json& value, const std::string& path) { return read_count(value, path, min, max); };
}

}  // namespace ratecard
