#include "ratecard/rational.hpp"

#include "ratecard/overflow.hpp"

namespace ratecard {
namespace {

// Operands of a product must stay below 2^254 together so the 256-bit product cannot wrap.
constexpr unsigned kMaxProductBits = 253;

unsigned bit_length(const BigInt& value) {
  return value.is_zero() ? 0U : static_cast<unsigned>(boost::multiprecision::msb(abs(value))) + 1U;
}

bool product_fits(const BigInt& a, const BigInt& b) { return bit_length(a) + bit_length(b) <= kMaxProductBits; }

Rational overflowed() {
  record_arithmetic_fault(ArithmeticFault::kOverflow);
  return Rational{};
}

}  // namespace

Rational::Rational(const BigInt& num, const BigInt& den) {
  if (den.is_zero()) {
    record_arithmetic_fault(ArithmeticFault::kDivisionByZero);
    return;
  }
  BigInt divisor = gcd(num, den);
  num_ = num / divisor;
  den_ = den / divisor;
  if (den_.sign() < 0) {
    num_ = -num_;
    den_ = -den_;
  }
}

BigInt Rational::floor() const {
  BigInt quotient = num_ / den_;  // truncates toward zero
  if (num_.sign() < 0 && quotient * den_ != num_) quotient -= 1;
  return quotient;
}

BigInt Rational::ceil() const {
  BigInt quotient = num_ / den_;
  if (num_.sign() > 0 && quotient * den_ != num_) quotient += 1;
  return quotient;
}

Rational Rational::abs() const { return num_.sign() < 0 ? -*this : *this; }

std::string Rational::to_string() const {
  if (den_ == 1) return num_.str();
  return num_.str() + "/" + den_.str();
}

Rational operator+(const Rational& a, const Rational& b) {
  if (a.den_ == b.den_) {
    if (bit_length(a.num_) >= kMaxProductBits || bit_length(b.num_) >= kMaxProductBits) return overflowed();
    return Rational(a.num_ + b.num_, a.den_);
  }
  if (!product_fits(a.num_, b.den_) || !product_fits(b.num_, a.den_) || !product_fits(a.den_, b.den_)) {
    return overflowed();
  }
  return Rational(a.num_ * b.den_ + b.num_ * a.den_, a.den_ * b.den_);
}

Rational operator-(const Rational& a) {
  Rational negated;
  negated.num_ = -a.num_;
  negated.den_ = a.den_;
  return negated;
}

Rational operator-(const Rational& a, const Rational& b) { return a + (-b); }

Rational operator*(const Rational& a, const Rational& b) {
  // Cross-reduce first so intermediate products stay as small as the result allows.
  BigInt g1 = gcd(a.num_, b.den_);
  BigInt g2 = gcd(b.num_, a.den_);
  if (g1.is_zero()) g1 = 1;
  if (g2.is_zero()) g2 = 1;
  BigInt num_a = a.num_ / g1;
  BigInt den_b = b.den_ / g1;
  BigInt num_b = b.num_ / g2;
  BigInt den_a = a.den_ / g2;
  if (!product_fits(num_a, num_b) || !product_fits(den_a, den_b)) return overflowed();
  Rational product;
  product.num_ = num_a * num_b;
  product.den_ = den_a * den_b;
  if (product.num_.is_zero()) product.den_ = 1;
  return product;
}

Rational operator/(const Rational& a, const Rational& b) {
  if (b.num_.is_zero()) {
    record_arithmetic_fault(ArithmeticFault::kDivisionByZero);
    return Rational{};
  }
  Rational reciprocal;
  reciprocal.num_ = b.num_.sign() < 0 ? -b.den_ : b.den_;
  reciprocal.den_ = b.num_.sign() < 0 ? -b.num_ : b.num_;
  return a * reciprocal;
}

int compare(const Rational& a, const Rational& b) {
  if (a.den_ == b.den_) return a.num_.compare(b.num_) < 0 ? -1 : (a.num_ == b.num_ ? 0 : 1);
  if (a.num_.sign() != b.num_.sign()) return a.num_.sign() < b.num_.sign() ? -1 : 1;
  if (!product_fits(a.num_, b.den_) || !product_fits(b.num_, a.den_)) {
    // No decision may rest on a comparison that cannot be made exactly.
    record_arithmetic_fault(ArithmeticFault::kOverflow);
    return 0;
  }
  BigInt left = a.num_ * b.den_;
  BigInt right = b.num_ * a.den_;
  return left < right ? -1 : (left == right ? 0 : 1);
}

}  // namespace ratecard
