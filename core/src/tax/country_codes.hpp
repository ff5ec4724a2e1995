#pragma once

#include <optional>
#include <string_view>

namespace ratecard {

/// True when `code` is an officially assigned ISO 3166-1 alpha-2 country code (upper case),
/// or XK (Kosovo, user-assigned but in general use).
[[nodiscard]] bool is_country_code(std::string_view code) noexcept;

/// For a common mistake ("UK", "EL"), the country code meant ("GB", "GR").
[[nodiscard]] std::optional<std::string_view> suggested_country_code(std::string_view code) noexcept;

}  // namespace ratecard
