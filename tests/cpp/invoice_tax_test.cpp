// Seeded random taxed invoices: every line keeps net + tax = gross, the totals follow from the
// lines, and the invoice's tax is exactly what the `tax` op computes for the same lines (one
// engine, two entry points).
#include <gtest/gtest.h>

#include <initializer_list>
#include <random>
#include <string>

#include "json/json.hpp"
#include "json/request_parser.hpp"
#include "ratecard/decimal.hpp"
#include "ratecard/evaluate.hpp"

namespace ratecard {
namespace {

class RandomTaxedInvoice {
 public:
  explicit RandomTaxedInvoice(std::uint64_t seed) : random_(seed) {}

  Json request() {
    Json items = Json::array();
    const int item_count = 1 + pick(4);
    for (int i = 0; i < item_count; ++i) {
      items.push_back({{"id", "item_" + std::to_string(i)},
                       {"type", "fixed"},
                       {"quantity", 1 + pick(20)},
                       {"price", {{"model", "per_unit"}, {"unit_amount", money(20000)}}},
                       {"tax_category", pick_of({"standard", "standard", "digital_services", "zero_rated", "exempt"})},
                       {"tax_behavior", pick_of({"exclusive", "inclusive"})}});
    }
    Json request{{"op", "invoice"},
                 {"customer", {{"currency", "EUR"}}},
                 {"period", {{"start", "2026-02-01T00:00:00Z"}, {"end", "2026-03-01T00:00:00Z"}}},
                 {"subscriptions", {{{"id", "sub"}, {"items", items}}}},
                 {"rounding", pick_of({"half_up", "half_even", "up", "down"})},
                 {"tax", tax()}};
    for (int i = pick(3); i > 0; --i) {
      request["prorations"].push_back(
          {{"amount", (pick(2) == 0 ? "-" : "") + money(20000)}, {"item", "item_" + std::to_string(pick(item_count))}});
    }
    if (pick(2) == 0) {
      request["coupons"].push_back({{"id", "off"}, {"percent_off", std::to_string(1 + pick(60))}});
    }
    return request;
  }

 private:
  int pick(int bound) { return std::uniform_int_distribution<int>(0, bound - 1)(random_); }
  const char* pick_of(std::initializer_list<const char*> names) {
    return names.begin()[pick(static_cast<int>(names.size()))];
  }

  // A random EUR amount of 0.01 to bound_units / 100.
  std::string money(int bound_units) {
    std::string digits = std::to_string(1 + pick(bound_units));
    if (digits.size() < 3) digits.insert(0, 3 - digits.size(), '0');
    digits.insert(digits.size() - 2, ".");
    return digits;
  }

  // A seller and customer that give two components (Quebec), one (France, Germany) or
  // reverse-charged lines, rounded per line or per invoice.
  Json tax() {
    Json tax{{"tax_date", "2026-02-01"}, {"tax_rounding", pick_of({"line", "invoice"})}};
    switch (pick(3)) {
      case 0:
        tax["seller"] = {{"country", "CA"}, {"region", "QC"}};
        tax["customer"] = {{"country", "CA"}, {"region", "QC"}};
        break;
      case 1:
        tax["seller"] = {{"country", "DE"}};
        tax["customer"] = {{"country", pick_of({"DE", "FR"})}};
        break;
      default:
        tax["seller"] = {{"country", "DE"}};
        tax["customer"] = {{"country", "AT"}, {"tax_id", "ATU12345678"}, {"tax_id_validated", true}};
        break;
    }
    return tax;
  }

  std::mt19937_64 random_;
};

Decimal dec(const Json& text) { return Decimal::parse(text.get<std::string>()).value(); }

// The `tax` op request for the same lines as an invoice: amounts, discounts and treatments.
Json tax_request_for(const Json& invoice_request, const Json& invoice) {
  Json request = invoice_request.at("tax");
  request["op"] = "tax";
  request["currency"] = invoice_request.at("customer").at("currency");
  request["rounding"] = invoice_request.at("rounding");
  Json lines = Json::array();
  for (const Json& line : invoice.at("lines")) {
    lines.push_back({{"amount", line.at("amount")},
                     {"discount_amount", line.at("discount_amount")},
                     {"tax_category", line.at("tax").at("tax_category")},
                     {"tax_behavior", line.at("tax").at("tax_behavior")}});
  }
  request["lines"] = lines;
  return request;
}

TEST(InvoiceTax, LinesAndTotalsAddUpAndMatchTheTaxOp) {
  RandomTaxedInvoice generator(20260201);
  int checked_against_tax_op = 0;
  for (int round = 0; round < 200; ++round) {
    const Json request = generator.request();
    const Json envelope = Json::parse(evaluate(dump_canonical(request)));
    ASSERT_TRUE(envelope.at("ok").get<bool>()) << dump_canonical(request) << "\n" << envelope.dump();
    const Json& invoice = envelope.at("result");

    Decimal nets;
    Decimal taxes;
    Decimal grosses;
    for (const Json& line : invoice.at("lines")) {
      ASSERT_TRUE(line.contains("tax")) << "every line of a taxed invoice says how it was taxed";
      const Json& tax = line.at("tax");
      const Decimal base = dec(line.at("amount")) - dec(line.at("discount_amount"));
      const Decimal net = dec(tax.at("net_amount"));
      const Decimal gross = dec(tax.at("gross_amount"));
      const Decimal tax_amount = dec(line.at("tax_amount"));
      EXPECT_EQ(net + tax_amount, gross);
      EXPECT_EQ(tax.at("tax_behavior") == "inclusive" ? gross : net, base);
      EXPECT_EQ(dec(line.at("taxable_amount")), net);
      nets += net;
      taxes += tax_amount;
      grosses += gross;
    }
    EXPECT_EQ(dec(invoice.at("tax_total")), taxes);
    EXPECT_EQ(dec(invoice.at("total_excluding_tax")), nets);
    EXPECT_EQ(dec(invoice.at("total")), grosses);
    Decimal breakdown;
    for (const Json& entry : invoice.at("taxes")) breakdown += dec(entry.at("tax_amount"));
    EXPECT_EQ(breakdown, taxes);

    const Json tax_envelope = Json::parse(evaluate(dump_canonical(tax_request_for(request, invoice))));
    ASSERT_TRUE(tax_envelope.at("ok").get<bool>()) << tax_envelope.dump();
    const Json& tax_result = tax_envelope.at("result");
    EXPECT_EQ(tax_result.at("breakdown"), invoice.at("taxes"));
    ASSERT_EQ(tax_result.at("lines").size(), invoice.at("lines").size());
    for (std::size_t i = 0; i < invoice.at("lines").size(); ++i) {
      EXPECT_EQ(tax_result.at("lines")[i].at("tax_amount"), invoice.at("lines")[i].at("tax_amount"));
      EXPECT_EQ(tax_result.at("lines")[i].at("components"), invoice.at("lines")[i].at("tax").at("components"));
    }
    ++checked_against_tax_op;
  }
  EXPECT_EQ(checked_against_tax_op, 200);
}

}  // namespace
}  // namespace ratecard
