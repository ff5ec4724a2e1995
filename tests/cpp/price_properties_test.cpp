// Property tests of op `price`: seeded random prices and quantities (thousands of cases per
// property) checked against facts that hold for every input. A failure prints the seed
// (replay with RATECARD_PROPERTY_SEED) and the request. See docs/core-api.md, "Limits and
// guarantees".
#include <gtest/gtest.h>

#include "envelope_check.hpp"
#include "json/request_parser.hpp"
#include "property.hpp"
#include "ratecard/currency.hpp"
#include "ratecard/decimal.hpp"

namespace ratecard::testing {
namespace {

// The rounded `total` is the exact total rounded to the minor unit with `mode`.
void expect_rounded_with_mode(const Rational& exact, const Decimal& total, const std::string& mode,
                              const Rational& unit) {
  const Rational rounded = total.to_rational();
  const Rational distance = (rounded - exact).abs();
  if (mode == "down") {
    EXPECT_LE(rounded.abs(), exact.abs()) << "down rounds toward zero";
    EXPECT_LT(distance, unit);
  } else if (mode == "up") {
    EXPECT_GE(rounded.abs(), exact.abs()) << "up rounds away from zero";
    EXPECT_LT(distance, unit);
  } else {
    EXPECT_LE(distance, unit / Rational(2)) << mode << " rounds to the nearest minor unit";
  }
}

Json tiered_request(Generator& gen, const std::string& model, const Json& tiers, const std::string& quantity) {
  return Json{{"op", "price"},
              {"currency", gen.currency()},
              {"rounding", gen.rounding_mode()},
              {"price", {{"model", model}, {"tiers", tiers}}},
              {"quantity", quantity}};
}

TEST(PriceProperties, GraduatedAmountNeverDecreasesAsQuantityGrows) {
  Generator gen(property_stream("graduated monotone"));
  for (int i = 0; i < property_cases(3000) && !::testing::Test::HasFailure(); ++i) {
    const std::string model = gen.chance(70) ? "graduated" : "graduated_percentage";
    const Json tiers = gen.tiers(model, static_cast<std::size_t>(gen.integer(1, 6)), static_cast<int>(gen.integer(0, 6)));
    const Decimal smaller = *Decimal::parse(gen.decimal(4, 4));
    const Decimal larger = smaller + *Decimal::parse(gen.chance(20) ? "0.0001" : gen.decimal(3, 4));
    Json request = tiered_request(gen, model, tiers, smaller.to_string());
    SCOPED_TRACE(case_trace(i, request) + " then quantity " + larger.to_string());
    const Json first = evaluate_json(request);
    request["quantity"] = larger.to_string();
    const Json second = evaluate_json(request);
    ASSERT_TRUE(first["ok"].get<bool>() && second["ok"].get<bool>()) << first << second;
    EXPECT_LE(decimal_of(first["result"]["amount"]), decimal_of(second["result"]["amount"]));
  }
}

TEST(PriceProperties, VolumeAndGraduatedAgreeOnOneTier) {
  Generator gen(property_stream("one tier"));
  for (int i = 0; i < property_cases(3000) && !::testing::Test::HasFailure(); ++i) {
    const Json tiers = gen.tiers("graduated", 1, static_cast<int>(gen.integer(0, 8)));
    const Json graduated_request = tiered_request(gen, "graduated", tiers, gen.decimal(5, 6));
    Json volume_request = graduated_request;
    volume_request["price"]["model"] = "volume";
    SCOPED_TRACE(case_trace(i, graduated_request));
    Json graduated = evaluate_json(graduated_request);
    Json volume = evaluate_json(volume_request);
    ASSERT_TRUE(graduated["ok"].get<bool>()) << graduated;
    graduated["result"].erase("model");
    volume["result"].erase("model");
    EXPECT_EQ(graduated, volume);
  }
}

TEST(PriceProperties, PackagePriceIsStartedPackagesTimesPackageAmount) {
  Generator gen(property_stream("package"));
  for (int i = 0; i < property_cases(3000) && !::testing::Test::HasFailure(); ++i) {
    const std::string currency = gen.currency();
    const int minor_units = find_currency(currency)->minor_units;
    std::string size = gen.decimal(3, 3);
    if (*Decimal::parse(size) == Decimal{}) size = "1";
    const std::string package_amount = gen.decimal(4, minor_units);  // exact at the minor unit
    const std::string free_units = gen.chance(40) ? gen.decimal(3, 2) : "0";
    const std::string quantity = gen.decimal(5, 3);
    const Json request{{"op", "price"},
                       {"currency", currency},
                       {"rounding", gen.rounding_mode()},
                       {"price",
                        {{"model", "package"},
                         {"package_size", size},
                         {"package_amount", package_amount},
                         {"free_units", free_units}}},
                       {"quantity", quantity}};
    SCOPED_TRACE(case_trace(i, request));

    // Independently: packages = ceil(max(0, quantity - free_units) / package_size), on raw units.
    BigInt billable = Decimal::parse(quantity)->units() - Decimal::parse(free_units)->units();
    if (billable < 0) billable = 0;
    const BigInt size_units = Decimal::parse(size)->units();
    const BigInt packages = (billable + size_units - 1) / size_units;
    const Decimal expected = *Decimal::from_rational(Rational(packages, BigInt(1)) * Decimal::parse(package_amount)->to_rational());

    const Json response = evaluate_json(request);
    ASSERT_TRUE(response["ok"].get<bool>()) << response;
    EXPECT_EQ(response["result"]["lines"][0]["packages"], packages.str());
    EXPECT_EQ(response["result"]["amount"], expected.to_fixed(minor_units));
  }
}

// The exact amount of a line, computed from the fields it reports (and the request).
Rational exact_line_amount(const Json& line, const Json& price) {
  const std::string kind = line["kind"].get<std::string>();
  if (kind == "flat") return decimal_of(price["amount"]).to_rational();
  if (kind == "unit") return decimal_of(line["quantity"]).to_rational() * decimal_of(line["unit_amount"]).to_rational();
  if (kind == "package") {
    return Rational(BigInt(line["packages"].get<std::string>().c_str()), BigInt(1)) *
           decimal_of(line["package_amount"]).to_rational();
  }
  Rational amount = decimal_of(line["flat_amount"]).to_rational();
  if (line.contains("unit_amount")) {
    amount += decimal_of(line["quantity"]).to_rational() * decimal_of(line["unit_amount"]).to_rational();
  }
  if (line.contains("rate")) {
    amount += decimal_of(line["quantity"]).to_rational() * decimal_of(line["rate"]).to_rational() / Rational(100);
  }
  return amount;
}

TEST(PriceProperties, RoundedLinesSumToTheTotalAndStayWithinOneMinorUnit) {
  Generator gen(property_stream("lines sum"));
  for (int i = 0; i < property_cases(5000) && !::testing::Test::HasFailure(); ++i) {
    const Json request = gen.price_request();
    SCOPED_TRACE(case_trace(i, request));
    const Json response = evaluate_json(request);
    ASSERT_TRUE(response["ok"].get<bool>()) << response;
    const Json& result = response["result"];
    const int minor_units = find_currency(request["currency"].get<std::string>())->minor_units;
    const Rational unit = unit_at_scale(minor_units);

    Decimal sum;
    Rational exact_total;
    const bool percentage = request["price"]["model"] == "percentage";
    for (const Json& line : result["lines"]) {
      const Decimal amount = decimal_of(line["amount"]);
      EXPECT_EQ(amount.to_fixed(minor_units), line["amount"]) << "amounts are at the minor unit";
      sum += amount;
      if (percentage) continue;  // the transaction-limit line is not computable from its fields
      const Rational exact = exact_line_amount(line, request["price"]);
      exact_total += exact;
      EXPECT_LT((amount.to_rational() - exact).abs(), unit) << line;
    }
    EXPECT_EQ(sum, decimal_of(result["amount"]));
    if (!percentage) {
      expect_rounded_with_mode(exact_total, decimal_of(result["amount"]), request.value("rounding", "half_up"), unit);
    }
  }
}

}  // namespace
}  // namespace ratecard::testing
