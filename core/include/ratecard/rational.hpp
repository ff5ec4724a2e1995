#pragma once

#include <cstdint>
#include <string>

#include "ratecard/big_int.hpp"

namespace ratecard {

/// An exact fraction num/den, always reduced with den > 0. Used wherever a ratio appears
/// (tier parts, percentages, proration factors, day fractions) so that rounding happens
/// only at the named points of the design. Operands are bounded so arithmetic never wraps;
/// a result that would not fit records an ArithmeticFault and yields zero.
class Rational {
 public:
  /// Zero.
  Rational() = default;
  /// An integer value.
  Rational(std::int64_t value) : num_(value), den_(1) {}  // NOLINT: implicit, like an integer literal
  /// num/den, reduced; den == 0 records a division-by-zero fault and yields zero.
  Rational(const BigInt& num, const BigInt& den);

  /// The reduced numerator (carries the sign).
  [[nodiscard]] const BigInt& numerator() const noexcept { return num_; }
  /// The reduced, positive denominator.
  [[nodiscard]] const BigInt& denominator() const noexcept { return den_; }

  /// -1, 0 or 1.
  [[nodiscard]] int sign() const noexcept { return num_.sign(); }
  /// True for zero.
  [[nodiscard]] bool is_zero() const noexcept { return num_.is_zero(); }
  /// True when the reduced denominator is 1.
  [[nodiscard]] bool is_integer() const noexcept { return den_ == 1; }

  /// Largest integer not above the value.
  [[nodiscard]] BigInt floor() const;
  /// Smallest integer not below the value.
  [[nodiscard]] BigInt ceil() const;
  /// |value|.
  [[nodiscard]] Rational abs() const;

  /// "num/den", or "num" when den is 1 (for messages and debugging).
  [[nodiscard]] std::string to_string() const;

  /// The exact sum, reduced; a result too large to represent records an overflow fault.
  friend Rational operator+(const Rational& a, const Rational& b);
  /// The exact difference, reduced; overflow as for `+`.
  friend Rational operator-(const Rational& a, const Rational& b);
  /// The exact product, reduced; overflow as for `+`.
  friend Rational operator*(const Rational& a, const Rational& b);
  /// Division; b == 0 records a division-by-zero fault.
  friend Rational operator/(const Rational& a, const Rational& b);
  /// The negated value.
  friend Rational operator-(const Rational& a);
  /// Adds `b` in place, as `*this + b`.
  Rational& operator+=(const Rational& b) { return *this = *this + b; }
  /// Subtracts `b` in place, as `*this - b`.
  Rational& operator-=(const Rational& b) { return *this = *this - b; }
  /// Multiplies by `b` in place, as `*this * b`.
  Rational& operator*=(const Rational& b) { return *this = *this * b; }

  /// Three-way comparison: negative, zero or positive. When the cross products do not fit,
  /// records an overflow fault and answers zero, so no decision rests on a guessed order.
  friend int compare(const Rational& a, const Rational& b);
  /// @name Comparisons
  /// By exact value: equality compares the reduced terms, ordering goes through compare()
  /// (and may record its overflow fault).
  /// @{
  friend bool operator==(const Rational& a, const Rational& b) { return a.num_ == b.num_ && a.den_ == b.den_; }
  friend bool operator!=(const Rational& a, const Rational& b) { return !(a == b); }
  friend bool operator<(const Rational& a, const Rational& b) { return compare(a, b) < 0; }
  friend bool operator<=(const Rational& a, const Rational& b) { return compare(a, b) <= 0; }
  friend bool operator>(const Rational& a, const Rational& b) { return compare(a, b) > 0; }
  friend bool operator>=(const Rational& a, const Rational& b) { return compare(a, b) >= 0; }
  /// @}

 private:
  BigInt num_{0};
  BigInt den_{1};
};

/// The smaller of two values.
[[nodiscard]] inline const Rational& min(const Rational& a, const Rational& b) { return b < a ? b : a; }
/// The larger of two values.
[[nodiscard]] inline const Rational& max(const Rational& a, const Rational& b) { return a < b ? b : a; }

}  // namespace ratecard
