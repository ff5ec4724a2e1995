#include "json/bounded_readers.hpp"

namespace ratecard {

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
