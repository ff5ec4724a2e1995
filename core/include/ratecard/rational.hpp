#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "ratecard/big_int.hpp"

namespace ratecard {

namespace wide {
struct Fraction;
}  // namespace wide

/// An exact fraction num/den, always reduced with den > 0. Used wherever a ratio appears
/// (tier parts, percentages, proration factors, day fractions) so that rounding happens
/// only at the named points of the design. Operands are bounded so arithmetic never wraps;
/// a result that would not fit records an ArithmeticFault and yields zero.
///
/// Terms that fit 127 bits (almost all) are held and computed in Int128, overflow detected
/// with the compiler's checked builtins; only values whose terms need more go through the
/// 256-bit BigInt path. Both give the same reduced terms and record the same faults (the
/// bounds are those of the 256-bit path, checked on bit lengths whichever path runs).
class Rational {
 public:
  /// Zero.
  Rational() = default;
  /// An integer value.
  Rational(std::int64_t value) : num_(value) {}  // NOLINT: implicit, like an integer literal
  /// num/den, reduced; den == 0 records a division-by-zero fault and yields zero.
  Rational(const BigInt& num, const BigInt& den);
  /// num/den, reduced in 128 bits; den == 0 records a division-by-zero fault and yields zero.
  Rational(Int128 num, Int128 den);
  /// units / 10^scale (0 <= scale <= 18), reduced by dropping the common factors 2 and 5
  /// (no gcd): the exact value of a fixed-point count such as a Decimal's units.
  [[nodiscard]] static Rational from_scaled(Int128 units, int scale);

  /// The reduced numerator (carries the sign).
  [[nodiscard]] BigInt numerator() const;
  /// The reduced, positive denominator.
  [[nodiscard]] BigInt denominator() const;

  /// True when both reduced terms fit 127 bits: small_numerator() and small_denominator()
  /// then hold them.
  [[nodiscard]] bool is_small() const noexcept { return !wide_; }
  /// The reduced numerator of a small value (is_small()).
  [[nodiscard]] Int128 small_numerator() const noexcept { return num_; }
  /// The reduced denominator of a small value (is_small()).
  [[nodiscard]] Int128 small_denominator() const noexcept { return den_; }

  /// -1, 0 or 1.
  [[nodiscard]] int sign() const noexcept { return wide_ ? wide_sign() : (num_ > 0) - (num_ < 0); }
  /// True for zero.
  [[nodiscard]] bool is_zero() const noexcept { return !wide_ && num_ == 0; }
  /// True when the reduced denominator is 1.
  [[nodiscard]] bool is_integer() const noexcept { return wide_ ? wide_is_integer() : den_ == 1; }

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
  friend bool operator==(const Rational& a, const Rational& b) {
    if (a.wide_ || b.wide_) return wide_equal(a, b);
    return a.num_ == b.num_ && a.den_ == b.den_;
  }
  friend bool operator!=(const Rational& a, const Rational& b) { return !(a == b); }
  friend bool operator<(const Rational& a, const Rational& b) { return compare(a, b) < 0; }
  friend bool operator<=(const Rational& a, const Rational& b) { return compare(a, b) <= 0; }
  friend bool operator>(const Rational& a, const Rational& b) { return compare(a, b) > 0; }
  friend bool operator>=(const Rational& a, const Rational& b) { return compare(a, b) >= 0; }
  /// @}

 private:
  /// An already reduced small value.
  static Rational small(Int128 num, Int128 den) noexcept;
  /// A reduced fraction: small when both terms fit 127 bits, wide otherwise.
  static Rational of_fraction(wide::Fraction fraction);
  /// The value as BigInt terms, whichever form holds it.
  [[nodiscard]] wide::Fraction fraction() const;
  [[nodiscard]] int wide_sign() const noexcept;
  [[nodiscard]] bool wide_is_integer() const noexcept;
  static bool wide_equal(const Rational& a, const Rational& b);

  Int128 num_{0};
  Int128 den_{1};
  /// The terms when one of them needs more than 127 bits (num_ and den_ are then unused).
  std::shared_ptr<const wide::Fraction> wide_;
};

/// The smaller of two values.
[[nodiscard]] inline const Rational& min(const Rational& a, const Rational& b) { return b < a ? b : a; }
/// The larger of two values.
[[nodiscard]] inline const Rational& max(const Rational& a, const Rational& b) { return a < b ? b : a; }

}  // namespace ratecard
