#include "ratecard/rational.hpp"

#include "numbers/big_int_text.hpp"
#include "numbers/int128_math.hpp"
#include "numbers/wide_rational.hpp"
#include "ratecard/overflow.hpp"

namespace ratecard {
namespace {

using int128::bit_length;
using int128::magnitude;

// The bound of the 256-bit path on a product of two terms, checked on bit lengths whichever
// path computes it, so that both record an overflow at the same operands.
bool product_fits(Int128 a, Int128 b) { return bit_length(a) + bit_length(b) <= wide::kMaxProductBits; }

bool fits(Int128 value) { return value >= -int128::kMax && value <= int128::kMax; }

Int128 gcd_of(Int128 a, Int128 b) { return static_cast<Int128>(int128::gcd(magnitude(a), magnitude(b))); }

bool checked_multiply(Int128 a, Int128 b, Int128& product) { return int128::multiply_within(a, b, product); }

bool checked_add(Int128 a, Int128 b, Int128& sum) { return !__builtin_add_overflow(a, b, &sum) && fits(sum); }

Rational overflowed() {
  record_arithmetic_fault(ArithmeticFault::kOverflow);
  return Rational{};
}

}  // namespace

Rational Rational::small(Int128 num, Int128 den) noexcept {
  Rational value;
  value.num_ = num;
  value.den_ = den;
  return value;
}

Rational Rational::of_fraction(wide::Fraction fraction) {
  if (fits_int128(fraction.num) && fits_int128(fraction.den)) {
    return small(to_int128(fraction.num), to_int128(fraction.den));
  }
  Rational value;
  value.wide_ = std::make_shared<const wide::Fraction>(std::move(fraction));
  return value;
}

wide::Fraction Rational::fraction() const {
  if (wide_) return *wide_;
  return wide::Fraction{to_big_int(num_), to_big_int(den_)};
}

int Rational::wide_sign() const noexcept { return wide_->num.sign(); }

bool Rational::wide_is_integer() const noexcept { return wide_->den == 1; }

bool Rational::wide_equal(const Rational& a, const Rational& b) {
  // A value has one form: small when its terms fit, so a wide value never equals a small one.
  if (!a.wide_ || !b.wide_) return false;
  return a.wide_->num == b.wide_->num && a.wide_->den == b.wide_->den;
}

Rational::Rational(const BigInt& num, const BigInt& den) {
  if (den.is_zero()) {
    record_arithmetic_fault(ArithmeticFault::kDivisionByZero);
    return;
  }
  if (fits_int128(num) && fits_int128(den)) {
    *this = Rational(to_int128(num), to_int128(den));
    return;
  }
  *this = of_fraction(wide::reduced(num, den));
}

Rational::Rational(Int128 num, Int128 den) {
  if (den == 0) {
    record_arithmetic_fault(ArithmeticFault::kDivisionByZero);
    return;
  }
  if (!fits(num) || !fits(den)) {
    *this = of_fraction(wide::reduced(to_big_int(num), to_big_int(den)));
    return;
  }
  if (den != 1) {
    const Int128 divisor = gcd_of(num, den);
    num /= divisor;
    den /= divisor;
  }
  if (den < 0) {
    num = -num;
    den = -den;
  }
  num_ = num;
  den_ = den;
}

Rational Rational::from_scaled(Int128 units, int scale) {
  const auto scale_value = static_cast<std::uint64_t>(int128::power_of_ten(scale));
  if (units == 0) return Rational{};
  if (!fits(units)) return Rational(units, static_cast<Int128>(scale_value));
  // gcd(units, 10^scale) = gcd(units mod 10^scale, 10^scale): the factors 2 and 5 of the
  // remainder, each at most `scale` times.
  const UInt128 abs_units = magnitude(units);
  const bool narrow = abs_units <= UINT64_MAX;
  const std::uint64_t remainder = narrow ? static_cast<std::uint64_t>(abs_units) % scale_value
                                         : static_cast<std::uint64_t>(abs_units % scale_value);
  std::uint64_t common = scale_value;
  if (remainder != 0) {
    const int twos = __builtin_ctzll(remainder);
    std::uint64_t rest = remainder >> twos;
    common = std::uint64_t{1} << (twos < scale ? twos : scale);
    for (int fives = 0; fives < scale && rest % 5 == 0; ++fives) {
      rest /= 5;
      common *= 5;
    }
  }
  const Int128 reduced = narrow ? static_cast<Int128>(static_cast<std::uint64_t>(abs_units) / common)
                                : static_cast<Int128>(abs_units / common);
  return small(units < 0 ? -reduced : reduced, static_cast<Int128>(scale_value / common));
}

BigInt Rational::numerator() const { return wide_ ? wide_->num : to_big_int(num_); }

BigInt Rational::denominator() const { return wide_ ? wide_->den : to_big_int(den_); }

BigInt Rational::floor() const {
  if (wide_) return wide::floor(*wide_);
  Int128 quotient = num_ / den_;  // truncates toward zero
  if (num_ < 0 && quotient * den_ != num_) quotient -= 1;
  return to_big_int(quotient);
}

BigInt Rational::ceil() const {
  if (wide_) return wide::ceil(*wide_);
  Int128 quotient = num_ / den_;
  if (num_ > 0 && quotient * den_ != num_) quotient += 1;
  return to_big_int(quotient);
}

Rational Rational::abs() const { return sign() < 0 ? -*this : *this; }

std::string Rational::to_string() const {
  if (wide_) {
    if (wide_->den == 1) return to_decimal_text(wide_->num);
    return to_decimal_text(wide_->num) + "/" + to_decimal_text(wide_->den);
  }
  if (den_ == 1) return int128::to_text(num_);
  return int128::to_text(num_) + "/" + int128::to_text(den_);
}

Rational operator+(const Rational& a, const Rational& b) {
  if (a.wide_ || b.wide_) {
    auto sum = wide::add(a.fraction(), b.fraction());
    return sum ? Rational::of_fraction(std::move(*sum)) : overflowed();
  }
  if (a.den_ == b.den_) {
    // Numerators below 2^127 never reach the 256-bit path's bound on a sum.
    Int128 sum = 0;
    if (!checked_add(a.num_, b.num_, sum)) return Rational(to_big_int(a.num_) + to_big_int(b.num_), to_big_int(a.den_));
    return Rational(sum, a.den_);
  }
  if (!product_fits(a.num_, b.den_) || !product_fits(b.num_, a.den_) || !product_fits(a.den_, b.den_)) {
    return overflowed();
  }
  // Reduced operands: with g = gcd(den_a, den_b), the sum num_a*(den_b/g) + num_b*(den_a/g)
  // over den_a*(den_b/g) shares with its denominator only factors of g (Knuth, 4.5.1).
  const Int128 g = gcd_of(a.den_, b.den_);
  const Int128 b_part = b.den_ / g;
  const Int128 a_part = a.den_ / g;
  Int128 left = 0;
  Int128 right = 0;
  Int128 num = 0;
  Int128 den = 0;
  if (!checked_multiply(a.num_, b_part, left) || !checked_multiply(b.num_, a_part, right) ||
      !checked_add(left, right, num) || !checked_multiply(a.den_, b_part, den)) {
    auto sum = wide::add(a.fraction(), b.fraction());
    return Rational::of_fraction(std::move(*sum));  // within the bounds checked above
  }
  if (g == 1) return Rational::small(num, den);
  const Int128 common = gcd_of(num, g);
  return Rational::small(num / common, den / common);
}

Rational operator-(const Rational& a) {
  Rational negated = a;
  if (a.wide_) {
    negated.wide_ = std::make_shared<const wide::Fraction>(wide::Fraction{-a.wide_->num, a.wide_->den});
  } else {
    negated.num_ = -a.num_;
  }
  return negated;
}

Rational operator-(const Rational& a, const Rational& b) { return a + (-b); }

Rational operator*(const Rational& a, const Rational& b) {
  if (a.wide_ || b.wide_) {
    auto product = wide::multiply(a.fraction(), b.fraction());
    return product ? Rational::of_fraction(std::move(*product)) : overflowed();
  }
  // Cross-reduce first (reduced operands: the product is then reduced); a denominator of 1
  // needs no gcd.
  const Int128 g1 = b.den_ == 1 ? 1 : gcd_of(a.num_, b.den_);
  const Int128 g2 = a.den_ == 1 ? 1 : gcd_of(b.num_, a.den_);
  const Int128 num_a = g1 == 1 ? a.num_ : a.num_ / g1;
  const Int128 den_b = g1 == 1 ? b.den_ : b.den_ / g1;
  const Int128 num_b = g2 == 1 ? b.num_ : b.num_ / g2;
  const Int128 den_a = g2 == 1 ? a.den_ : a.den_ / g2;
  if (!product_fits(num_a, num_b) || !product_fits(den_a, den_b)) return overflowed();
  Int128 num = 0;
  Int128 den = 0;
  if (!checked_multiply(num_a, num_b, num) || !checked_multiply(den_a, den_b, den)) {
    return Rational::of_fraction(
        wide::Fraction{to_big_int(num_a) * to_big_int(num_b), to_big_int(den_a) * to_big_int(den_b)});
  }
  if (num == 0) den = 1;
  return Rational::small(num, den);
}

Rational operator/(const Rational& a, const Rational& b) {
  if (b.is_zero()) {
    record_arithmetic_fault(ArithmeticFault::kDivisionByZero);
    return Rational{};
  }
  Rational reciprocal;
  if (b.wide_) {
    const bool negative = b.wide_->num.sign() < 0;
    reciprocal.wide_ = std::make_shared<const wide::Fraction>(
        wide::Fraction{negative ? BigInt(-b.wide_->den) : b.wide_->den, negative ? BigInt(-b.wide_->num) : b.wide_->num});
  } else {
    reciprocal.num_ = b.num_ < 0 ? -b.den_ : b.den_;
    reciprocal.den_ = b.num_ < 0 ? -b.num_ : b.num_;
  }
  return a * reciprocal;
}

int compare(const Rational& a, const Rational& b) {
  if (a.wide_ || b.wide_) {
    const auto order = wide::compare(a.fraction(), b.fraction());
    if (order) return *order;
    // No decision may rest on a comparison that cannot be made exactly.
    record_arithmetic_fault(ArithmeticFault::kOverflow);
    return 0;
  }
  if (a.den_ == b.den_) return a.num_ < b.num_ ? -1 : (a.num_ == b.num_ ? 0 : 1);
  const int sign_a = a.sign();
  const int sign_b = b.sign();
  if (sign_a != sign_b) return sign_a < sign_b ? -1 : 1;
  if (!product_fits(a.num_, b.den_) || !product_fits(b.num_, a.den_)) {
    record_arithmetic_fault(ArithmeticFault::kOverflow);
    return 0;
  }
  Int128 left = 0;
  Int128 right = 0;
  if (!checked_multiply(a.num_, b.den_, left) || !checked_multiply(b.num_, a.den_, right)) {
    return *wide::compare(a.fraction(), b.fraction());  // within the bounds checked above
  }
  return left < right ? -1 : (left == right ? 0 : 1);
}

}  // namespace ratecard
