#include "money/minor_units.hpp"

#include "ratecard/rounding.hpp"

namespace ratecard {

Status check_minor_units(const Decimal& amount, const Currency& currency, const std::string& path) {
  const auto rounded = round_to_scale(amount.to_rational(), currency.minor_units, RoundingMode::kDown);
  if (rounded && *rounded == amount) return ok_status();
  const std::string code(currency.code);
  if (currency.minor_units == 0) {
    return Error{ErrorCode::kInvalidArgument,
                 code + " has no minor unit: amounts are whole numbers, got " + amount.to_string(), path};
  }
  return Error{ErrorCode::kInvalidArgument,
               code + " amounts have at most " + std::to_string(currency.minor_units) + " decimal places, got " +
                   amount.to_string(),
               path};
}

}  // namespace ratecard
