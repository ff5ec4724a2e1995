#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ratecard/big_int.hpp"
#include "ratecard/rational.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// An exact fixed-point decimal: up to 24 integer digits and exactly 12 fractional digits,
/// stored as an integer count of 10^-12 units (|units| < 10^36 < 2^127: an Int128, no
/// BigInt). Every amount, rate and quantity that
/// crosses the boundary is a Decimal; arithmetic beyond addition goes through Rational.
class Decimal {
 public:
  /// Fractional digits kept.
  static constexpr int kScale = 12;
  /// Integer digits allowed.
  static constexpr int kMaxIntegerDigits = 24;

  /// Zero.
  Decimal() = default;

  /// Parses the strict decimal grammar `-?(0|[1-9][0-9]*)(\.[0-9]+)?` with at most 12
  /// fractional and 24 integer digits. No spaces, no `+`, no exponent, no `.5` or `1.`.
  /// Errors: INVALID_ARGUMENT for a malformed text, OVERFLOW for too many integer digits.
  /// The returned error has an empty path; callers fill it in.
  [[nodiscard]] static Result<Decimal> parse(std::string_view text);

  /// An integer value; OVERFLOW beyond 24 digits.
  [[nodiscard]] static Result<Decimal> from_integer(const BigInt& value);

  /// A count of 10^-12 units; OVERFLOW when |units| >= 10^36.
  [[nodiscard]] static Result<Decimal> from_units(Int128 units);

  /// An exact conversion of a rational whose decimal expansion ends within 12 digits;
  /// INVALID_ARGUMENT when it does not, OVERFLOW when it is out of range.
  [[nodiscard]] static Result<Decimal> from_rational(const Rational& value);

  /// Canonical text: the shortest exact form ("6", "6.5", "0.0005", "-3"); never "-0".
  [[nodiscard]] std::string to_string() const;

  /// Text with exactly `scale` fractional digits (0..12), e.g. "41.50" at scale 2.
  /// The value must already be exact at that scale (round it first).
  [[nodiscard]] std::string to_fixed(int scale) const;

  /// The longest text to_string() or to_fixed() writes: a sign, 24 digits, a point, 12 digits.
  static constexpr std::size_t kMaxTextSize = 1 + kMaxIntegerDigits + 1 + kScale;
  /// Writes to_string()'s text into `buffer` (room for kMaxTextSize bytes) and returns its size.
  std::size_t write_string(char* buffer) const noexcept;
  /// Writes to_fixed(scale)'s text into `buffer` (room for kMaxTextSize bytes) and returns its size.
  std::size_t write_fixed(char* buffer, int scale) const noexcept;

  /// The exact value as a fraction.
  [[nodiscard]] Rational to_rational() const;

  /// The raw count of 10^-12 units.
  [[nodiscard]] BigInt units() const { return to_big_int(units_); }

  /// -1, 0 or 1.
  [[nodiscard]] int sign() const noexcept { return (units_ > 0) - (units_ < 0); }
  /// True for zero (including a parsed "-0").
  [[nodiscard]] bool is_zero() const noexcept { return units_ == 0; }
  /// True when the value has no fractional part.
  [[nodiscard]] bool is_integer() const;

  /// The exact sum; a result outside the range records an ArithmeticFault (and yields zero).
  friend Decimal operator+(const Decimal& a, const Decimal& b);
  /// The exact difference; out of range records an ArithmeticFault, like `+`.
  friend Decimal operator-(const Decimal& a, const Decimal& b);
  /// The negated value (always representable: the range is symmetric).
  friend Decimal operator-(const Decimal& a);
  /// Adds `b` in place, as `*this + b`.
  Decimal& operator+=(const Decimal& b) { return *this = *this + b; }
  /// Subtracts `b` in place, as `*this - b`.
  Decimal& operator-=(const Decimal& b) { return *this = *this - b; }

  /// @name Comparisons
  /// By exact value: `"1.50"` equals `"1.5"` (both are 1.5 once parsed), `"-0"` equals `"0"`.
  /// @{
  friend bool operator==(const Decimal& a, const Decimal& b) { return a.units_ == b.units_; }
  friend bool operator!=(const Decimal& a, const Decimal& b) { return a.units_ != b.units_; }
  friend bool operator<(const Decimal& a, const Decimal& b) { return a.units_ < b.units_; }
  friend bool operator<=(const Decimal& a, const Decimal& b) { return a.units_ <= b.units_; }
  friend bool operator>(const Decimal& a, const Decimal& b) { return a.units_ > b.units_; }
  friend bool operator>=(const Decimal& a, const Decimal& b) { return a.units_ >= b.units_; }
  /// @}

 private:
  explicit Decimal(Int128 units) : units_(units) {}
  /// Builds from units, recording an overflow fault (and yielding zero) when out of range.
  static Decimal checked(Int128 units);

  Int128 units_{0};
};

}  // namespace ratecard
