#pragma once

// The 128-bit helpers of the numbers' fast path: magnitudes, bit lengths, a binary gcd,
// powers of ten and decimal text, without Boost.

#include <cstdint>
#include <string>

#include "ratecard/big_int.hpp"

namespace ratecard::int128 {

/// The largest magnitude the fast path holds: 2^127 - 1 (so that negation never wraps).
inline constexpr Int128 kMax = static_cast<Int128>((static_cast<UInt128>(1) << 127) - 1);

/// |value| as an unsigned integer (exact for every Int128).
[[nodiscard]] constexpr UInt128 magnitude(Int128 value) noexcept {
  return value < 0 ? static_cast<UInt128>(0) - static_cast<UInt128>(value) : static_cast<UInt128>(value);
}

/// The number of significant bits of |value| (0 for zero), as Boost's msb + 1.
[[nodiscard]] inline unsigned bit_length(Int128 value) noexcept {
  const UInt128 m = magnitude(value);
  const auto high = static_cast<std::uint64_t>(m >> 64);
  if (high != 0) return 128U - static_cast<unsigned>(__builtin_clzll(high));
  const auto low = static_cast<std::uint64_t>(m);
  return low == 0 ? 0U : 64U - static_cast<unsigned>(__builtin_clzll(low));
}

/// Sets `product` to a * b and answers true when |a * b| <= kMax (a and b within ±kMax).
/// Written with bit lengths and an unsigned product rather than __builtin_mul_overflow, whose
/// signed 128-bit form Clang lowers to compiler-rt's __muloti4, which libgcc lacks.
[[nodiscard]] inline bool multiply_within(Int128 a, Int128 b, Int128& product) noexcept {
  const unsigned bits = bit_length(a) + bit_length(b);
  if (bits > 128) return false;
  const UInt128 m = magnitude(a) * magnitude(b);
  if ((m >> 127) != 0) return false;
  product = (a < 0) != (b < 0) ? -static_cast<Int128>(m) : static_cast<Int128>(m);
  return true;
}

/// 10^exponent for 0 <= exponent <= 38.
[[nodiscard]] constexpr UInt128 power_of_ten(int exponent) noexcept {
  UInt128 value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

/// The greatest common divisor (gcd(0, b) = b), binary, in 64-bit steps once both fit.
[[nodiscard]] UInt128 gcd(UInt128 a, UInt128 b) noexcept;

/// Appends the decimal digits of `value`.
void append_digits(std::string& text, UInt128 value);

/// The decimal text of a signed value ("-12", "0").
[[nodiscard]] std::string to_text(Int128 value);

}  // namespace ratecard::int128
