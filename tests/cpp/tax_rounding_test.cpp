// Properties of compute_tax over many seeded random lines and rates: net + tax == gross on
// every line, inclusive prices are backed out with one rounding per line, every component is
// within one minor unit of its exact tax, and invoice-level rounding rounds each rate once.
// Seeded with the property seed (RATECARD_PROPERTY_SEED; RATECARD_PROPERTY_CASES documents per
// setting) through the tests' own generator, with the exact taxes computed by the tests' own
// arithmetic (exact.hpp), not the core's Rational and rounding.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "exact.hpp"
#include "property.hpp"
#include "ratecard/currency.hpp"
#include "ratecard/rounding.hpp"
#include "tax/tax_calculation.hpp"

namespace ratecard {
namespace {

using testing::Exact;
using testing::Generator;
using Integer = Exact::Integer;

constexpr int kCases = 1000;

Exact power_of_ten(int exponent) {
  Integer value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return Exact(value);
}

Exact exact_units(std::int64_t units, int scale) { return Exact(Integer(units)) / power_of_ten(scale); }

Decimal decimal_units(std::int64_t units, int scale) { return *Decimal::parse(exact_units(units, scale).fixed(scale, "down")); }

// A random document: lines with random amounts (one in five of up to 18 digits), discounts and
// behaviours, each with 1 to 3 components whose rates have up to 3 decimals (passed as request
// rates). The inputs are also kept as minor units and thousandths, for the exact expectations.
struct RandomLine {
  std::int64_t amount_units = 0;
  std::int64_t discount_units = 0;
  std::vector<std::int64_t> rate_thousandths;
};

struct RandomDocument {
  TaxContext context;
  std::vector<TaxLine> lines;
  std::vector<RandomLine> inputs;
};

RandomDocument random_document(Generator& gen, const Currency& currency, TaxRoundingLevel level) {
  // Few distinct rates, so invoice-level groups hold several lines.
  const std::vector<std::int64_t> rate_pool = {gen.integer(0, 30'000), gen.integer(0, 30'000), 9'975, 5'000, 25'000};

  RandomDocument document;
  document.context.tax_date = CivilDate{2025, 6, 1};
  document.context.rounding_level = level;
  document.context.seller.country = "DE";
  document.context.customer.country = "DE";
  const auto count = static_cast<int>(gen.integer(1, 8));
  for (int i = 0; i < count; ++i) {
    RandomLine input;
    input.amount_units = gen.integer(0, gen.chance(20) ? 999'999'999'999'999'999 : 2'000'000'000);
    input.discount_units = gen.chance(50) ? 0 : gen.integer(0, input.amount_units);
    TaxLine line;
    line.amount = decimal_units(input.amount_units, currency.minor_units);
    line.discount_amount = decimal_units(input.discount_units, currency.minor_units);
    line.behavior = gen.chance(50) ? TaxBehavior::kExclusive : TaxBehavior::kInclusive;
    line.path = "/lines/" + std::to_string(i);
    TaxRateOverride rates;
    const auto components = gen.integer(1, 3);
    for (std::int64_t k = 0; k < components; ++k) {
      const std::int64_t rate = gen.pick(rate_pool);
      input.rate_thousandths.push_back(rate);
      rates.components.push_back({"J" + std::to_string(k), "tax " + std::to_string(k), decimal_units(rate, 3)});
      if (rate > 0) rates.reason = TaxabilityReason::kStandardRated;
    }
    rates.line = static_cast<std::size_t>(i);
    document.lines.push_back(line);
    document.inputs.push_back(input);
    document.context.overrides.push_back(rates);
  }
  return document;
}

// The exact tax of component `k` of a line: base × rate / 100 when exclusive, base × rate /
// (100 + the line's total rate) when inclusive.
Exact exact_tax(const RandomLine& input, TaxBehavior behavior, std::size_t k, int scale) {
  Exact total_rate;
  for (const std::int64_t rate : input.rate_thousandths) total_rate += exact_units(rate, 3);
  const Exact base = exact_units(input.amount_units - input.discount_units, scale);
  const Exact hundred(Integer(100));
  const Exact divisor = behavior == TaxBehavior::kExclusive ? hundred : hundred + total_rate;
  return base * exact_units(input.rate_thousandths[k], 3) / divisor;
}

Exact exact_of(const Decimal& value) { return Exact::parse(value.to_string()); }

struct Setting {
  const char* currency;
  RoundingMode mode;
  const char* mode_name;
};

class TaxRounding : public ::testing::TestWithParam<Setting> {};

TEST_P(TaxRounding, LineLevelBacksOutInclusivePricesSoNetPlusTaxIsTheGross) {
  const Currency currency = *find_currency(GetParam().currency);
  const RoundingMode mode = GetParam().mode;
  const int scale = currency.minor_units;
  const Exact unit = exact_units(1, scale);
  Generator gen(testing::property_stream(std::string("tax line rounding ") + GetParam().currency));
  for (int n = 0; n < testing::property_cases(kCases) && !HasFailure(); ++n) {
    SCOPED_TRACE(testing::case_trace(n));
    const RandomDocument document = random_document(gen, currency, TaxRoundingLevel::kLine);
    const auto result = compute_tax(document.context, document.lines, currency, mode);
    ASSERT_TRUE(result.ok()) << result.error().message;
    for (std::size_t i = 0; i < document.lines.size(); ++i) {
      const TaxLine& input = document.lines[i];
      const RandomLine& units = document.inputs[i];
      const TaxedLine& line = result->lines[i];
      const Decimal base = input.amount - input.discount_amount;
      ASSERT_EQ(line.net_amount + line.tax_amount, line.gross_amount) << "line " << i;
      Exact exact_total;
      Decimal component_sum;
      for (std::size_t k = 0; k < line.components.size(); ++k) {
        const Exact exact = exact_tax(units, input.behavior, k, scale);
        exact_total += exact;
        component_sum += line.components[k].tax_amount;
        EXPECT_LT((exact_of(line.components[k].tax_amount) - exact).abs(), unit);
        EXPECT_EQ(line.components[k].taxable_amount, line.net_amount);
      }
      EXPECT_EQ(component_sum, line.tax_amount);
      if (input.behavior == TaxBehavior::kInclusive) {
        EXPECT_EQ(line.gross_amount, base);
        EXPECT_EQ(line.tax_amount.to_fixed(scale), exact_total.fixed(scale, GetParam().mode_name)) << "one rounding per line";
        EXPECT_GE(line.net_amount.sign(), 0);
      } else {
        EXPECT_EQ(line.net_amount, base);
        for (std::size_t k = 0; k < line.components.size(); ++k) {
          EXPECT_EQ(line.components[k].tax_amount.to_fixed(scale),
                    exact_tax(units, input.behavior, k, scale).fixed(scale, GetParam().mode_name))
              << "each exclusive component is rounded on its own";
        }
      }
    }
  }
}

TEST_P(TaxRounding, InvoiceLevelRoundsEachRateOnceAndKeepsEveryLineExact) {
  const Currency currency = *find_currency(GetParam().currency);
  const RoundingMode mode = GetParam().mode;
  const int scale = currency.minor_units;
  const Exact unit = exact_units(1, scale);
  Generator gen(testing::property_stream(std::string("tax invoice rounding ") + GetParam().currency));
  for (int n = 0; n < testing::property_cases(kCases) && !HasFailure(); ++n) {
    SCOPED_TRACE(testing::case_trace(n));
    const RandomDocument document = random_document(gen, currency, TaxRoundingLevel::kInvoice);
    const auto result = compute_tax(document.context, document.lines, currency, mode);
    ASSERT_TRUE(result.ok()) << result.error().message;
    std::map<std::tuple<std::string, std::string, std::string>, std::pair<Exact, Exact>> groups;
    Decimal total_tax;
    for (std::size_t i = 0; i < document.lines.size(); ++i) {
      const TaxLine& input = document.lines[i];
      const TaxedLine& line = result->lines[i];
      ASSERT_EQ(line.net_amount + line.tax_amount, line.gross_amount) << "line " << i;
      EXPECT_EQ(input.behavior == TaxBehavior::kInclusive ? line.gross_amount : line.net_amount,
                input.amount - input.discount_amount);
      for (std::size_t k = 0; k < line.components.size(); ++k) {
        const Exact exact = exact_tax(document.inputs[i], input.behavior, k, scale);
        EXPECT_LT((exact_of(line.components[k].tax_amount) - exact).abs(), unit);
        auto& group = groups[{line.components[k].jurisdiction, line.components[k].name,
                              line.components[k].rate.to_string()}];
        group.first += exact;
        group.second += exact_of(line.components[k].tax_amount);
      }
      total_tax += line.tax_amount;
    }
    for (const auto& [key, group] : groups) {
      EXPECT_EQ(group.second.fixed(scale, "down"), group.first.fixed(scale, GetParam().mode_name))
          << "the lines of one rate sum to its total rounded once";
    }
    EXPECT_EQ(result->totals.tax_amount, total_tax);
    Decimal breakdown_tax;
    for (const TaxBreakdownEntry& entry : result->breakdown) breakdown_tax += entry.tax_amount;
    EXPECT_EQ(breakdown_tax, total_tax);
  }
}

INSTANTIATE_TEST_SUITE_P(SeededRandom, TaxRounding,
                         ::testing::Values(Setting{"USD", RoundingMode::kHalfUp, "half_up"},
                                           Setting{"EUR", RoundingMode::kHalfEven, "half_even"},
                                           Setting{"JPY", RoundingMode::kHalfUp, "half_up"},
                                           Setting{"BHD", RoundingMode::kUp, "up"},
                                           Setting{"CAD", RoundingMode::kDown, "down"}));

TEST(TaxRounding, TheIssueExampleDiffersByACentBetweenLineAndInvoiceRounding) {
  const Currency aud = *find_currency("AUD");
  TaxContext context;
  context.tax_date = CivilDate{2025, 6, 1};
  context.seller.country = "AU";
  context.seller.registrations = {"AU"};
  context.customer.country = "AU";
  std::vector<TaxLine> lines(2);
  lines[0].amount = *Decimal::parse("1000.00");
  lines[1].amount = *Decimal::parse("50.00");
  for (TaxLine& line : lines) line.behavior = TaxBehavior::kInclusive;

  const auto per_line = compute_tax(context, lines, aud, RoundingMode::kHalfUp);
  ASSERT_TRUE(per_line.ok()) << per_line.error().message;
  EXPECT_EQ(per_line->lines[0].tax_amount.to_fixed(2), "90.91");
  EXPECT_EQ(per_line->lines[1].tax_amount.to_fixed(2), "4.55");
  EXPECT_EQ(per_line->totals.tax_amount.to_fixed(2), "95.46");

  context.rounding_level = TaxRoundingLevel::kInvoice;
  const auto per_invoice = compute_tax(context, lines, aud, RoundingMode::kHalfUp);
  ASSERT_TRUE(per_invoice.ok()) << per_invoice.error().message;
  EXPECT_EQ(per_invoice->totals.tax_amount.to_fixed(2), "95.45");
  EXPECT_EQ(per_invoice->lines[0].tax_amount.to_fixed(2), "90.91") << "the larger remainder keeps its cent";
  EXPECT_EQ(per_invoice->lines[1].tax_amount.to_fixed(2), "4.54");
  EXPECT_EQ(per_invoice->lines[1].net_amount.to_fixed(2), "45.46");
}

TEST(TaxRounding, AmountsFinerThanTheMinorUnitAreRefusedAtTheLinePath) {
  const Currency jpy = *find_currency("JPY");
  TaxContext context;
  context.tax_date = CivilDate{2025, 6, 1};
  context.seller.country = "JP";
  context.seller.registrations = {"JP"};
  context.customer.country = "JP";
  TaxLine line;
  line.amount = *Decimal::parse("10.5");
  line.path = "/items/3";
  const auto result = compute_tax(context, {line}, jpy, RoundingMode::kHalfUp);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.error().path, "/items/3/amount");
}

}  // namespace
}  // namespace ratecard
