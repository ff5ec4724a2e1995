// Which parts of a largest-remainder allocation get the minor units left over: the parts with
// the largest remainders, ties to the earlier part. The allocation computes in 128 bits when
// every denominator fits 63 bits and through BigInt otherwise; both are held here to an
// expectation computed step by step from the definition, with denominators on both sides of
// that bound.
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <numeric>

#include "property.hpp"
#include "ratecard/overflow.hpp"
#include "ratecard/rounding.hpp"

namespace ratecard::testing {
namespace {

constexpr RoundingMode kModes[] = {RoundingMode::kHalfUp, RoundingMode::kHalfEven, RoundingMode::kUp,
                                   RoundingMode::kDown};

// One large denominator per case, at the 63- and 64-bit edges (the 128-bit path takes up to
// 2^63 - 1): the parts of a case share it, so that their sum stays within Rational's range.
BigInt random_large_denominator(Generator& gen) {
  const BigInt candidates[] = {BigInt((BigInt(1) << 62) + 1), BigInt((BigInt(1) << 63) - 25),
                               BigInt((BigInt(1) << 63) + 9), BigInt((BigInt(1) << 64) - 59)};
  return candidates[gen.index(std::size(candidates))];
}

// A part of a few minor units: over a small denominator or the case's large one.
Rational random_part(Generator& gen, const BigInt& large_denominator) {
  const std::int64_t numerator = gen.integer(-2000000000, 2000000000);
  const BigInt denominators[] = {BigInt(1), BigInt(3), BigInt(7), BigInt(100), BigInt(86400), large_denominator};
  const BigInt& denominator = denominators[gen.index(std::size(denominators))];
  // Scale the numerator with the denominator, so that the parts stay near a few minor units.
  return Rational(BigInt(BigInt(numerator) * BigInt(denominator / 1000 + 1)), denominator);
}

// The allocation from its definition, in Rational and BigInt: each part rounded down, then one
// minor unit each to the parts with the largest remainders (ties to the earlier part) until
// the parts sum to `total`.
std::vector<std::string> expected_parts(const std::vector<Rational>& parts, int scale, const Decimal& total) {
  const Rational unit = unit_at_scale(scale);
  std::vector<BigInt> minor;
  std::vector<Rational> remainders;
  BigInt floor_sum = 0;
  for (const Rational& part : parts) {
    const Rational in_minor = part / unit;
    minor.push_back(in_minor.floor());
    remainders.push_back(in_minor - Rational(minor.back(), BigInt(1)));
    floor_sum += minor.back();
  }
  BigInt left_over = (total.to_rational() / unit).floor() - floor_sum;
  std::vector<std::size_t> order(parts.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[b] < remainders[a]; });
  for (std::size_t index : order) {
    if (left_over <= 0 || remainders[index].is_zero()) break;
    minor[index] += 1;
    left_over -= 1;
  }
  std::vector<std::string> texts;
  for (const BigInt& units : minor) {
    texts.push_back(Decimal::from_rational(Rational(units, BigInt(1)) * unit)->to_string());
  }
  return texts;
}

TEST(LargestRemainderOrder, TheLargestRemaindersGetTheUnitsLeftOver) {
  Generator gen(property_stream("largest remainder order"));
  int small_cases = 0;
  for (int i = 0; i < property_cases(10000) && !::testing::Test::HasFailure(); ++i) {
    std::vector<Rational> parts;
    const BigInt large_denominator = random_large_denominator(gen);
    for (std::int64_t n = gen.integer(1, 10); n > 0; --n) parts.push_back(random_part(gen, large_denominator));
    const int scale = static_cast<int>(gen.integer(0, 4));
    const RoundingMode mode = kModes[gen.index(4)];
    SCOPED_TRACE(case_trace(i) + " scale " + std::to_string(scale));
    const ArithmeticScope arithmetic;
    const Result<Allocation> allocation = allocate_largest_remainder(parts, scale, mode);
    ASSERT_TRUE(allocation.ok()) << allocation.error().message;
    ASSERT_EQ(arithmetic.fault(), ArithmeticFault::kNone);
    std::vector<std::string> got;
    for (const Decimal& part : allocation->parts) got.push_back(part.to_string());
    EXPECT_EQ(got, expected_parts(parts, scale, allocation->total));
    const bool all_small = std::all_of(parts.begin(), parts.end(), [](const Rational& part) {
      return part.is_small() && part.denominator() < (BigInt(1) << 63);
    });
    small_cases += all_small ? 1 : 0;
  }
  // Both paths ran: some cases entirely within 63-bit denominators, some beyond.
  EXPECT_GT(small_cases, 0);
  EXPECT_LT(small_cases, property_cases(10000));
}

}  // namespace
}  // namespace ratecard::testing
