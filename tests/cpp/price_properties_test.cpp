// Property tests of op `price`: seeded random prices and quantities (thousands of cases per
// property), many at the limits of the number format (24 integer and 12 fractional digits),
// checked against facts that hold for every input, with expectations computed by the tests'
// own exact arithmetic (exact.hpp), not the core's Decimal and Rational. A failure prints the
// seed (replay with RATECARD_PROPERTY_SEED) and the request. See docs/core-api.md, "Limits and
// guarantees".
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "envelope_check.hpp"
#include "exact.hpp"
#include "json/request_parser.hpp"
#include "property.hpp"
#include "ratecard/currency.hpp"

namespace ratecard::testing {
namespace {

using Integer = Exact::Integer;

Exact exact_of(const Json& value) {
  return value.is_string() ? Exact::parse(value.get<std::string>()) : Exact(Integer(value.get<std::int64_t>()));
}

Exact field_or_zero(const Json& object, const char* key) {
  return object.contains(key) && !object[key].is_null() ? exact_of(object[key]) : Exact();
}

Exact power_of_ten(int exponent) {
  Integer value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return Exact(value);
}

// `units` minor units at `scale` fractional digits as money text ("-0.05", "1500").
std::string money_text(const Integer& units, int scale) { return (Exact(units) / power_of_ten(scale)).fixed(scale, "down"); }

// The line amounts the contract promises for exact line amounts whose sum rounds to `total`:
// each line floored to the minor unit, the missing minor units to the largest remainders, ties
// to the earlier line (docs/core-api.md, "Rounding").
std::vector<std::string> allocated(const std::vector<Exact>& lines, const std::string& total, int scale) {
  const Exact minor = power_of_ten(scale);
  std::vector<Integer> parts;
  std::vector<Exact> remainders;
  Integer floors = 0;
  for (const Exact& line : lines) {
    const Exact scaled = line * minor;
    const Integer floored = -(Exact(Integer(-1)) * scaled).ceil();
    parts.push_back(floored);
    remainders.push_back(scaled - Exact(floored));
    floors += floored;
  }
  Integer shortfall = (Exact::parse(total) * minor).ceil() - floors;
  std::vector<std::size_t> order(lines.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainders[b] < remainders[a]; });
  for (const std::size_t index : order) {
    if (shortfall <= 0 || remainders[index] == Exact()) break;
    parts[index] += 1;
    shortfall -= 1;
  }
  std::vector<std::string> texts;
  for (const Integer& part : parts) texts.push_back(money_text(part, scale));
  return texts;
}

// True when a request's text holds a decimal string with 12 fractional digits.
bool has_twelve_fraction_digits(const std::string& text) {
  std::size_t digits = 0;
  bool fraction = false;
  for (const char c : text) {
    if (fraction && c >= '0' && c <= '9') {
      ++digits;
    } else {
      if (fraction && c == '"' && digits == 12) return true;
      fraction = c == '.';
      digits = 0;
    }
  }
  return false;
}

Json tiered_request(Generator& gen, const std::string& model, const Json& tiers, const std::string& quantity) {
  return Json{{"op", "price"},
              {"currency", gen.currency()},
              {"rounding", gen.rounding_mode()},
              {"price", {{"model", model}, {"tiers", tiers}}},
              {"quantity", quantity}};
}

// A quantity above `quantity` (a decimal string): one unit of the 12th fractional digit more, or
// up to half as much again (so the request keeps within the digits its generator planned).
std::string larger_quantity(Generator& gen, const std::string& quantity) {
  const Exact smaller = Exact::parse(quantity);
  Exact step = gen.chance(20) ? Exact::parse("0.000000000001") : smaller * Exact(Integer(gen.integer(1, 500)), Integer(1000));
  if (step == Exact()) step = Exact::parse("0.5");
  if ((smaller + step).integer_digits() > 24) step = Exact::parse("0.000000000001");
  return canonical_decimal((smaller + step).fixed(12, "down"));
}

TEST(PriceProperties, GraduatedAmountNeverDecreasesAsQuantityGrows) {
  Generator gen(property_stream("graduated monotone"));
  for (int i = 0; i < property_cases(3000) && !::testing::Test::HasFailure(); ++i) {
    Json request = gen.wide_price_request(gen.chance(70) ? "graduated" : "graduated_percentage");
    const std::string smaller = request.contains("quantity") ? exact_of(request["quantity"]).fixed(12, "down") : "0";
    const std::string larger = larger_quantity(gen, smaller);
    request["quantity"] = canonical_decimal(smaller);
    SCOPED_TRACE(case_trace(i, request) + " then quantity " + larger);
    const Json first = evaluate_json(request);
    request["quantity"] = larger;
    const Json second = evaluate_json(request);
    ASSERT_TRUE(first["ok"].get<bool>() && second["ok"].get<bool>()) << first << second;
    EXPECT_LE(exact_of(first["result"]["amount"]), exact_of(second["result"]["amount"]));
  }
}

TEST(PriceProperties, VolumeAndGraduatedAgreeOnOneTier) {
  Generator gen(property_stream("one tier"));
  for (int i = 0; i < property_cases(3000) && !::testing::Test::HasFailure(); ++i) {
    const Json tiers = gen.tiers("graduated", 1, static_cast<int>(gen.integer(0, 12)));
    // Up to 16 integer digits: times a unit amount of up to 3, in minor units of up to 4, 23 digits.
    const std::string quantity = gen.decimal_of_size(static_cast<int>(gen.integer(0, 16)), static_cast<int>(gen.integer(0, 12)));
    const Json graduated_request = tiered_request(gen, "graduated", tiers, quantity);
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
    const Json request = gen.wide_price_request("package");
    SCOPED_TRACE(case_trace(i, request));
    const Json& price = request["price"];
    const int minor_units = find_currency(request["currency"].get<std::string>())->minor_units;

    // packages = ceil(max(0, quantity - free_units) / package_size), the amount rounded once.
    Exact billable = field_or_zero(request, "quantity") - field_or_zero(price, "free_units");
    if (billable < Exact()) billable = Exact();
    const Integer packages = (billable / exact_of(price["package_size"])).ceil();
    const Exact exact = Exact(packages) * exact_of(price["package_amount"]);

    const Json response = evaluate_json(request);
    ASSERT_TRUE(response["ok"].get<bool>()) << response;
    EXPECT_EQ(response["result"]["lines"][0]["packages"], packages.str());
    EXPECT_EQ(response["result"]["amount"], exact.fixed(minor_units, request.value("rounding", "half_up")));
  }
}

// The exact amount of a line, computed from the fields it reports (and the request).
Exact exact_line_amount(const Json& line, const Json& price) {
  const std::string kind = line["kind"].get<std::string>();
  if (kind == "flat") return exact_of(price["amount"]);
  if (kind == "unit") return exact_of(line["quantity"]) * exact_of(line["unit_amount"]);
  if (kind == "package") return exact_of(line["packages"]) * exact_of(line["package_amount"]);
  Exact amount = exact_of(line["flat_amount"]);
  if (line.contains("unit_amount")) amount += exact_of(line["quantity"]) * exact_of(line["unit_amount"]);
  if (line.contains("rate")) amount += exact_of(line["quantity"]) * exact_of(line["rate"]) / Exact(Integer(100));
  return amount;
}

TEST(PriceProperties, TotalIsTheExactChargeRoundedOnceAndLinesAreAllocatedByLargestRemainder) {
  Generator gen(property_stream("lines sum"));
  int at_the_limits = 0;
  for (int i = 0; i < property_cases(5000) && !::testing::Test::HasFailure(); ++i) {
    const Json request = gen.chance(50) ? gen.wide_price_request() : gen.price_request();
    SCOPED_TRACE(case_trace(i, request));
    const Json response = evaluate_json(request);
    ASSERT_TRUE(response["ok"].get<bool>()) << response;
    const Json& result = response["result"];
    const int minor_units = find_currency(request["currency"].get<std::string>())->minor_units;
    const std::string mode = request.value("rounding", "half_up");

    Exact sum;
    for (const Json& line : result["lines"]) {
      EXPECT_EQ(exact_of(line["amount"]).fixed(minor_units, "down"), line["amount"]) << "amounts are at the minor unit";
      sum += exact_of(line["amount"]);
    }
    EXPECT_EQ(sum, exact_of(result["amount"])) << "the lines sum to the total";
    if (request["price"]["model"] == "percentage") continue;  // the limits line is not computable from its fields

    std::vector<Exact> exact_lines;
    Exact exact_total;
    for (const Json& line : result["lines"]) {
      exact_lines.push_back(exact_line_amount(line, request["price"]));
      exact_total += exact_lines.back();
    }
    EXPECT_EQ(result["amount"], exact_total.fixed(minor_units, mode)) << "the exact total rounded once";
    std::vector<std::string> amounts;
    for (const Json& line : result["lines"]) amounts.push_back(line["amount"].get<std::string>());
    EXPECT_EQ(amounts, allocated(exact_lines, result["amount"].get<std::string>(), minor_units));
    if (exact_total.integer_digits() >= 18 || has_twelve_fraction_digits(request.dump())) ++at_the_limits;
  }
  EXPECT_GT(at_the_limits, property_cases(5000) / 20) << "cases with 18+ digit totals or 12-digit fractions";
}

// Graduated tier lines split the quantity exactly: their quantities add up to it.
TEST(PriceProperties, GraduatedTierQuantitiesAddUpToTheQuantity) {
  Generator gen(property_stream("tier quantities"));
  for (int i = 0; i < property_cases(3000) && !::testing::Test::HasFailure(); ++i) {
    const Json request = gen.wide_price_request(gen.chance(50) ? "graduated" : "graduated_percentage");
    SCOPED_TRACE(case_trace(i, request));
    const Json response = evaluate_json(request);
    ASSERT_TRUE(response["ok"].get<bool>()) << response;
    Exact split;
    for (const Json& line : response["result"]["lines"]) split += exact_of(line["quantity"]);
    EXPECT_EQ(split, field_or_zero(request, "quantity"));
  }
}

}  // namespace
}  // namespace ratecard::testing
