// Properties of compute_tax over many seeded random lines and rates: net + tax == gross on
// every line, inclusive prices are backed out with one rounding per line, every component is
// within one minor unit of its exact tax, and invoice-level rounding rounds each rate once.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "ratecard/currency.hpp"
#include "ratecard/rounding.hpp"
#include "tax/tax_calculation.hpp"

namespace ratecard {
namespace {

constexpr int kCases = 400;

BigInt power_of_ten(int exponent) {
  BigInt value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

Decimal from_units(std::int64_t units, int scale) {
  return *Decimal::from_rational(Rational(BigInt(units), power_of_ten(scale)));
}

// A random document: lines with random amounts, discounts and behaviours, each with 1 to 3
// components whose rates have up to 3 decimals (passed as request rates).
struct RandomDocument {
  TaxContext context;
  std::vector<TaxLine> lines;
};

RandomDocument random_document(std::mt19937_64& random, const Currency& currency, TaxRoundingLevel level) {
  std::uniform_int_distribution<std::int64_t> amount_units(0, 2'000'000'000);
  std::uniform_int_distribution<int> line_count(1, 8);
  std::uniform_int_distribution<int> component_count(1, 3);
  std::uniform_int_distribution<std::int64_t> rate_thousandths(0, 30'000);
  std::uniform_int_distribution<int> coin(0, 1);
  // Few distinct rates, so invoice-level groups hold several lines.
  const std::vector<std::int64_t> rate_pool = {rate_thousandths(random), rate_thousandths(random), 9'975, 5'000,
                                               25'000};
  std::uniform_int_distribution<std::size_t> pick(0, rate_pool.size() - 1);

  RandomDocument document;
  document.context.tax_date = CivilDate{2025, 6, 1};
  document.context.rounding_level = level;
  document.context.seller.country = "DE";
  document.context.customer.country = "DE";
  const int count = line_count(random);
  for (int i = 0; i < count; ++i) {
    TaxLine line;
    const std::int64_t amount = amount_units(random);
    std::uniform_int_distribution<std::int64_t> discount_units(0, amount);
    line.amount = from_units(amount, currency.minor_units);
    line.discount_amount = coin(random) == 0 ? Decimal{} : from_units(discount_units(random), currency.minor_units);
    line.behavior = coin(random) == 0 ? TaxBehavior::kExclusive : TaxBehavior::kInclusive;
    line.path = "/lines/" + std::to_string(i);
    TaxRateOverride rates;
    const int components = component_count(random);
    for (int k = 0; k < components; ++k) {
      const std::int64_t rate = rate_pool[pick(random)];
      rates.components.push_back({"J" + std::to_string(k), "tax " + std::to_string(k), from_units(rate, 3)});
      if (rate > 0) rates.reason = TaxabilityReason::kStandardRated;
    }
    rates.line = static_cast<std::size_t>(i);
    document.lines.push_back(line);
    document.context.overrides.push_back(rates);
  }
  return document;
}

Rational exact_tax(const TaxLine& line, const TaxComponentRate& component, const TaxRateOverride& rates) {
  Rational total_rate;
  for (const TaxComponentRate& c : rates.components) total_rate += c.rate.to_rational();
  const Rational base = (line.amount - line.discount_amount).to_rational();
  const Rational divisor = line.behavior == TaxBehavior::kExclusive ? Rational(100) : Rational(100) + total_rate;
  return base * component.rate.to_rational() / divisor;
}

struct Setting {
  const char* currency;
  RoundingMode mode;
};

class TaxRounding : public ::testing::TestWithParam<Setting> {};

TEST_P(TaxRounding, LineLevelBacksOutInclusivePricesSoNetPlusTaxIsTheGross) {
  const Currency currency = *find_currency(GetParam().currency);
  const RoundingMode mode = GetParam().mode;
  const Rational unit(BigInt(1), power_of_ten(currency.minor_units));
  std::mt19937_64 random(20260701);
  for (int n = 0; n < kCases; ++n) {
    const RandomDocument document = random_document(random, currency, TaxRoundingLevel::kLine);
    const auto result = compute_tax(document.context, document.lines, currency, mode);
    ASSERT_TRUE(result.ok()) << result.error().message;
    for (std::size_t i = 0; i < document.lines.size(); ++i) {
      const TaxLine& input = document.lines[i];
      const TaxedLine& line = result->lines[i];
      const TaxRateOverride& rates = document.context.overrides[i];
      const Decimal base = input.amount - input.discount_amount;
      ASSERT_EQ(line.net_amount + line.tax_amount, line.gross_amount) << "case " << n << " line " << i;
      Rational exact_total;
      Decimal component_sum;
      for (std::size_t k = 0; k < line.components.size(); ++k) {
        const Rational exact = exact_tax(input, rates.components[k], rates);
        exact_total += exact;
        component_sum += line.components[k].tax_amount;
        EXPECT_LT((line.components[k].tax_amount.to_rational() - exact).abs(), unit) << "case " << n;
        EXPECT_EQ(line.components[k].taxable_amount, line.net_amount);
      }
      EXPECT_EQ(component_sum, line.tax_amount);
      if (input.behavior == TaxBehavior::kInclusive) {
        EXPECT_EQ(line.gross_amount, base);
        EXPECT_EQ(line.tax_amount, *round_to_scale(exact_total, currency.minor_units, mode)) << "one rounding per line";
        EXPECT_GE(line.net_amount.sign(), 0);
      } else {
        EXPECT_EQ(line.net_amount, base);
        for (std::size_t k = 0; k < line.components.size(); ++k) {
          EXPECT_EQ(line.components[k].tax_amount,
                    *round_to_scale(exact_tax(input, rates.components[k], rates), currency.minor_units, mode))
              << "each exclusive component is rounded on its own";
        }
      }
    }
  }
}

TEST_P(TaxRounding, InvoiceLevelRoundsEachRateOnceAndKeepsEveryLineExact) {
  const Currency currency = *find_currency(GetParam().currency);
  const RoundingMode mode = GetParam().mode;
  const Rational unit(BigInt(1), power_of_ten(currency.minor_units));
  std::mt19937_64 random(20260702);
  for (int n = 0; n < kCases; ++n) {
    const RandomDocument document = random_document(random, currency, TaxRoundingLevel::kInvoice);
    const auto result = compute_tax(document.context, document.lines, currency, mode);
    ASSERT_TRUE(result.ok()) << result.error().message;
    std::map<std::tuple<std::string, std::string, std::string>, std::pair<Rational, Decimal>> groups;
    Decimal total_tax;
    for (std::size_t i = 0; i < document.lines.size(); ++i) {
      const TaxLine& input = document.lines[i];
      const TaxedLine& line = result->lines[i];
      const TaxRateOverride& rates = document.context.overrides[i];
      ASSERT_EQ(line.net_amount + line.tax_amount, line.gross_amount) << "case " << n << " line " << i;
      EXPECT_EQ(input.behavior == TaxBehavior::kInclusive ? line.gross_amount : line.net_amount,
                input.amount - input.discount_amount);
      for (std::size_t k = 0; k < line.components.size(); ++k) {
        const Rational exact = exact_tax(input, rates.components[k], rates);
        EXPECT_LT((line.components[k].tax_amount.to_rational() - exact).abs(), unit) << "case " << n;
        auto& group = groups[{line.components[k].jurisdiction, line.components[k].name,
                              line.components[k].rate.to_string()}];
        group.first += exact;
        group.second += line.components[k].tax_amount;
      }
      total_tax += line.tax_amount;
    }
    for (const auto& [key, group] : groups) {
      EXPECT_EQ(group.second, *round_to_scale(group.first, currency.minor_units, mode))
          << "case " << n << ": the lines of one rate sum to its total rounded once";
    }
    EXPECT_EQ(result->totals.tax_amount, total_tax);
    Decimal breakdown_tax;
    for (const TaxBreakdownEntry& entry : result->breakdown) breakdown_tax += entry.tax_amount;
    EXPECT_EQ(breakdown_tax, total_tax);
  }
}

INSTANTIATE_TEST_SUITE_P(SeededRandom, TaxRounding,
                         ::testing::Values(Setting{"USD", RoundingMode::kHalfUp}, Setting{"EUR", RoundingMode::kHalfEven},
                                           Setting{"JPY", RoundingMode::kHalfUp}, Setting{"BHD", RoundingMode::kUp},
                                           Setting{"CAD", RoundingMode::kDown}));

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
