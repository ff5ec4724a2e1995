// Property tests of op `prorate` over seeded random schedules (every interval, anchor kind and
// zone, with and without trials), prices of every prorated model, conventions and behaviours:
// changing to the same plan prorates to exactly zero, and a cycle split by one to three plan
// changes costs, invoice lines included, what each plan costs for its share of the cycle,
// within one minor unit per rounded line.
#include <gtest/gtest.h>

#include "calendar/instant.hpp"
#include "envelope_check.hpp"
#include "json/object_reader.hpp"
#include "json/request_parser.hpp"
#include "pricing/charge.hpp"
#include "property.hpp"
#include "ratecard/currency.hpp"
#include "ratecard/rounding.hpp"

namespace ratecard::testing {
namespace {

Json random_items(Generator& gen, int fraction_digits) {
  Json items = Json::array();
  for (std::int64_t n = gen.integer(1, 3); n > 0; --n) {
    Json item{{"id", "item-" + std::to_string(items.size())}, {"price", gen.quantity_price(fraction_digits)}};
    if (gen.chance(60)) item["quantity"] = gen.chance(50) ? Json(gen.integer(0, 50)) : Json(gen.decimal(2, 2));
    items.push_back(std::move(item));
  }
  return items;
}

// The exact (unrounded) charge of an item for a whole cycle, from the core's pricing code.
Rational exact_cycle_charge(const Json& item) {
  ObjectReader reader = *ObjectReader::open(item["price"], "");
  const Price price = *read_price(reader);
  const Decimal quantity = item.contains("quantity") ? (item["quantity"].is_string() ? decimal_of(item["quantity"])
                                                                                    : *Decimal::from_integer(BigInt(item["quantity"].get<std::int64_t>())))
                                                     : *Decimal::from_integer(BigInt(1));
  Rational total;
  for (const ChargeLine& line : charge_for_quantity(price, quantity).lines) total += line.amount;
  return total;
}

Json zero_at(const std::string& currency) {
  return Decimal{}.to_fixed(find_currency(currency)->minor_units);
}

TEST(ProrateProperties, ChangingToTheSamePlanProratesToExactlyZero) {
  Generator gen(property_stream("same plan"));
  for (int i = 0; i < property_cases(2000) && !::testing::Test::HasFailure(); ++i) {
    const std::string currency = gen.currency();
    const Json schedule = gen.schedule();
    const Json items = random_items(gen, static_cast<int>(gen.integer(0, 6)));
    // Half the time the same plan under new ids, which makes credit and charge lines.
    Json renamed = items;
    const bool rename = gen.chance(50);
    if (rename) {
      for (Json& item : renamed) item["id"] = item["id"].get<std::string>() + "-renewed";
    }
    const Json request{{"op", "prorate"},
                       {"currency", currency},
                       {"schedule", schedule},
                       {"change_at", Generator::instant_plus(schedule["start"], gen.integer(0, 3 * 366 * 86400))},
                       {"convention", gen.pick(std::vector<std::string>{"second", "day", "actual_360", "30_360"})},
                       {"behavior", gen.pick(std::vector<std::string>{"create_prorations", "none", "always_invoice"})},
                       {"downgrade_timing", gen.pick(std::vector<std::string>{"immediately", "period_end"})},
                       {"rounding", gen.rounding_mode()},
                       {"old_items", items},
                       {"new_items", renamed}};
    SCOPED_TRACE(case_trace(i, request));
    const Json response = evaluate_json(request);
    ASSERT_EQ(response["ok"], true) << response;
    const Json& result = response["result"];
    EXPECT_EQ(result["total"], zero_at(currency));
    EXPECT_EQ(result["direction"], "unchanged");
    if (!rename) {
      EXPECT_TRUE(result["lines"].empty()) << "an unchanged item gets no lines";
    }
    // Credits and charges cancel line by line: the same exact amount, rounded symmetrically.
    const Json& lines = result["lines"];
    ASSERT_EQ(lines.size() % 2, 0U);
    for (std::size_t k = 0; k < lines.size() / 2; ++k) {
      EXPECT_EQ(decimal_of(lines[k]["amount"]), -decimal_of(lines[k + lines.size() / 2]["amount"]));
    }
  }
}

TEST(ProrateProperties, ASplitCycleCostsEachPlansShareWithinOneMinorUnitPerLine) {
  Generator gen(property_stream("split cycle"));
  int lines_checked = 0;
  for (int i = 0; i < property_cases(1500) && !::testing::Test::HasFailure(); ++i) {
    const std::string currency = gen.currency();
    const int minor_units = find_currency(currency)->minor_units;
    const std::string rounding = gen.rounding_mode();
    const Json schedule = gen.schedule();
    const std::string billing_start = schedule.value("trial_end", schedule["start"].get<std::string>());
    std::vector<Json> plans;  // plans[0] before the first change, plans[k] after change k
    plans.push_back(random_items(gen, static_cast<int>(gen.integer(0, 4))));

    // The first change anywhere in three years of billing; the next ones later in its cycle.
    std::string change_at = Generator::instant_plus(billing_start, gen.integer(0, 3 * 366 * 86400));
    std::int64_t cycle_start = 0;
    std::int64_t cycle_end = 0;
    Rational observed;  // what the customer pays for the cycle: the upfront charge, then every line
    std::size_t line_count = 0;
    std::vector<Rational> remaining;  // f_k, the fraction of the cycle after change k
    const std::int64_t changes = gen.integer(1, 3);
    for (std::int64_t k = 0; k < changes; ++k) {
      plans.push_back(gen.chance(20) ? plans.back() : random_items(gen, static_cast<int>(gen.integer(0, 4))));
      const Json request{{"op", "prorate"},     {"currency", currency},        {"schedule", schedule},
                         {"change_at", change_at}, {"rounding", rounding},      {"old_items", plans[plans.size() - 2]},
                         {"new_items", plans.back()}};
      SCOPED_TRACE(case_trace(i, request));
      const Json response = evaluate_json(request);
      ASSERT_EQ(response["ok"], true) << response;
      const Json& result = response["result"];
      ASSERT_EQ(result["in_trial"], false);
      if (k == 0) {
        cycle_start = seconds_of(result["cycle"]["start"]);
        cycle_end = seconds_of(result["cycle"]["end"]);
      } else {
        ASSERT_EQ(seconds_of(result["cycle"]["start"]), cycle_start) << "the same cycle";
      }
      // The "second" convention: exactly the remaining seconds over the cycle's seconds.
      const Rational factor(BigInt(cycle_end - seconds_of(request["change_at"])), BigInt(cycle_end - cycle_start));
      EXPECT_EQ(result["factor"]["numerator"], factor.numerator().str());
      EXPECT_EQ(result["factor"]["denominator"], factor.denominator().str());
      remaining.push_back(factor);
      for (const Json& line : result["lines"]) {
        observed += decimal_of(line["amount"]).to_rational();
        ++line_count;
      }
      EXPECT_EQ(decimal_of(result["total"]).to_rational(),
                [&] {
                  Rational sum;
                  for (const Json& line : result["lines"]) sum += decimal_of(line["amount"]).to_rational();
                  return sum;
                }());
      if (cycle_end - seconds_of(request["change_at"]) < 2) break;
      change_at = Generator::instant_plus(request["change_at"], gen.integer(1, cycle_end - seconds_of(request["change_at"]) - 1));
    }
    if (::testing::Test::HasFailure()) break;

    // Exactly: plan k for the share of the cycle between change k and change k+1.
    auto plan_charge = [&](const Json& items) {
      Rational total;
      for (const Json& item : items) total += exact_cycle_charge(item);
      return total;
    };
    Rational fair;
    for (std::size_t k = 0; k <= remaining.size(); ++k) {
      const Rational from = k == 0 ? Rational(1) : remaining[k - 1];
      const Rational to = k == remaining.size() ? Rational(0) : remaining[k];
      fair += plan_charge(plans[k]) * (from - to);
    }
    // The upfront charge for the whole cycle of the first plan, each item rounded once.
    for (const Json& item : plans[0]) {
      observed += round_to_scale(exact_cycle_charge(item), minor_units, *parse_rounding_mode(rounding))->to_rational();
      ++line_count;
    }
    const Rational minor = unit_at_scale(minor_units);
    EXPECT_LE((observed - fair).abs(), Rational(static_cast<std::int64_t>(line_count)) * minor)
        << "observed " << observed.to_string() << " fair " << fair.to_string() << " over " << line_count << " lines";
    lines_checked += static_cast<int>(line_count);
  }
  EXPECT_GT(lines_checked, 1000);
}

}  // namespace
}  // namespace ratecard::testing
