#include "json/bounded_readers.hpp"

namespace ratecard {

Result<const Json*> read_optional_bounded_array(ObjectReader& object, std::string_view key, std::size_t max_items) {
  static const Json kEmpty = Json::array();
  if (!object.has(key)) {
    object.mark_read(key);  // an explicit null is accepted as absent
    return &kEmpty;
  }
  return read_bounded_array(object, key, max_items);
}

}  // namespace ratecard
