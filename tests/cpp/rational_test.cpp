#include <gtest/gtest.h>

#include "ratecard/overflow.hpp"
#include "ratecard/rational.hpp"

namespace ratecard {
namespace {

TEST(Rational, ReducesAndKeepsTheSignOnTheNumerator) {
  const Rational value(BigInt(6), BigInt(-4));
  EXPECT_EQ(value.to_string(), "-3/2");
  EXPECT_EQ(value.floor(), BigInt(-2));
  EXPECT_EQ(value.ceil(), BigInt(-1));
  EXPECT_EQ(Rational(BigInt(0), BigInt(5)).to_string(), "0");
}

TEST(Rational, ArithmeticIsExact) {
  const Rational third(BigInt(1), BigInt(3));
  EXPECT_EQ((third + third + third).to_string(), "1");
  EXPECT_EQ((third * Rational(3) - Rational(1)).to_string(), "0");
  EXPECT_EQ((Rational(1) / Rational(7) * Rational(7)).to_string(), "1");
  EXPECT_LT(Rational(BigInt(1), BigInt(3)), Rational(BigInt(1), BigInt(2)));
  EXPECT_GT(Rational(BigInt(-1), BigInt(3)), Rational(BigInt(-1), BigInt(2)));
}

TEST(Rational, DivisionByZeroIsAFault) {
  const ArithmeticScope scope;
  const Rational result = Rational(1) / Rational(0);
  EXPECT_TRUE(result.is_zero());
  EXPECT_EQ(scope.fault(), ArithmeticFault::kDivisionByZero);
}

TEST(Rational, ProductsTooWideForTheCoreAreAFaultNotAWrap) {
  const ArithmeticScope scope;
  Rational value(BigInt(1) << 100, BigInt(1));
  value = value * value;  // 2^200: fine
  EXPECT_EQ(scope.fault(), ArithmeticFault::kNone);
  value = value * value;  // 2^400: refused
  EXPECT_EQ(scope.fault(), ArithmeticFault::kOverflow);
}

}  // namespace
}  // namespace ratecard
