// to_decimal_text (the core's own formatting of a BigInt, which keeps Boost's lexical_cast and
// so iostreams' locales out of the WebAssembly module) against Boost's str(): the edges of the
// 64-, 127-, 128- and 256-bit ranges and of the 19-digit chunks, then seeded random values of
// every width up to 256 bits.
#include <gtest/gtest.h>

#include <string>

#include "property.hpp"
#include "numbers/big_int_text.hpp"
#include "ratecard/big_int.hpp"

namespace ratecard::testing {
namespace {

BigInt power(unsigned base, int exponent) {
  BigInt value = 1;
  for (int i = 0; i < exponent; ++i) value *= base;
  return value;
}

void expect_same_text(const BigInt& value) {
  EXPECT_EQ(to_decimal_text(value), value.str());
  EXPECT_EQ(to_decimal_text(-value), BigInt(-value).str());
}

TEST(BigIntText, EdgesMatchBoost) {
  const BigInt max = power(2, 256) - 1;
  for (const BigInt& edge : {power(2, 63), power(2, 64), power(2, 127), power(2, 128), power(10, 19), power(10, 38),
                             power(10, 57), power(10, 76), power(2, 255)}) {
    for (int delta = -2; delta <= 2; ++delta) expect_same_text(edge + delta);
  }
  for (int small = 0; small <= 12; ++small) expect_same_text(small);
  expect_same_text(max);
  expect_same_text(max - 1);
  EXPECT_EQ(to_decimal_text(0), "0");
  EXPECT_EQ(to_decimal_text(power(10, 40) + 7), "1" + std::string(39, '0') + "7");
}

TEST(BigIntText, RandomValuesMatchBoost) {
  Generator gen(property_stream("big int text"));
  const int cases = property_cases(20000);
  for (int i = 0; i < cases && !::testing::Test::HasFailure(); ++i) {
    const int bits = gen.below(257);
    BigInt value = 0;
    for (int filled = 0; filled < bits; filled += 64) value = (value << 64) | BigInt(gen.next());
    value = bits == 0 ? BigInt(0) : BigInt(value & (power(2, bits) - 1));
    SCOPED_TRACE(case_trace(i) + ": " + value.str());
    expect_same_text(value);
  }
}

}  // namespace
}  // namespace ratecard::testing
