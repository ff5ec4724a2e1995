#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ratecard/overflow.hpp"
#include "ratecard/rounding.hpp"

namespace ratecard {
namespace {

Rational rat(const char* text) { return Decimal::parse(text)->to_rational(); }

std::string round2(const char* text, RoundingMode mode) { return round_to_scale(rat(text), 2, mode)->to_fixed(2); }

TEST(Rounding, HalfUpRoundsHalvesAwayFromZero) {
  EXPECT_EQ(round2("0.125", RoundingMode::kHalfUp), "0.13");
  EXPECT_EQ(round2("0.135", RoundingMode::kHalfUp), "0.14");
  EXPECT_EQ(round2("-0.125", RoundingMode::kHalfUp), "-0.13");
  EXPECT_EQ(round2("0.1249999", RoundingMode::kHalfUp), "0.12");
  EXPECT_EQ(round2("0.1250001", RoundingMode::kHalfUp), "0.13");
}

TEST(Rounding, HalfEvenRoundsHalvesToTheEvenNeighbour) {
  EXPECT_EQ(round2("0.125", RoundingMode::kHalfEven), "0.12");
  EXPECT_EQ(round2("0.135", RoundingMode::kHalfEven), "0.14");
  EXPECT_EQ(round2("-0.125", RoundingMode::kHalfEven), "-0.12");
  EXPECT_EQ(round2("-0.135", RoundingMode::kHalfEven), "-0.14");
  EXPECT_EQ(round2("0.1250001", RoundingMode::kHalfEven), "0.13");
  EXPECT_EQ(round_to_scale(rat("2.5"), 0, RoundingMode::kHalfEven)->to_fixed(0), "2");
  EXPECT_EQ(round_to_scale(rat("3.5"), 0, RoundingMode::kHalfEven)->to_fixed(0), "4");
}

TEST(Rounding, UpIsAwayFromZeroAndDownTowardZero) {
  EXPECT_EQ(round2("0.121", RoundingMode::kUp), "0.13");
  EXPECT_EQ(round2("-0.121", RoundingMode::kUp), "-0.13");
  EXPECT_EQ(round2("0.129", RoundingMode::kDown), "0.12");
  EXPECT_EQ(round2("-0.129", RoundingMode::kDown), "-0.12");
  EXPECT_EQ(round2("0.12", RoundingMode::kUp), "0.12") << "an exact value is never moved";
}

TEST(Rounding, ThirdsAndScalesZeroToFour) {
  const Rational third(BigInt(1), BigInt(3));
  EXPECT_EQ(round_to_scale(third, 0, RoundingMode::kHalfUp)->to_fixed(0), "0");
  EXPECT_EQ(round_to_scale(third, 3, RoundingMode::kHalfUp)->to_fixed(3), "0.333");
  EXPECT_EQ(round_to_scale(third, 4, RoundingMode::kUp)->to_fixed(4), "0.3334");
  EXPECT_EQ(round_to_scale(-third, 4, RoundingMode::kUp)->to_fixed(4), "-0.3334");
}

TEST(Rounding, OutOfRangeIsAnOverflowError) {
  const ArithmeticScope scope;
  const Rational huge = rat("999999999999999999999999") * Rational(10);
  auto rounded = round_to_scale(huge, 2, RoundingMode::kHalfUp);
  ASSERT_FALSE(rounded.ok());
  EXPECT_EQ(rounded.error().code, ErrorCode::kOverflow);
}

TEST(Rounding, ModeNamesRoundTrip) {
  for (const char* name : {"half_up", "half_even", "up", "down"}) {
    const auto mode = parse_rounding_mode(name);
    ASSERT_TRUE(mode.has_value()) << name;
    EXPECT_EQ(rounding_mode_name(*mode), name);
  }
  EXPECT_FALSE(parse_rounding_mode("HALF_UP").has_value());
  EXPECT_FALSE(parse_rounding_mode("bankers").has_value());
}

std::vector<std::string> fixed(const std::vector<Decimal>& parts, int scale) {
  std::vector<std::string> texts;
  for (const Decimal& part : parts) texts.push_back(part.to_fixed(scale));
  return texts;
}

TEST(Allocation, ThreeThirdsOfADollarSumToTheDollar) {
  const Rational third(BigInt(1), BigInt(3));
  auto allocation = allocate_largest_remainder({third, third, third}, 2, RoundingMode::kHalfUp);
  ASSERT_TRUE(allocation.ok());
  EXPECT_EQ(allocation->total.to_fixed(2), "1.00");
  EXPECT_EQ(fixed(allocation->parts, 2), (std::vector<std::string>{"0.34", "0.33", "0.33"}));
}

TEST(Allocation, LargestRemainderWinsAndTiesGoToTheEarlierPart) {
  auto allocation =
      allocate_largest_remainder({rat("1.004"), rat("1.006"), rat("1.005"), rat("1.005")}, 2, RoundingMode::kHalfUp);
  ASSERT_TRUE(allocation.ok());
  EXPECT_EQ(allocation->total.to_fixed(2), "4.02");
  EXPECT_EQ(fixed(allocation->parts, 2), (std::vector<std::string>{"1.00", "1.01", "1.01", "1.00"}));
}

TEST(Allocation, TheTotalFollowsTheModeAndPartsFollowTheTotal) {
  const std::vector<Rational> parts{rat("0.005"), rat("0.005")};
  auto down = allocate_largest_remainder(parts, 2, RoundingMode::kDown);
  EXPECT_EQ(down->total.to_fixed(2), "0.01");
  EXPECT_EQ(fixed(down->parts, 2), (std::vector<std::string>{"0.01", "0.00"}));
  auto up = allocate_largest_remainder({rat("0.001"), rat("0.001")}, 2, RoundingMode::kUp);
  EXPECT_EQ(up->total.to_fixed(2), "0.01");
  EXPECT_EQ(fixed(up->parts, 2), (std::vector<std::string>{"0.01", "0.00"}));
}

TEST(Allocation, NegativePartsStillSumToTheTotal) {
  auto allocation = allocate_largest_remainder({rat("39.1645"), rat("0.9"), rat("-26.8645")}, 2, RoundingMode::kHalfUp);
  ASSERT_TRUE(allocation.ok());
  EXPECT_EQ(allocation->total.to_fixed(2), "13.20");
  EXPECT_EQ(fixed(allocation->parts, 2), (std::vector<std::string>{"39.16", "0.90", "-26.86"}));
}

TEST(Allocation, ALonePartIsItsOwnRoundedTotal) {
  for (const RoundingMode mode : {RoundingMode::kHalfUp, RoundingMode::kHalfEven, RoundingMode::kUp, RoundingMode::kDown}) {
    for (const char* text : {"462.5", "-1.235", "0.005", "-0.005", "7", "999999999999999999999999.984"}) {
      auto allocation = allocate_largest_remainder({rat(text)}, 2, mode);
      auto rounded = round_to_scale(rat(text), 2, mode);
      ASSERT_TRUE(allocation.ok()) << text;
      EXPECT_EQ(allocation->total.to_fixed(2), rounded->to_fixed(2)) << text;
      EXPECT_EQ(fixed(allocation->parts, 2), (std::vector<std::string>{rounded->to_fixed(2)})) << text;
    }
  }
  // Toward zero to the lowest value at the scale, whose floor (one minor unit less) is beyond
  // the range: the part is still the total.
  auto lowest = allocate_largest_remainder({rat("-999999999999999999999999.999")}, 2, RoundingMode::kDown);
  ASSERT_TRUE(lowest.ok());
  EXPECT_EQ(fixed(lowest->parts, 2), (std::vector<std::string>{"-999999999999999999999999.99"}));
}

TEST(Allocation, ProportionalSplitSumsExactly) {
  auto parts = allocate_proportionally(*Decimal::parse("100"), {Rational(1), Rational(1), Rational(1)}, 2);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(fixed(*parts, 2), (std::vector<std::string>{"33.34", "33.33", "33.33"}));
  auto zero = allocate_proportionally(*Decimal::parse("1"), {Rational(0)}, 2);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ratecard
