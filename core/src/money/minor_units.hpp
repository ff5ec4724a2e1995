#pragma once

#include <string>

#include "ratecard/currency.hpp"
#include "ratecard/decimal.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// OK when `amount` has no more fractional digits than the currency's minor unit ("5.00" USD,
/// "1500" JPY, "1.235" BHD); INVALID_ARGUMENT at `path` otherwise ("5.001" USD, "10.5" JPY).
[[nodiscard]] Status check_minor_units(const Decimal& amount, const Currency& currency, const std::string& path);

}  // namespace ratecard
