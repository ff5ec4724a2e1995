#pragma once

namespace ratecard {

/// Whether `c` is one of the ASCII digits 0-9 (never a locale's other digits).
[[nodiscard]] constexpr bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }

}  // namespace ratecard
