// Seeded random invoices: whatever the items, coupons, prorations and credits, the rounded
// parts of an invoice add up exactly (allocations sum to what they split), the content hash
// is the SHA-256 of the result without it, and the same request gives the same bytes.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "crypto/sha256.hpp"
#include "json/json.hpp"
#include "json/request_parser.hpp"
#include "property.hpp"
#include "ratecard/decimal.hpp"
#include "ratecard/evaluate.hpp"

namespace ratecard::testing {
namespace {

struct CurrencyCase {
  const char* code;
  int scale;
};
constexpr CurrencyCase kCurrencies[] = {{"USD", 2}, {"JPY", 0}, {"BHD", 3}};

class RandomInvoice {
 public:
  explicit RandomInvoice(std::uint64_t seed) : gen_(seed) {}

  Json request() {
    const CurrencyCase currency = kCurrencies[gen_.below(3)];
    scale_ = currency.scale;
    Json items = Json::array();
    const int item_count = 1 + gen_.below(4);
    for (int i = 0; i < item_count; ++i) items.push_back(item("item_" + std::to_string(i)));
    Json request{{"op", "invoice"},
                 {"customer", {{"currency", currency.code}}},
                 {"period", {{"start", "2026-02-01T00:00:00Z"}, {"end", "2026-03-01T00:00:00Z"}}},
                 {"arrears_period", {{"start", "2026-01-01T00:00:00Z"}, {"end", "2026-02-01T00:00:00Z"}}},
                 {"subscriptions", {{{"id", "sub"}, {"items", items}}}},
                 {"usage", {{{"code", "calls"}, {"value", std::to_string(gen_.below(50000))}}}},
                 {"rounding", gen_.pick({"half_up", "half_even", "up", "down"})}};
    if (gen_.below(2) == 0) request["subscriptions"][0]["minimum_commitment"] = {{"amount", gen_.money(scale_, 200000)}};
    for (int i = gen_.below(4); i > 0; --i) {
      request["prorations"].push_back({{"amount", (gen_.below(2) == 0 ? "-" : "") + gen_.money(scale_, 20000)}, {"item", "item_0"}});
    }
    for (int i = gen_.below(4); i > 0; --i) request["coupons"].push_back(coupon(i, currency.code, item_count));
    for (int i = gen_.below(3); i > 0; --i) request["credits"].push_back({{"id", "credit_" + std::to_string(i)}, {"balance", gen_.money(scale_, 30000)}});
    return request;
  }

 private:
  Json item(const std::string& id) {
    switch (gen_.below(3)) {
      case 0:
        return {{"id", id}, {"type", "fixed"}, {"quantity", gen_.below(30)},
                {"price", {{"model", "per_unit"}, {"unit_amount", "0." + std::to_string(1 + gen_.below(999)) + "7"}}}};
      case 1: return {{"id", id}, {"type", "fixed"}, {"billing", "in_arrears"}, {"price", {{"model", "flat"}, {"amount", gen_.money(scale_, 90000)}}}};
      default:
        return {{"id", id},
                {"type", "usage"},
                {"metric", "calls"},
                {"price",
                 {{"model", "graduated"},
                  {"tiers", {{{"up_to", "1000"}, {"unit_amount", "0"}}, {{"up_to", nullptr}, {"unit_amount", "0.0013"}}}}}}};
    }
  }

  Json coupon(int index, const char* currency, int item_count) {
    Json coupon{{"id", "coupon_" + std::to_string(index)}};
    if (gen_.below(2) == 0) {
      coupon["percent_off"] = std::to_string(1 + gen_.below(100)) + (gen_.below(2) == 0 ? ".5" : "");
      if (coupon["percent_off"] == "100.5") coupon["percent_off"] = "33.3";
    } else {
      coupon["amount_off"] = gen_.money(scale_, 40000);
      coupon["currency"] = currency;
    }
    coupon["duration"] = gen_.pick({"once", "repeating", "forever"});
    if (coupon["duration"] == "repeating") coupon["duration_periods"] = 1 + gen_.below(3);
    coupon["periods_applied"] = gen_.below(3);
    if (gen_.below(3) == 0) coupon["applies_to"] = {"item_" + std::to_string(gen_.below(item_count))};
    return coupon;
  }

