// Differential test of the numbers' fast path (Int128 terms, checked builtins) against the
// 256-bit path (numbers/wide_rational.hpp, the arithmetic as it was before the fast path):
// seeded random operands, many at the 64- and 128-bit edges and at the Decimal range limits,
// must give the same reduced terms, the same text and the same faults. Replay a failure with
// the RATECARD_PROPERTY_SEED its trace prints; RATECARD_PROPERTY_CASES scales the runs.
#include <gtest/gtest.h>

#include <iterator>
#include <optional>
#include <string>

#include "numbers/wide_rational.hpp"
#include "property.hpp"
#include "ratecard/decimal.hpp"
#include "ratecard/overflow.hpp"
#include "ratecard/rational.hpp"
#include "ratecard/rounding.hpp"

namespace ratecard::testing {
namespace {

BigInt power(unsigned base, int exponent) {
  BigInt value = 1;
  for (int i = 0; i < exponent; ++i) value *= base;
  return value;
}

// A random magnitude of `bits` bits or fewer.
BigInt random_bits(Generator& gen, int bits) {
  BigInt value = 0;
  for (int i = 0; i < bits; i += 64) value = (value << 64) | BigInt(gen.next());
  return bits <= 0 ? BigInt(0) : BigInt(value & (power(2, bits) - 1));
}

// An integer of any size up to 140 bits, most of them near an edge: the 64- and 128-bit
// boundaries, 10^24 and 10^36 (the Decimal range), 10^12, or small.
BigInt random_integer(Generator& gen) {
  static const BigInt kEdges[] = {power(2, 63), power(2, 64), power(2, 126), power(2, 127), power(2, 128),
                                  power(10, 12), power(10, 24), power(10, 36), power(2, 32)};
  BigInt value;
  switch (gen.below(6)) {
    case 0: value = gen.integer(0, 1000); break;
    case 1: value = kEdges[gen.index(std::size(kEdges))] + gen.integer(-3, 3); break;
    case 2: value = kEdges[gen.index(std::size(kEdges))] * gen.integer(1, 9) / gen.integer(1, 9); break;
    case 3: value = power(10, gen.below(19)) * gen.integer(1, 999); break;
    default: value = random_bits(gen, gen.below(141)); break;
  }
  return gen.chance(40) ? BigInt(-value) : value;
}

// A positive denominator: 1, a power of ten, a small one, or any integer of the kinds above.
BigInt random_denominator(Generator& gen) {
  switch (gen.below(5)) {
    case 0: return 1;
    case 1: return power(10, gen.below(19));
    case 2: return gen.integer(1, 1000);
    default: {
      BigInt value = abs(random_integer(gen));
      return value.is_zero() ? BigInt(7) : value;
    }
  }
}

std::string terms(const wide::Fraction& value) { return value.num.str() + "/" + value.den.str(); }
std::string terms(const Rational& value) { return value.numerator().str() + "/" + value.denominator().str(); }

// The outcome of one fast operation next to the 256-bit one: equal terms, or both overflowed.
void expect_same(const std::optional<wide::Fraction>& expected, const Rational& actual, ArithmeticFault fault,
                 const char* operation) {
  if (!expected) {
    EXPECT_EQ(fault, ArithmeticFault::kOverflow) << operation << " should overflow, gave " << terms(actual);
    return;
  }
  EXPECT_EQ(fault, ArithmeticFault::kNone) << operation;
  EXPECT_EQ(terms(actual), terms(*expected)) << operation;
}

struct Operands {
  BigInt num_a, den_a, num_b, den_b;
};

Operands random_operands(Generator& gen) {
  Operands operands{random_integer(gen), random_denominator(gen), random_integer(gen), random_denominator(gen)};
  if (gen.chance(15)) operands.den_b = operands.den_a;  // the same-denominator paths
  return operands;
}

TEST(FastArithmeticDifferential, RationalOperationsMatchThe256BitPath) {
  Generator gen(property_stream("fast arithmetic rational"));
  const int cases = property_cases(100000);
  for (int i = 0; i < cases && !::testing::Test::HasFailure(); ++i) {
    const Operands o = random_operands(gen);
    SCOPED_TRACE(case_trace(i) + ": " + o.num_a.str() + "/" + o.den_a.str() + " and " + o.num_b.str() + "/" +
                 o.den_b.str());
    const wide::Fraction wa = wide::reduced(o.num_a, o.den_a);
    const wide::Fraction wb = wide::reduced(o.num_b, o.den_b);
    const Rational a(o.num_a, o.den_a);
    const Rational b(o.num_b, o.den_b);
    ASSERT_EQ(terms(a), terms(wa));
    ASSERT_EQ(terms(b), terms(wb));
    EXPECT_EQ(a.to_string(), wa.den == 1 ? wa.num.str() : terms(wa));
    EXPECT_EQ(a.sign(), wa.num.sign());
    EXPECT_EQ(a.is_integer(), wa.den == 1);
    if (fits_int128(o.num_a) && fits_int128(o.den_a)) {
      EXPECT_EQ(terms(Rational(to_int128(o.num_a), to_int128(o.den_a))), terms(wa)) << "from Int128 terms";
    }

    {
      ArithmeticScope scope;
      const Rational sum = a + b;
      expect_same(wide::add(wa, wb), sum, scope.fault(), "+");
    }
    {
      ArithmeticScope scope;
      const Rational difference = a - b;
      expect_same(wide::add(wa, wide::Fraction{-wb.num, wb.den}), difference, scope.fault(), "-");
    }
    {
      ArithmeticScope scope;
      const Rational product = a * b;
      expect_same(wide::multiply(wa, wb), product, scope.fault(), "*");
    }
    {
      ArithmeticScope scope;
      const Rational quotient = a / b;
      if (wb.num.is_zero()) {
        EXPECT_EQ(scope.fault(), ArithmeticFault::kDivisionByZero);
      } else {
        const wide::Fraction reciprocal{wb.num.sign() < 0 ? BigInt(-wb.den) : wb.den, abs(wb.num)};
        expect_same(wide::multiply(wa, reciprocal), quotient, scope.fault(), "/");
      }
    }
    {
      ArithmeticScope scope;
      const int order = compare(a, b);
      const std::optional<int> expected = wide::compare(wa, wb);
      if (expected) {
        EXPECT_EQ(order, *expected) << "compare";
        EXPECT_EQ(scope.fault(), ArithmeticFault::kNone) << "compare";
      } else {
        EXPECT_EQ(scope.fault(), ArithmeticFault::kOverflow) << "compare";
      }
      EXPECT_EQ(a == b, wa.num == wb.num && wa.den == wb.den);
    }
    EXPECT_EQ(a.floor(), wide::floor(wa));
    EXPECT_EQ(a.ceil(), wide::ceil(wa));
    EXPECT_EQ(terms(-a), terms(wide::Fraction{-wa.num, wa.den}));
  }
}

// round_to_integer as defined, on BigInt terms: the floor, or the next integer when the
// fraction calls for it.
BigInt expected_rounding(const wide::Fraction& value, RoundingMode mode) {
  const BigInt floor = wide::floor(value);
  if (value.den == 1) return floor;
  const bool negative = value.num.sign() < 0;
  const BigInt twice_fraction = 2 * (value.num - floor * value.den);  // compared with den: the half
  switch (mode) {
    case RoundingMode::kUp: return negative ? floor : BigInt(floor + 1);
    case RoundingMode::kDown: return negative ? BigInt(floor + 1) : floor;
    case RoundingMode::kHalfUp:
    case RoundingMode::kHalfEven:
      if (twice_fraction < value.den) return floor;
      if (twice_fraction > value.den) return floor + 1;
      if (mode == RoundingMode::kHalfUp) return negative ? floor : BigInt(floor + 1);
      return floor % 2 == 0 ? floor : BigInt(floor + 1);
  }
  return floor;
}

TEST(FastArithmeticDifferential, RoundingMatchesThe256BitDefinition) {
  Generator gen(property_stream("fast arithmetic rounding"));
  const RoundingMode modes[] = {RoundingMode::kHalfUp, RoundingMode::kHalfEven, RoundingMode::kUp, RoundingMode::kDown};
  const int cases = property_cases(100000);
  for (int i = 0; i < cases && !::testing::Test::HasFailure(); ++i) {
    const Operands o = random_operands(gen);
    // Halves and near-halves as well: den even, num an odd multiple of den/2, give or take one.
    BigInt num = o.num_a;
    BigInt den = o.den_b;
    if (gen.chance(20)) {
      den = 2 * abs(o.den_a);
      num = (2 * BigInt(gen.integer(-1000000, 1000000)) + 1) * (den / 2) + gen.integer(-1, 1);
    }
    if (wide::bit_length(num) > 160 || wide::bit_length(den) > 160) continue;  // no faults: rounding is defined
    SCOPED_TRACE(case_trace(i) + ": " + num.str() + "/" + den.str());
    const wide::Fraction value = wide::reduced(num, den);
    const Rational fast(num, den);
    const RoundingMode mode = modes[gen.index(4)];
    ArithmeticScope scope;
    EXPECT_EQ(round_to_integer(fast, mode), expected_rounding(value, mode)) << rounding_mode_name(mode);

    // round_to_scale: OVERFLOW at |value| >= 10^24 or when the value rounded in minor units
    // reaches 10^24 (10^(24 + scale) minor units); otherwise the value rounded in minor units.
    const int scale = gen.below(13);
    const Result<Decimal> rounded = round_to_scale(fast, scale, mode);
    const BigInt limit = power(10, 24);
    const bool out_of_range = abs(value.num) >= limit * value.den;
    const BigInt minor = out_of_range ? BigInt(0) : expected_rounding(wide::reduced(value.num * power(10, scale), value.den), mode);
    if (out_of_range || abs(minor) >= limit * power(10, scale)) {
      ASSERT_FALSE(rounded.ok());
      EXPECT_EQ(rounded.error().code, ErrorCode::kOverflow);
    } else {
      ASSERT_TRUE(rounded.ok()) << rounded.error().message;
      EXPECT_EQ(rounded->units(), minor * power(10, 12 - scale)) << "scale " << scale << " " << rounding_mode_name(mode);
    }
    EXPECT_EQ(scope.fault(), ArithmeticFault::kNone);
  }
}

// The canonical text of a count of 10^-12 units, from BigInt arithmetic.
std::string text_of_units(const BigInt& units) {
  const BigInt scale = power(10, 12);
  std::string text = (units.sign() < 0 ? "-" : "") + BigInt(abs(units) / scale).str();
  std::string fraction = BigInt(abs(units) % scale).str();
  fraction.insert(0, 12 - fraction.size(), '0');
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (!fraction.empty()) text += "." + fraction;
  return text;
}

// Units within the Decimal range (|units| < 10^36), many at its edges and at 2^63, 2^64.
BigInt random_units(Generator& gen) {
  const BigInt limit = power(10, 36);
  BigInt units = random_integer(gen);
  if (abs(units) >= limit) units = units.sign() < 0 ? BigInt(-limit + gen.integer(1, 1000)) : BigInt(limit - gen.integer(1, 1000));
  return units;
}

TEST(FastArithmeticDifferential, DecimalsMatchBigIntArithmetic) {
  Generator gen(property_stream("fast arithmetic decimal"));
  const BigInt limit = power(10, 36);
  const BigInt scale = power(10, 12);
  const int cases = property_cases(100000);
  for (int i = 0; i < cases && !::testing::Test::HasFailure(); ++i) {
    const BigInt ua = random_units(gen);
    const BigInt ub = random_units(gen);
    SCOPED_TRACE(case_trace(i) + ": units " + ua.str() + " and " + ub.str());
    const std::string text_a = text_of_units(ua);
    const Result<Decimal> a = Decimal::parse(text_a);
    const Result<Decimal> b = Decimal::parse(text_of_units(ub));
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(a->units(), ua);
    ASSERT_EQ(b->units(), ub);
    EXPECT_EQ(a->to_string(), text_a);
    EXPECT_EQ(a->is_integer(), ua % scale == 0);
    EXPECT_EQ(terms(a->to_rational()), terms(wide::reduced(ua, scale)));
    EXPECT_EQ(*a < *b, ua < ub);
    EXPECT_EQ(*a == *b, ua == ub);
    {
      ArithmeticScope scope;
      const Decimal sum = *a + *b;
      const BigInt expected = ua + ub;
      if (abs(expected) >= limit) {
        EXPECT_EQ(scope.fault(), ArithmeticFault::kOverflow) << "+";
      } else {
        EXPECT_EQ(scope.fault(), ArithmeticFault::kNone) << "+";
        EXPECT_EQ(sum.units(), expected) << "+";
      }
    }
    {
      ArithmeticScope scope;
      const Decimal difference = *a - *b;
      const BigInt expected = ua - ub;
      if (abs(expected) >= limit) {
        EXPECT_EQ(scope.fault(), ArithmeticFault::kOverflow) << "-";
      } else {
        EXPECT_EQ(difference.units(), expected) << "-";
      }
    }

    // from_rational of any fraction: OVERFLOW when the whole part reaches 10^24, otherwise
    // exact when num * 10^12 is a multiple of den, INVALID_ARGUMENT when it is not.
    const Operands o = random_operands(gen);
    const wide::Fraction value = wide::reduced(o.num_a, o.den_a);
    const Result<Decimal> converted = Decimal::from_rational(Rational(o.num_a, o.den_a));
    if (abs(value.num / value.den) >= power(10, 24)) {
      ASSERT_FALSE(converted.ok());
      EXPECT_EQ(converted.error().code, ErrorCode::kOverflow);
    } else if ((value.num * scale) % value.den != 0) {
      ASSERT_FALSE(converted.ok());
      EXPECT_EQ(converted.error().code, ErrorCode::kInvalidArgument);
      EXPECT_EQ(converted.error().message, (value.den == 1 ? value.num.str() : terms(value)) + " has no exact 12-digit decimal form");
    } else {
      ASSERT_TRUE(converted.ok()) << converted.error().message;
      EXPECT_EQ(converted->units(), value.num * scale / value.den);
      EXPECT_EQ(converted->to_string(), text_of_units(value.num * scale / value.den));
    }
  }
}

}  // namespace
}  // namespace ratecard::testing
