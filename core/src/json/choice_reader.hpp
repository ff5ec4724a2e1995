#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "json/object_reader.hpp"
#include "text/quote.hpp"

namespace ratecard {

/// One accepted wire name of an enumerated field and the value it stands for.
template <typename Enum>
struct Choice {
  std::string_view name;
  Enum value;
};

/// Reads a string member of `object` (an ObjectReader or a ShapeReader) that must be one of
/// `choices`; `fallback` when absent or null. INVALID_TYPE when not a string, INVALID_ARGUMENT
/// (listing the accepted names) otherwise.
template <typename Reader, typename Enum, std::size_t N>
[[nodiscard]] Result<Enum> read_choice(Reader& object, std::string_view key, const Choice<Enum> (&choices)[N],
                                       std::optional<Enum> fallback) {
  const Json* member = object.find(key);
  if (member == nullptr) {
    if (fallback) return *fallback;
    return Error{ErrorCode::kMissingField, "\"" + std::string(key) + "\" is required", object.path_of(key)};
  }
  // Not a string: read_string's INVALID_TYPE, worded as for every other string member.
  if (!member->is_string()) return read_string(*member, object.path_of(key)).error();
  const std::string& name = member->get_ref<const std::string&>();
  for (const Choice<Enum>& choice : choices) {
    if (choice.name == name) return choice.value;
  }
  std::string accepted;
  for (const Choice<Enum>& choice : choices) {
    if (!accepted.empty()) accepted += ", ";
    accepted += choice.name;
  }
  return Error{ErrorCode::kInvalidArgument, quote_for_message(name) + " is not one of: " + accepted,
               object.path_of(key)};
}

/// Reads an optional string member that must be one of `choices`; empty when absent or null.
template <typename Reader, typename Enum, std::size_t N>
[[nodiscard]] Result<std::optional<Enum>> read_optional_choice(Reader& object, std::string_view key,
                                                               const Choice<Enum> (&choices)[N]) {
  if (!object.has(key)) {
    object.mark_read(key);  // an explicit null reads as absent
    return std::optional<Enum>{};
  }
  RATECARD_TRY(Enum value, read_choice(object, key, choices, std::optional<Enum>{}));
  return std::optional<Enum>(value);
}

/// The wire name of `value` among `choices` (empty when absent, which is a defect).
template <typename Enum, std::size_t N>
[[nodiscard]] std::string_view choice_name(Enum value, const Choice<Enum> (&choices)[N]) {
  for (const Choice<Enum>& choice : choices) {
    if (choice.value == value) return choice.name;
  }
  return {};
}

}  // namespace ratecard
