#include "json/identifier_reader.hpp"

namespace ratecard {

Result<std::string> read_identifier_value(const Json& value, const std::string& path) {
  RATECARD_TRY(std::string text, read_string(value, path));
  if (text.empty()) return Error{ErrorCode::kInvalidArgument, "an identifier cannot be empty", path};
  if (text.size() > kMaxIdentifierBytes) {
    return Error{ErrorCode::kInvalidArgument,
                 "an identifier has at most " + std::to_string(kMaxIdentifierBytes) + " bytes, got " +
                     std::to_string(text.size()),
                 path};
  }
  return text;
}

Result<std::string> read_identifier(ObjectReader& object, std::string_view key) {
  RATECARD_TRY(const Json* member, object.require(key));
  return read_identifier_value(*member, object.path_of(key));
}

Result<std::optional<std::string>> read_optional_identifier(ObjectReader& object, std::string_view key) {
  const Json* member = object.find(key);
  if (member == nullptr) return std::optional<std::string>{};
  RATECARD_TRY(std::string text, read_identifier_value(*member, object.path_of(key)));
  return std::optional<std::string>(std::move(text));
}

}  // namespace ratecard
