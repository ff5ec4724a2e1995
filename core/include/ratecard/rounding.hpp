#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "ratecard/decimal.hpp"
#include "ratecard/rational.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// How an exact value becomes an amount in minor units.
enum class RoundingMode {
  kHalfUp,    ///< Nearest; halves away from zero (the default).
  kHalfEven,  ///< Nearest; halves to the even neighbour (banker's rounding).
  kUp,        ///< Away from zero.
  kDown,      ///< Toward zero.
};

/// Parses "half_up", "half_even", "up" or "down".
[[nodiscard]] std::optional<RoundingMode> parse_rounding_mode(std::string_view name);
/// The wire name of a mode.
[[nodiscard]] std::string_view rounding_mode_name(RoundingMode mode) noexcept;

/// Rounds an integer-valued-or-not rational to an integer with the given mode.
[[nodiscard]] BigInt round_to_integer(const Rational& value, RoundingMode mode);

/// Rounds to `scale` fractional digits (0..12). OVERFLOW when the result is out of range.
[[nodiscard]] Result<Decimal> round_to_scale(const Rational& value, int scale, RoundingMode mode);

/// A whole split into parts whose rounded amounts add up exactly to the rounded whole.
struct Allocation {
  Decimal total;               ///< The exact sum of the parts, rounded once.
  std::vector<Decimal> parts;  ///< One per input part; sums exactly to total.
};

/// Rounds the sum of `parts` once at `scale`, then gives each part its value rounded down
/// to the scale and hands the remaining minor units, one each, to the parts with the
/// largest remainders (ties to the earlier part). Each part ends within one minor unit of
/// its exact value and the parts sum exactly to the total. OVERFLOW when out of range.
[[nodiscard]] Result<Allocation> allocate_largest_remainder(const std::vector<Rational>& parts,
                                                            int scale, RoundingMode mode);

/// Splits a rounded `total` into parts proportional to non-negative `weights` (at least one
/// positive), each at `scale`, summing exactly to the total (largest remainder).
/// INVALID_ARGUMENT when the weights are all zero or one is negative.
[[nodiscard]] Result<std::vector<Decimal>> allocate_proportionally(const Decimal& total,
                                                                   const std::vector<Rational>& weights,
                                                                   int scale);

}  // namespace ratecard
