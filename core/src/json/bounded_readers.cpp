#include "json/bounded_readers.hpp"

namespace ratecard {

Result<std::string> read_identifier(const Json& value, const std::string& path) {
  RATECARD_TRY(std::string text, read_string(value, path));
  if (text.empty()) return Error{ErrorCode::kInvalidArgument, "must not be empty", path};
  if (text.size() > kMaxIdentifierBytes) {
    return Error{ErrorCode::kLimitExceeded,
                 "at most " + std::to_string(kMaxIdentifierBytes) + " bytes, got " + std::to_string(text.size()), path};
  }
  return text;
}

Result<std::string> read_identifier(ObjectReader& object, std::string_view key) {
  RATECARD_TRY(const Json* member, object.require(key));
  return read_identifier(*member, object.path_of(key));
}

Result<std::optional<std::string>> read_optional_identifier(ObjectReader& object, std::string_view key) {
  const Json* member = object.find(key);
  if (member == nullptr) return std::optional<std::string>{};
  RATECARD_TRY(std::string text, read_identifier(*member, object.path_of(key)));
  return std::optional<std::string>(std::move(text));
}

Result<const Json*> read_bounded_array(ObjectReader& object, std::string_view key, std::size_t max_items) {
  RATECARD_TRY(const Json* array, object.array(key));
  if (array->size() > max_items) {
    return Error{ErrorCode::kLimitExceeded,
                 "at most " + std::to_string(max_items) + " elements, got " + std::to_string(array->size()),
                 object.path_of(key)};
  }
  return array;
}

Result<const Json*> read_optional_bounded_array(ObjectReader& object, std::string_view key, std::size_t max_items) {
  static const Json kEmpty = Json::array();
  if (!object.has(key)) {
    (void)object.find(key);  // an explicit null is accepted as absent
    return &kEmpty;
  }
  return read_bounded_array(object, key, max_items);
}

}  // namespace ratecard
