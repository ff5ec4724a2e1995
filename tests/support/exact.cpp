#include "exact.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace ratecard::testing {
namespace {

using Integer = Exact::Integer;

Integer power_of_ten(int exponent) {
  Integer value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Exact::Exact(Integer num, Integer den) : num_(std::move(num)), den_(std::move(den)) {
  if (den_ == 0) throw std::invalid_argument("Exact: a zero denominator");
  if (den_ < 0) {
    num_ = -num_;
    den_ = -den_;
  }
  const Integer divisor = boost::multiprecision::gcd(num_ < 0 ? Integer(-num_) : num_, den_);
  if (divisor > 1) {
    num_ /= divisor;
    den_ /= divisor;
  }
}

Exact Exact::parse(std::string_view text) {
  std::size_t pos = !text.empty() && text[0] == '-' ? 1 : 0;
  const bool negative = pos == 1;
  std::string digits;
  int scale = 0;
  bool point = false;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == '.' && !point) {
      point = true;
    } else if (is_digit(c)) {
      digits += c;
      if (point) ++scale;
    } else {
      throw std::invalid_argument("Exact::parse: not a decimal string: " + std::string(text));
    }
  }
  if (digits.empty() || (point && scale == 0)) {
    throw std::invalid_argument("Exact::parse: not a decimal string: " + std::string(text));
  }
  // Without leading zeros: Boost reads "012" as octal.
  const std::size_t first = std::min(digits.find_first_not_of('0'), digits.size() - 1);
  const Integer units(digits.c_str() + first);
  return Exact(negative ? Integer(-units) : units, power_of_ten(scale));
}

Exact operator+(const Exact& a, const Exact& b) { return Exact(a.num_ * b.den_ + b.num_ * a.den_, a.den_ * b.den_); }

Exact operator-(const Exact& a, const Exact& b) { return Exact(a.num_ * b.den_ - b.num_ * a.den_, a.den_ * b.den_); }

Exact operator*(const Exact& a, const Exact& b) { return Exact(a.num_ * b.num_, a.den_ * b.den_); }

Exact operator/(const Exact& a, const Exact& b) { return Exact(a.num_ * b.den_, a.den_ * b.num_); }

Exact Exact::abs() const { return num_ < 0 ? Exact(Integer(-num_), den_) : *this; }

Integer Exact::ceil() const {
  Integer quotient = num_ / den_;  // toward zero
  if (quotient * den_ != num_ && num_ > 0) quotient += 1;
  return quotient;
}

std::string Exact::fixed(int scale, std::string_view mode) const {
  const Integer scaled_num = (num_ < 0 ? Integer(-num_) : num_) * power_of_ten(scale);
  Integer units = scaled_num / den_;  // the magnitude, toward zero
  const Integer twice_remainder = (scaled_num - units * den_) * 2;
  bool away = false;
  if (mode == "up") {
    away = twice_remainder != 0;
  } else if (mode == "half_up") {
    away = twice_remainder >= den_;
  } else if (mode == "half_even") {
    away = twice_remainder > den_ || (twice_remainder == den_ && units % 2 == 1);
  } else if (mode != "down") {
    throw std::invalid_argument("Exact::fixed: unknown rounding mode " + std::string(mode));
  }
  if (away) units += 1;
  std::string digits = units.str();
  if (scale > 0) {
    const auto fraction = static_cast<std::size_t>(scale);
    if (digits.size() <= fraction) digits.insert(0, fraction + 1 - digits.size(), '0');
    digits.insert(digits.size() - fraction, ".");
  }
  return num_ < 0 && units != 0 ? "-" + digits : digits;
}

int Exact::integer_digits() const {
  const Integer whole = (num_ < 0 ? Integer(-num_) : num_) / den_;
  return whole == 0 ? 0 : static_cast<int>(whole.str().size());
}

}  // namespace ratecard::testing
