#pragma once

// Exact fractions on unbounded integers for the expectations of the property tests, written
// apart from the core's Decimal, Rational and rounding (which issue 14 rewrites), so that a
// property compares the core with an independent computation rather than with itself.

#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include <boost/multiprecision/cpp_int.hpp>

namespace ratecard::testing {

/// An exact fraction with an unbounded numerator and denominator (always reduced, the
/// denominator positive).
class Exact {
 public:
  /// Unbounded integers (boost::multiprecision::cpp_int, not the core's 256-bit BigInt).
  using Integer = boost::multiprecision::cpp_int;

  Exact() = default;
  /// The whole number `value`.
  explicit Exact(Integer value) : num_(std::move(value)) {}
  /// `num / den` (den must not be 0).
  Exact(Integer num, Integer den);

  /// The value of a decimal string of the request grammar ("-12.5", "0.000000000001", "7").
  /// Throws std::invalid_argument on anything else.
  static Exact parse(std::string_view text);

  [[nodiscard]] const Integer& numerator() const { return num_; }
  [[nodiscard]] const Integer& denominator() const { return den_; }

  friend Exact operator+(const Exact& a, const Exact& b);
  friend Exact operator-(const Exact& a, const Exact& b);
  friend Exact operator*(const Exact& a, const Exact& b);
  /// Division; `b` must not be 0.
  friend Exact operator/(const Exact& a, const Exact& b);
  Exact& operator+=(const Exact& other) { return *this = *this + other; }

  friend bool operator==(const Exact& a, const Exact& b) { return a.num_ == b.num_ && a.den_ == b.den_; }
  friend bool operator<(const Exact& a, const Exact& b) { return a.num_ * b.den_ < b.num_ * a.den_; }
  friend bool operator<=(const Exact& a, const Exact& b) { return !(b < a); }

  /// Writes "num/den" (for test failure messages).
  friend std::ostream& operator<<(std::ostream& out, const Exact& value) { return out << value.num_ << '/' << value.den_; }

  /// The absolute value.
  [[nodiscard]] Exact abs() const;
  /// The least integer not below the value.
  [[nodiscard]] Integer ceil() const;
  /// The value rounded to `scale` fractional digits with a rounding mode of the contract
  /// ("half_up": halves away from zero, "half_even", "up": away from zero, "down": toward
  /// zero), written with exactly `scale` fractional digits and never as "-0": "41.50", "1500".
  [[nodiscard]] std::string fixed(int scale, std::string_view mode) const;
  /// The number of digits of the integer part of the absolute value ("0.5" has 0, "12.5" has 2).
  [[nodiscard]] int integer_digits() const;

 private:
  Integer num_{0};
  Integer den_{1};
};

}  // namespace ratecard::testing
