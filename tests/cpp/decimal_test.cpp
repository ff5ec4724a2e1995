#include <gtest/gtest.h>

#include "ratecard/decimal.hpp"
#include "ratecard/overflow.hpp"

namespace ratecard {
namespace {

Decimal dec(const char* text) {
  auto parsed = Decimal::parse(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? *parsed : Decimal{};
}

TEST(DecimalParse, AcceptsTheStrictGrammar) {
  EXPECT_EQ(dec("0").to_string(), "0");
  EXPECT_EQ(dec("12.50").to_string(), "12.5");
  EXPECT_EQ(dec("-3").to_string(), "-3");
  EXPECT_EQ(dec("-0").to_string(), "0");
  EXPECT_EQ(dec("-0.000").to_string(), "0");
  EXPECT_EQ(dec("0.0005").to_string(), "0.0005");
  EXPECT_EQ(dec("0.000000000001").to_string(), "0.000000000001");
  EXPECT_EQ(dec("999999999999999999999999.999999999999").to_string(), "999999999999999999999999.999999999999");
  EXPECT_EQ(dec("-999999999999999999999999").to_string(), "-999999999999999999999999");
}

TEST(DecimalParse, RejectsEverythingElseWithInvalidArgument) {
  for (const char* text : {"", " 1", "1 ", "1.", ".5", "-.5", "1e3", "1E3", "+1", "+-1", "-+1", "--1", "NaN",
                           "Infinity", "inf", "0x10", "1,5", "1.2.3", "007", "00", "-01", "1_000", "-", ".",
                           "0.0000000000001", "1.5\n", "\xd9\xa1"}) {
    auto parsed = Decimal::parse(text);
    ASSERT_FALSE(parsed.ok()) << '"' << text << '"';
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << text;
    EXPECT_EQ(parsed.error().path, "");
  }
}

TEST(DecimalParse, TooManyIntegerDigitsIsOverflow) {
  auto parsed = Decimal::parse("1000000000000000000000000");  // 25 digits
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kOverflow);
}

TEST(DecimalFormat, FixedScalePadsAndKeepsSign) {
  EXPECT_EQ(dec("41.5").to_fixed(2), "41.50");
  EXPECT_EQ(dec("1500").to_fixed(0), "1500");
  EXPECT_EQ(dec("1.235").to_fixed(3), "1.235");
  EXPECT_EQ(dec("-0.05").to_fixed(2), "-0.05");
  EXPECT_EQ(dec("0").to_fixed(4), "0.0000");
}

TEST(DecimalArithmetic, SumsAreExactAndOverflowIsAFault) {
  EXPECT_EQ((dec("0.1") + dec("0.2")).to_string(), "0.3");
  EXPECT_EQ((dec("1") - dec("1.000000000001")).to_string(), "-0.000000000001");
  {
    const ArithmeticScope scope;
    EXPECT_EQ(scope.fault(), ArithmeticFault::kNone);
    const Decimal big = dec("999999999999999999999999");
    (void)(big + big);
    EXPECT_EQ(scope.fault(), ArithmeticFault::kOverflow);
  }
  EXPECT_EQ(current_arithmetic_fault(), ArithmeticFault::kNone) << "a scope must not leak its fault outwards";
}

TEST(DecimalConversions, FromRationalIsExactOrRefused) {
  EXPECT_EQ(Decimal::from_rational(Rational(BigInt(1), BigInt(8)))->to_string(), "0.125");
  EXPECT_EQ(Decimal::from_rational(Rational(BigInt(-7), BigInt(4)))->to_string(), "-1.75");
  auto third = Decimal::from_rational(Rational(BigInt(1), BigInt(3)));
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, ErrorCode::kInvalidArgument);
  auto huge = Decimal::from_integer(BigInt("1000000000000000000000000"));
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code, ErrorCode::kOverflow);
}

}  // namespace
}  // namespace ratecard
