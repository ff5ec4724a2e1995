#include "ratecard/rounding.hpp"

#include <algorithm>
#include <numeric>
#include <optional>

#include "numbers/int128_math.hpp"

namespace ratecard {
namespace {

Int128 power_of_ten(int exponent) { return static_cast<Int128>(int128::power_of_ten(exponent)); }

// The bound of the exact range, 10^24, as a rational.
const Rational& range_limit() {
  static const Rational limit(power_of_ten(Decimal::kMaxIntegerDigits), Int128{1});
  return limit;
}

// num/den (den > 0) rounded to an integer in 128 bits, as round_to_integer defines it.
Int128 round_quotient(Int128 num, Int128 den, RoundingMode mode) {
  Int128 floor = num / den;
  Int128 remainder = num % den;
  if (remainder < 0) {
    floor -= 1;
    remainder += den;
  }
  if (remainder == 0) return floor;
  const bool negative = num < 0;
  switch (mode) {
    case RoundingMode::kUp: return negative ? floor : floor + 1;
    case RoundingMode::kDown: return negative ? floor + 1 : floor;
    case RoundingMode::kHalfUp:
    case RoundingMode::kHalfEven: {
      // The fraction remainder/den against one half: remainder against den - remainder.
      const Int128 rest = den - remainder;
      if (remainder < rest) return floor;
      if (remainder > rest) return floor + 1;
      if (mode == RoundingMode::kHalfUp) return negative ? floor : floor + 1;
      return (floor % 2 == 0) ? floor : floor + 1;
    }
  }
  return floor;
}

// round_to_scale in 128 bits for a small value, when neither the range check nor the scaled
// value needs more; nullopt sends the value to the general path (which also words the errors).
std::optional<Decimal> round_small_to_scale(const Rational& value, int scale, RoundingMode mode) {
  if (!value.is_small()) return std::nullopt;
  const Int128 num = value.small_numerator();
  const Int128 den = value.small_denominator();
  const Int128 whole_limit = power_of_ten(Decimal::kMaxIntegerDigits);
  Int128 bound = 0;
  // |value| < 10^24 iff |num| < 10^24 * den; a bound beyond 127 bits is above every num.
  if (int128::multiply_within(whole_limit, den, bound) && int128::magnitude(num) >= int128::magnitude(bound)) {
    return std::nullopt;
  }
  Int128 scaled = 0;
  if (!int128::multiply_within(num, power_of_ten(scale), scaled)) return std::nullopt;
  const Int128 minor = round_quotient(scaled, den, mode);
  const Int128 minor_limit = power_of_ten(Decimal::kMaxIntegerDigits + scale);
  if (minor <= -minor_limit || minor >= minor_limit) return std::nullopt;
  return *Decimal::from_units(minor * power_of_ten(Decimal::kScale - scale));
}

// A part in minor units, split in 128 bits: floor + remainder / denominator, 0 <= remainder <
// denominator.
struct SmallMinorPart {
  Int128 floor = 0;
  Int128 remainder = 0;
  Int128 denominator = 1;
};

// allocate_largest_remainder's parts, in 128 bits, for parts whose denominators fit 63 bits
// (so that remainders compare by exact cross products) and whose value in minor units fits;
// nullopt sends them to the general path. `total` is the rounded sum at `scale`.
std::optional<Result<std::vector<Decimal>>> allocate_small(const std::vector<Rational>& parts, int scale,
                                                           const Decimal& total) {
  if (scale < 0 || scale > Decimal::kScale) return std::nullopt;
  const Int128 scale_factor = power_of_ten(scale);
  std::vector<SmallMinorPart> minor(parts.size());
  Int128 floor_sum = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const Rational& part = parts[i];
    if (!part.is_small() || int128::bit_length(part.small_denominator()) > 63) return std::nullopt;
    Int128 scaled = 0;
    if (!int128::multiply_within(part.small_numerator(), scale_factor, scaled)) return std::nullopt;
    SmallMinorPart& split = minor[i];
    split.denominator = part.small_denominator();
    split.floor = scaled / split.denominator;
    split.remainder = scaled % split.denominator;
    if (split.remainder < 0) {
      split.floor -= 1;
      split.remainder += split.denominator;
    }
    if (int128::bit_length(floor_sum) > 125 || int128::bit_length(split.floor) > 125) return std::nullopt;
    floor_sum += split.floor;
  }
  // The total is exact at `scale`: its count of minor units.
  const Rational total_exact = total.to_rational();
  Int128 total_scaled = 0;
  if (!total_exact.is_small() || !int128::multiply_within(total_exact.small_numerator(), scale_factor, total_scaled)) {
    return std::nullopt;
  }
  Int128 shortfall = total_scaled / total_exact.small_denominator() - floor_sum;

