#include "numbers/wide_rational.hpp"

namespace ratecard::wide {
namespace {

bool product_fits(const BigInt& a, const BigInt& b) { return bit_length(a) + bit_length(b) <= kMaxProductBits; }

}  // namespace

unsigned bit_length(const BigInt& value) {
  return value.is_zero() ? 0U : static_cast<unsigned>(boost::multiprecision::msb(abs(value))) + 1U;
}

Fraction reduced(const BigInt& num, const BigInt& den) {
  const BigInt divisor = gcd(num, den);
  Fraction result{num / divisor, den / divisor};
  if (result.den.sign() < 0) {
    result.num = -result.num;
    result.den = -result.den;
  }
  return result;
}

std::optional<Fraction> add(const Fraction& a, const Fraction& b) {
  if (a.den == b.den) {
    if (bit_length(a.num) >= kMaxProductBits || bit_length(b.num) >= kMaxProductBits) return std::nullopt;
    return reduced(a.num + b.num, a.den);
  }
  if (!product_fits(a.num, b.den) || !product_fits(b.num, a.den) || !product_fits(a.den, b.den)) {
    return std::nullopt;
  }
  return reduced(a.num * b.den + b.num * a.den, a.den * b.den);
}

std::optional<Fraction> multiply(const Fraction& a, const Fraction& b) {
  // Cross-reduce first so intermediate products stay as small as the result allows.
  BigInt g1 = gcd(a.num, b.den);
  BigInt g2 = gcd(b.num, a.den);
  if (g1.is_zero()) g1 = 1;
  if (g2.is_zero()) g2 = 1;
  const BigInt num_a = a.num / g1;
  const BigInt den_b = b.den / g1;
  const BigInt num_b = b.num / g2;
  const BigInt den_a = a.den / g2;
  if (!product_fits(num_a, num_b) || !product_fits(den_a, den_b)) return std::nullopt;
  Fraction product{num_a * num_b, den_a * den_b};
  if (product.num.is_zero()) product.den = 1;
  return product;
}

std::optional<int> compare(const Fraction& a, const Fraction& b) {
  if (a.den == b.den) return a.num.compare(b.num) < 0 ? -1 : (a.num == b.num ? 0 : 1);
  if (a.num.sign() != b.num.sign()) return a.num.sign() < b.num.sign() ? -1 : 1;
  if (!product_fits(a.num, b.den) || !product_fits(b.num, a.den)) return std::nullopt;
  const BigInt left = a.num * b.den;
  const BigInt right = b.num * a.den;
  return left < right ? -1 : (left == right ? 0 : 1);
}

BigInt floor(const Fraction& value) {
  BigInt quotient = value.num / value.den;  // truncates toward zero
  if (value.num.sign() < 0 && quotient * value.den != value.num) quotient -= 1;
  return quotient;
}

BigInt ceil(const Fraction& value) {
  BigInt quotient = value.num / value.den;
  if (value.num.sign() > 0 && quotient * value.den != value.num) quotient += 1;
  return quotient;
}

}  // namespace ratecard::wide
