#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace ratecard {

/// An active ISO 4217 currency and the number of digits of its minor unit.
struct Currency {
  std::string_view code;  ///< Three upper-case letters, e.g. "USD".
  int minor_units;        ///< 2 for USD, 0 for JPY, 3 for BHD, 4 for CLF.
};

/// Looks up an active ISO 4217 code (exact, upper case). Empty when unknown.
[[nodiscard]] std::optional<Currency> find_currency(std::string_view code) noexcept;

/// Every active code, sorted by code.
[[nodiscard]] const std::vector<Currency>& all_currencies();

}  // namespace ratecard
