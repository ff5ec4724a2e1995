#include "json/json_pointer.hpp"

#include <charconv>
#include <cstring>

namespace ratecard {
namespace {

// The parent, a slash and `size` bytes that `write_child` writes after them, as one string
// built at once (no growth): on the stack first when short, as most paths are.
template <typename WriteChild>
std::string joined(std::string_view parent, std::size_t size, WriteChild write_child) {
  constexpr std::size_t kStack = 96;
  const std::size_t total = parent.size() + 1 + size;
  if (total <= kStack) {
    char text[kStack];
    std::memcpy(text, parent.data(), parent.size());
    text[parent.size()] = '/';
    write_child(text + parent.size() + 1);
    return std::string(text, total);
  }
  std::string path(total, '/');
  std::memcpy(path.data(), parent.data(), parent.size());
  write_child(path.data() + parent.size() + 1);
  return path;
}

}  // namespace

std::string pointer_child(std::string_view parent, std::string_view key) {
  std::size_t escapes = 0;
  for (const char c : key) escapes += static_cast<std::size_t>(c == '~' || c == '/');
  return joined(parent, key.size() + escapes, [key, escapes](char* out) {
    if (escapes == 0) {
      std::memcpy(out, key.data(), key.size());
      return;
    }
    for (const char c : key) {
      if (c == '~' || c == '/') {
        *out++ = '~';
        *out++ = c == '~' ? '0' : '1';
      } else {
        *out++ = c;
      }
    }
  });
}

std::string pointer_child(std::string_view parent, std::size_t index) {
  char digits[20];  // the most a 64-bit index has
  const std::size_t count = static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, index).ptr - digits);
  return joined(parent, count, [&digits, count](char* out) { std::memcpy(out, digits, count); });
}

}  // namespace ratecard
