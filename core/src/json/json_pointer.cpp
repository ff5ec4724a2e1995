#include "json/json_pointer.hpp"

namespace ratecard {

std::string pointer_child(std::string_view parent, std::string_view key) {
  std::string path(parent);
  path.reserve(parent.size() + key.size() + 1);
  path += '/';
  for (const char c : key) {
    if (c == '~') {
      path += "~0";
    } else if (c == '/') {
      path += "~1";
    } else {
      path += c;
    }
  }
  return path;
}

std::string pointer_child(std::string_view parent, std::size_t index) {
  std::string path(parent);
  path += '/';
  path += std::to_string(index);
  return path;
}

}  // namespace ratecard
