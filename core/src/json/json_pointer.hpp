#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ratecard {

/// The JSON Pointer (RFC 6901) of member `key` under `parent`, escaping '~' and '/'.
[[nodiscard]] std::string pointer_child(std::string_view parent, std::string_view key);

/// The JSON Pointer of element `index` under `parent`.
[[nodiscard]] std::string pointer_child(std::string_view parent, std::size_t index);

}  // namespace ratecard