  std::vector<std::size_t> order(parts.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return minor[b].remainder * minor[a].denominator < minor[a].remainder * minor[b].denominator;
  });
  for (std::size_t index : order) {
    if (shortfall <= 0 || minor[index].remainder == 0) break;
    minor[index].floor += 1;
    shortfall -= 1;
  }

  std::vector<Decimal> allocated;
  allocated.reserve(parts.size());
  const Int128 minor_limit = power_of_ten(Decimal::kMaxIntegerDigits + scale);
  for (const SmallMinorPart& split : minor) {
    if (split.floor <= -minor_limit || split.floor >= minor_limit) {
      return Result<std::vector<Decimal>>(
          Error{ErrorCode::kOverflow, "the value is beyond the exact range of 24 integer digits", ""});
    }
    allocated.push_back(*Decimal::from_units(split.floor * power_of_ten(Decimal::kScale - scale)));
  }
  return Result<std::vector<Decimal>>(std::move(allocated));
}

Error amount_out_of_range() {
  return Error{ErrorCode::kOverflow, "the amount is beyond the exact range of 24 integer digits", ""};
}

}  // namespace

std::optional<RoundingMode> parse_rounding_mode(std::string_view name) {
  if (name == "half_up") return RoundingMode::kHalfUp;
  if (name == "half_even") return RoundingMode::kHalfEven;
  if (name == "up") return RoundingMode::kUp;
  if (name == "down") return RoundingMode::kDown;
  return std::nullopt;
}

std::string_view rounding_mode_name(RoundingMode mode) noexcept {
  switch (mode) {
    case RoundingMode::kHalfUp: return "half_up";
    case RoundingMode::kHalfEven: return "half_even";
    case RoundingMode::kUp: return "up";
    case RoundingMode::kDown: return "down";
  }
  return "half_up";
}

BigInt round_to_integer(const Rational& value, RoundingMode mode) {
  if (value.is_small()) return to_big_int(round_quotient(value.small_numerator(), value.small_denominator(), mode));
  const BigInt floor = value.floor();
  if (value.is_integer()) return floor;
  const BigInt ceil = floor + 1;
  const bool negative = value.sign() < 0;
  switch (mode) {
    case RoundingMode::kUp: return negative ? floor : ceil;
    case RoundingMode::kDown: return negative ? ceil : floor;
    case RoundingMode::kHalfUp:
    case RoundingMode::kHalfEven: {
      // Compare the fractional part f = value - floor (0 < f < 1) with one half.
      const Rational fraction = value - Rational(floor, BigInt(1));
      const int versus_half = compare(fraction, Rational(BigInt(1), BigInt(2)));
      if (versus_half < 0) return floor;
      if (versus_half > 0) return ceil;
      if (mode == RoundingMode::kHalfUp) return negative ? floor : ceil;
      return (floor % 2 == 0) ? floor : ceil;
    }
  }
  return floor;
}