  Generator gen_;
  int scale_ = 2;
};

TEST(InvoiceInvariants, RoundedPartsAlwaysAddUpAndTheHashCoversTheResult) {
  RandomInvoice generator(property_stream("invoice invariants"));
  int applied_coupons = 0;
  for (int i = 0; i < property_cases(1000) && !::testing::Test::HasFailure(); ++i) {
    const std::string request = dump_canonical(generator.request());
    SCOPED_TRACE(case_trace(i, request));
    const std::string response = evaluate(request);
    ASSERT_EQ(evaluate(request), response) << "same request, same bytes";
    const Json envelope = Json::parse(response);
    ASSERT_TRUE(envelope.at("ok").get<bool>()) << request << "\n" << response;
    Json invoice = envelope.at("result");

    Decimal subtotal;
    Decimal all_discounts;
    std::map<std::string, Decimal> by_coupon;
    for (const Json& line : invoice.at("lines")) {
      const Decimal amount = decimal_of(line.at("amount"));
      subtotal += amount;
      Decimal line_discount;
      for (const Json& discount : line.at("discounts")) {
        line_discount += decimal_of(discount.at("amount"));
        by_coupon[discount.at("coupon_id").get<std::string>()] += decimal_of(discount.at("amount"));
      }
      EXPECT_EQ(line_discount, decimal_of(line.at("discount_amount")));
      EXPECT_EQ(amount - line_discount, decimal_of(line.at("taxable_amount")));
      if (amount.sign() > 0) {
        EXPECT_GE(decimal_of(line.at("taxable_amount")).sign(), 0) << "discounted below zero";
      } else {
        EXPECT_TRUE(line.at("discounts").empty()) << "credits are never discounted";
      }
      if (line.contains("breakdown")) {
        Decimal parts;
        for (const Json& part : line.at("breakdown")) parts += decimal_of(part.at("amount"));
        EXPECT_EQ(parts, amount) << "price lines sum to the line";
      }
      all_discounts += line_discount;
    }
    EXPECT_EQ(subtotal, decimal_of(invoice.at("subtotal")));
    Decimal coupon_total;
    for (const Json& coupon : invoice.at("coupons")) {
      const Decimal amount = decimal_of(coupon.at("amount"));
      EXPECT_EQ(by_coupon[coupon.at("coupon_id").get<std::string>()], amount) << "allocation sums to the coupon";
      coupon_total += amount;
      if (coupon.at("applied").get<bool>()) ++applied_coupons;
    }
    EXPECT_EQ(coupon_total, decimal_of(invoice.at("discount_total")));
    EXPECT_EQ(all_discounts, coupon_total);
    const Decimal total = decimal_of(invoice.at("total"));
    EXPECT_EQ(total, subtotal - coupon_total + decimal_of(invoice.at("tax_total")));
    Decimal credits;
    for (const Json& credit : invoice.at("credits")) credits += decimal_of(credit.at("applied"));
    EXPECT_EQ(credits, decimal_of(invoice.at("credits_applied")));
    const Decimal payable = total.sign() > 0 ? total : Decimal{};
    EXPECT_EQ(decimal_of(invoice.at("amount_due")), payable - credits);
    EXPECT_GE(decimal_of(invoice.at("amount_due")).sign(), 0);

    const std::string hash = invoice.at("content_hash").get<std::string>();
    invoice.erase("content_hash");
    EXPECT_EQ(hash, sha256_hex(dump_canonical(invoice)));
  }
  EXPECT_GT(applied_coupons, 100) << "the generator must exercise discounts";
}

}  // namespace
}  // namespace ratecard::testing
