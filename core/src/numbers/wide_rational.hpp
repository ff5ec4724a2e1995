#pragma once

// The 256-bit path of Rational: today's arithmetic on BigInt terms, with the operand bounds
// that decide the overflow faults. Rational uses it for the values that do not fit 127 bits
// (and the bounds for all); the differential test compares the fast path against it.

#include <optional>

#include "ratecard/big_int.hpp"

namespace ratecard::wide {

/// A fraction num/den of BigInts; reduced with den > 0 when it comes from this file.
struct Fraction {
  BigInt num{0};  ///< The numerator, with the sign.
  BigInt den{1};  ///< The denominator.
};

/// Operands of a product must stay below 2^254 together so the 256-bit product cannot wrap:
/// a product is made only when the bit lengths of its factors add up to at most this.
inline constexpr unsigned kMaxProductBits = 253;

/// The number of significant bits of |value| (0 for zero).
[[nodiscard]] unsigned bit_length(const BigInt& value);

/// num/den reduced with a positive denominator; den must not be zero.
[[nodiscard]] Fraction reduced(const BigInt& num, const BigInt& den);

/// The reduced sum; nullopt when the operands are beyond the product bound (overflow).
[[nodiscard]] std::optional<Fraction> add(const Fraction& a, const Fraction& b);

/// The reduced product (cross-reduced first); nullopt beyond the product bound (overflow).
[[nodiscard]] std::optional<Fraction> multiply(const Fraction& a, const Fraction& b);

/// -1, 0 or 1; nullopt when the cross products are beyond the product bound (overflow).
[[nodiscard]] std::optional<int> compare(const Fraction& a, const Fraction& b);

/// Largest integer not above the value.
[[nodiscard]] BigInt floor(const Fraction& value);

/// Smallest integer not below the value.
[[nodiscard]] BigInt ceil(const Fraction& value);

}  // namespace ratecard::wide