Result<Decimal> round_to_scale(const Rational& value, int scale, RoundingMode mode) {
  if (std::optional<Decimal> rounded = round_small_to_scale(value, scale, mode)) return *rounded;
  if (value.abs() >= range_limit()) return amount_out_of_range();
  // The count of 10^-scale units: below 10^(24 + scale) <= 10^36 unless rounding reached 10^24.
  const BigInt scaled = round_to_integer(value * Rational(power_of_ten(scale), Int128{1}), mode);
  const Int128 scaled_limit = power_of_ten(Decimal::kMaxIntegerDigits + scale);
  if (!fits_int128(scaled) || to_int128(scaled) <= -scaled_limit || to_int128(scaled) >= scaled_limit) {
    return amount_out_of_range();
  }
  return Decimal::from_units(to_int128(scaled) * power_of_ten(Decimal::kScale - scale));
}

namespace {

// allocate_largest_remainder's parts once their rounded sum `total` is known.
Result<Allocation> allocate_by_remainders(const std::vector<Rational>& parts, int scale, const Decimal& total) {
  if (std::optional<Result<std::vector<Decimal>>> small = allocate_small(parts, scale, total)) {
    RATECARD_TRY(std::vector<Decimal> allocated, std::move(*small));
    return Allocation{total, std::move(allocated)};
  }

  // Work in minor units: floor every part, then hand out the shortfall.
  const Rational unit = Rational::from_scaled(1, scale);
  std::vector<BigInt> minor(parts.size());
  std::vector<Rational> remainders(parts.size());
  BigInt floor_sum = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const Rational in_minor = parts[i] / unit;
    minor[i] = in_minor.floor();
    remainders[i] = in_minor - Rational(minor[i], BigInt(1));
    floor_sum += minor[i];
  }
  const Rational total_minor = total.to_rational() / unit;
  BigInt shortfall = total_minor.floor() - floor_sum;  // 0 <= shortfall <= parts with a remainder

  std::vector<std::size_t> order(parts.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[b] < remainders[a]; });
  for (std::size_t index : order) {
    if (shortfall <= 0) break;
    if (remainders[index].is_zero()) break;
    minor[index] += 1;
    shortfall -= 1;
  }

  Allocation allocation{total, {}};
  allocation.parts.reserve(parts.size());
  for (const BigInt& units : minor) {
    RATECARD_TRY(Decimal part, Decimal::from_rational(Rational(units, BigInt(1)) * unit));
    allocation.parts.push_back(std::move(part));
  }
  return allocation;
}

}  // namespace

Result<Allocation> allocate_largest_remainder(const std::vector<Rational>& parts, int scale, RoundingMode mode) {
  if (parts.size() == 1) {
    // A lone part's floor at the scale is its rounded value or one minor unit less, and the
    // shortfall goes back to it: it is allocated its rounded value.
    RATECARD_TRY(Decimal total, round_to_scale(parts.front(), scale, mode));
    return Allocation{total, {total}};
  }
  Rational exact_total;
  for (const Rational& part : parts) exact_total += part;
  RATECARD_TRY(Decimal total, round_to_scale(exact_total, scale, mode));
  return allocate_by_remainders(parts, scale, total);
}

Result<std::vector<Decimal>> allocate_proportionally(const Decimal& total, const std::vector<Rational>& weights,
                                                     int scale) {
  Rational weight_sum;
  for (const Rational& weight : weights) {
    if (weight.sign() < 0) return Error{ErrorCode::kInvalidArgument, "allocation weights cannot be negative", ""};
    weight_sum += weight;
  }
  if (weight_sum.is_zero()) {
    return Error{ErrorCode::kInvalidArgument, "allocation needs at least one positive weight", ""};
  }
  std::vector<Rational> parts;
  parts.reserve(weights.size());
  for (const Rational& weight : weights) parts.push_back(total.to_rational() * weight / weight_sum);
  // The parts sum exactly to a total that is already at `scale`, so the mode is irrelevant.
  RATECARD_TRY(Allocation allocation, allocate_largest_remainder(parts, scale, RoundingMode::kHalfUp));
  return std::move(allocation.parts);
}

}  // namespace ratecard
