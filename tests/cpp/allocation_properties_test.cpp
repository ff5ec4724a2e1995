// Property tests of the rounding and allocation functions behind every split total (tier
// lines, fees, and later tax and revenue lines): for seeded random exact parts, the rounded
// parts sum exactly to the rounded whole, and each part is within one minor unit of its exact
// share.
#include <gtest/gtest.h>

#include "property.hpp"
#include "ratecard/overflow.hpp"
#include "ratecard/rounding.hpp"

namespace ratecard::testing {
namespace {

constexpr RoundingMode kModes[] = {RoundingMode::kHalfUp, RoundingMode::kHalfEven, RoundingMode::kUp,
                                   RoundingMode::kDown};

// Fractions like the core's (day and second fractions, tax rates, shares): denominators from
// a small set, so a dozen of them stay far inside the 256-bit range of Rational.
Rational random_rational(Generator& gen, bool allow_negative) {
  const std::int64_t numerator = gen.integer(allow_negative ? -1000000000 : 0, 1000000000);
  const std::int64_t denominator = gen.pick(std::vector<std::int64_t>{1, 2, 3, 7, 8, 28, 30, 31, 100, 1000, 3600, 86400});
  return Rational(BigInt(numerator), BigInt(denominator));
}

TEST(AllocationProperties, LargestRemainderPartsSumToTheRoundedWholeWithinOneMinorUnitEach) {
  Generator gen(property_stream("largest remainder"));
  for (int i = 0; i < property_cases(10000) && !::testing::Test::HasFailure(); ++i) {
    const bool mixed_signs = gen.chance(30);
    std::vector<Rational> parts;
    for (std::int64_t n = gen.integer(1, 12); n > 0; --n) parts.push_back(random_rational(gen, mixed_signs));
    const int scale = static_cast<int>(gen.integer(0, 4));
    const RoundingMode mode = kModes[gen.index(4)];
    SCOPED_TRACE(case_trace(i) + " scale " + std::to_string(scale) + " mode " + std::string(rounding_mode_name(mode)));

    const ArithmeticScope arithmetic;  // an op turns any fault into OVERFLOW; here none may occur
    const Result<Allocation> allocation = allocate_largest_remainder(parts, scale, mode);
    ASSERT_TRUE(allocation.ok()) << allocation.error().message;
    ASSERT_EQ(arithmetic.fault(), ArithmeticFault::kNone);
    const Rational unit = unit_at_scale(scale);
    Rational exact_total;
    Decimal sum;
    for (std::size_t k = 0; k < parts.size(); ++k) {
      exact_total += parts[k];
      sum += allocation->parts[k];
      EXPECT_LT((allocation->parts[k].to_rational() - parts[k]).abs(), unit) << "part " << k << " " << parts[k].to_string();
    }
    EXPECT_EQ(sum.to_string(), allocation->total.to_string()) << "the parts sum exactly to the total";
    const Result<Decimal> rounded = round_to_scale(exact_total, scale, mode);
    ASSERT_TRUE(rounded.ok());
    EXPECT_EQ(allocation->total.to_string(), rounded->to_string()) << "the total is the exact sum rounded once";
    // And the rounding itself, checked without the core: the mode's direction and distance.
    const Rational distance = (rounded->to_rational() - exact_total).abs();
    if (mode == RoundingMode::kDown) {
      EXPECT_LE(rounded->to_rational().abs(), exact_total.abs());
    }
    if (mode == RoundingMode::kUp) {
      EXPECT_GE(rounded->to_rational().abs(), exact_total.abs());
    }
    EXPECT_LE(distance, (mode == RoundingMode::kUp || mode == RoundingMode::kDown) ? unit : unit / Rational(2));
  }
}

TEST(AllocationProperties, ProportionalPartsSumToTheWholeWithinOneMinorUnitOfTheirShare) {
  Generator gen(property_stream("proportional"));
  for (int i = 0; i < property_cases(10000) && !::testing::Test::HasFailure(); ++i) {
    const int scale = static_cast<int>(gen.integer(0, 4));
    std::string total_text = gen.decimal(9, scale);
    if (gen.chance(20)) total_text = "-" + total_text;
    const Decimal total = *Decimal::parse(total_text);
    std::vector<Rational> weights;
    for (std::int64_t n = gen.integer(1, 12); n > 0; --n) weights.push_back(gen.chance(15) ? Rational(0) : random_rational(gen, false));
    if (std::all_of(weights.begin(), weights.end(), [](const Rational& w) { return w.is_zero(); })) weights[0] = Rational(1);
    SCOPED_TRACE(case_trace(i) + " total " + total_text + " scale " + std::to_string(scale));

    const ArithmeticScope arithmetic;
    const Result<std::vector<Decimal>> parts = allocate_proportionally(total, weights, scale);
    ASSERT_TRUE(parts.ok()) << parts.error().message;
    ASSERT_EQ(arithmetic.fault(), ArithmeticFault::kNone);
    Rational weight_sum;
    for (const Rational& weight : weights) weight_sum += weight;
    Decimal sum;
    for (std::size_t k = 0; k < weights.size(); ++k) {
      sum += (*parts)[k];
      const Rational share = total.to_rational() * weights[k] / weight_sum;
      EXPECT_LT(((*parts)[k].to_rational() - share).abs(), unit_at_scale(scale))
          << "part " << k << " " << (*parts)[k].to_string() << " share " << share.to_string();
    }
    EXPECT_EQ(sum.to_string(), total.to_string());
  }
}

}  // namespace
}  // namespace ratecard::testing
