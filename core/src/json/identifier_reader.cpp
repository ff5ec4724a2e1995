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
  return read_required_scalar(object, key, read_identifier_value);
}

Result<std::optional<std::string>> read_optional_identifier(ObjectReader& object, std::string_view key) {
  return read_optional_scalar(object, key, read_identifier_value);
}

}  // namespace ratecard
