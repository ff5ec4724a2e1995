// Seeded random taxed invoices: every line keeps net + tax = gross, the totals follow from the
// lines, and the invoice's tax is exactly what the `tax` op computes for the same lines (one
// engine, two entry points).
#include <gtest/gtest.h>

#include <string>

#include "json/json.hpp"
#include "json/request_parser.hpp"
#include "property.hpp"
#include "ratecard/decimal.hpp"
#include "ratecard/evaluate.hpp"

namespace ratecard::testing {
namespace {

class RandomTaxedInvoice {
 public:
  explicit RandomTaxedInvoice(std::uint64_t seed) : gen_(seed) {}

  Json request() {
    Json items = Json::array();
    const int item_count = 1 + gen_.below(4);
    for (int i = 0; i < item_count; ++i) {
      items.push_back({{"id", "item_" + std::to_string(i)},
                       {"type", "fixed"},
                       {"quantity", 1 + gen_.below(20)},
                       {"price", {{"model", "per_unit"}, {"unit_amount", gen_.money(2, 20000)}}},
                       {"tax_category", gen_.pick({"standard", "standard", "digital_services", "zero_rated", "exempt"})},
                       {"tax_behavior", gen_.pick({"exclusive", "inclusive"})}});
    }
    Json request{{"op", "invoice"},
                 {"customer", {{"currency", "EUR"}}},
                 {"period", {{"start", "2026-02-01T00:00:00Z"}, {"end", "2026-03-01T00:00:00Z"}}},
                 {"subscriptions", {{{"id", "sub"}, {"items", items}}}},
                 {"rounding", gen_.pick({"half_up", "half_even", "up", "down"})},
                 {"tax", tax()}};
    for (int i = gen_.below(3); i > 0; --i) {
      request["prorations"].push_back(
          {{"amount", (gen_.below(2) == 0 ? "-" : "") + gen_.money(2, 20000)}, {"item", "item_" + std::to_string(gen_.below(item_count))}});
    }
    if (gen_.below(2) == 0) {
      request["coupons"].push_back({{"id", "off"}, {"percent_off", std::to_string(1 + gen_.below(60))}});
    }
    return request;
  }

 private:
  // A seller and customer that give two components (Quebec), one (France, Germany) or
  // reverse-charged lines, rounded per line or per invoice.
  Json tax() {
    Json tax{{"tax_date", "2026-02-01"}, {"tax_rounding", gen_.pick({"line", "invoice"})}};
    switch (gen_.below(3)) {
      case 0:
        tax["seller"] = {{"country", "CA"}, {"region", "QC"}};
        tax["customer"] = {{"country", "CA"}, {"region", "QC"}};
        break;
      case 1:
        tax["seller"] = {{"country", "DE"}};
        tax["customer"] = {{"country", gen_.pick({"DE", "FR"})}};
        break;
      default:
        tax["seller"] = {{"country", "DE"}};
        tax["customer"] = {{"country", "AT"}, {"tax_id", "ATU12345678"}, {"tax_id_validated", true}};
        break;
    }
    return tax;
  }

  Generator gen_;
};

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
  RandomTaxedInvoice generator(property_stream("taxed invoice"));
  int checked_against_tax_op = 0;
  for (int i = 0; i < property_cases(1000) && !::testing::Test::HasFailure(); ++i) {
    const Json request = generator.request();
    SCOPED_TRACE(case_trace(i, request));
    const Json envelope = Json::parse(evaluate(dump_canonical(request)));
    ASSERT_TRUE(envelope.at("ok").get<bool>()) << dump_canonical(request) << "\n" << envelope.dump();
    const Json& invoice = envelope.at("result");

    Decimal nets;
    Decimal taxes;
    Decimal grosses;
    for (const Json& line : invoice.at("lines")) {
      ASSERT_TRUE(line.contains("tax")) << "every line of a taxed invoice says how it was taxed";
      const Json& tax = line.at("tax");
      const Decimal base = decimal_of(line.at("amount")) - decimal_of(line.at("discount_amount"));
      const Decimal net = decimal_of(tax.at("net_amount"));
      const Decimal gross = decimal_of(tax.at("gross_amount"));
      const Decimal tax_amount = decimal_of(line.at("tax_amount"));
      EXPECT_EQ(net + tax_amount, gross);
      EXPECT_EQ(tax.at("tax_behavior") == "inclusive" ? gross : net, base);
      EXPECT_EQ(decimal_of(line.at("taxable_amount")), net);
      nets += net;
      taxes += tax_amount;
      grosses += gross;
    }
    EXPECT_EQ(decimal_of(invoice.at("tax_total")), taxes);
    EXPECT_EQ(decimal_of(invoice.at("total_excluding_tax")), nets);
    EXPECT_EQ(decimal_of(invoice.at("total")), grosses);
    Decimal breakdown;
    for (const Json& entry : invoice.at("taxes")) breakdown += decimal_of(entry.at("tax_amount"));
    EXPECT_EQ(breakdown, taxes);

    const Json tax_envelope = Json::parse(evaluate(dump_canonical(tax_request_for(request, invoice))));
    ASSERT_TRUE(tax_envelope.at("ok").get<bool>()) << tax_envelope.dump();
    const Json& tax_result = tax_envelope.at("result");
    EXPECT_EQ(tax_result.at("breakdown"), invoice.at("taxes"));
    ASSERT_EQ(tax_result.at("lines").size(), invoice.at("lines").size());
    for (std::size_t k = 0; k < invoice.at("lines").size(); ++k) {
      EXPECT_EQ(tax_result.at("lines")[k].at("tax_amount"), invoice.at("lines")[k].at("tax_amount"));
      EXPECT_EQ(tax_result.at("lines")[k].at("components"), invoice.at("lines")[k].at("tax").at("components"));
    }
    ++checked_against_tax_op;
  }
  EXPECT_EQ(checked_against_tax_op, property_cases(1000));
}

}  // namespace
}  // namespace ratecard::testing
