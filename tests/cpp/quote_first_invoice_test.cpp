// Property test: for seeded random checkouts, the quote is byte for byte the first invoice the
// server will compute with the public ops: the first billed period from `periods`, a partial
// period's in-advance items prorated by `prorate` (added at the billing start), and `invoice`.
#include <gtest/gtest.h>

#include <string>

#include "calendar/instant.hpp"
#include "json/json.hpp"
#include "json/request_parser.hpp"
#include "property.hpp"
#include "ratecard/evaluate.hpp"

namespace ratecard::testing {
namespace {

Json run(const Json& request) {
  const Json response = Json::parse(evaluate(dump_canonical(request)));
  EXPECT_TRUE(response.at("ok").get<bool>()) << dump_canonical(request) << "\n" << response.dump();
  return response.value("result", Json::object());
}

class RandomCheckout {
 public:
  explicit RandomCheckout(std::uint64_t seed) : gen_(seed) {}

  // A quote request; the schedule fields are also those of the periods and prorate ops.
  Json quote() {
    const char* currency = gen_.pick({"USD", "JPY", "BHD"});
    scale_ = std::string(currency) == "JPY" ? 0 : std::string(currency) == "BHD" ? 3 : 2;
    Json request{{"op", "quote"},
                 {"customer", {{"id", "cus_" + std::to_string(gen_.below(1000))}, {"currency", currency}}},
                 {"schedule", schedule()},
                 {"rounding", gen_.pick({"half_up", "half_even", "up", "down"})},
                 {"proration_convention", gen_.pick({"second", "day", "actual_360", "30_360"})}};
    if (gen_.below(2) == 0) request["subscription_id"] = "sub_" + std::to_string(gen_.below(1000));
    int next_id = 0;
    for (int i = 1 + gen_.below(3); i > 0; --i) request["items"].push_back(item("plan_" + std::to_string(next_id++)));
    for (int i = gen_.below(3); i > 0; --i) request["add_ons"].push_back(item("addon_" + std::to_string(next_id++)));
    if (gen_.below(3) > 0) request["coupon"] = coupon(currency, next_id);
    return request;
  }

 private:
  Json schedule() {
    // Starts from 2024 to 2028, often on the 28th to 31st or at night, where months and DST bite.
    std::int64_t start = 1704067200 + std::int64_t{gen_.below(5 * 365)} * 86400 + std::int64_t{gen_.below(86400)};
    if (gen_.below(3) == 0) {  // one of the last four days of the month
      const CivilDate date = civil_from_days(start / 86400);
      const CivilDate next_month = date.month == 12 ? CivilDate{date.year + 1, 1, 1} : CivilDate{date.year, date.month + 1, 1};
      start = (days_from_civil(next_month) - 1 - gen_.below(4)) * 86400 + gen_.below(86400);
    }
    const char* interval = gen_.pick({"day", "week", "month", "month", "month", "year"});
    Json schedule{{"start", format_instant(Instant{start})},
                  {"interval", interval},
                  {"time_zone", gen_.pick({"UTC", "America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata",
                                         "+05:30"})}};
    if (gen_.below(3) == 0) schedule["interval_count"] = 1 + gen_.below(3);
    if (gen_.below(3) == 0) schedule["trial_end"] = format_instant(Instant{start + 86400 * (1 + gen_.below(30)) + gen_.below(3600)});
    const std::string kind = interval;
    switch (gen_.below(4)) {
      case 0: break;  // anniversary
      case 1: schedule["billing_anchor"] = "calendar"; break;
      case 2:
        if (kind == "month" || kind == "year") schedule["billing_anchor"] = {{"day_of_month", 1 + gen_.below(31)}};
        if (kind == "week") schedule["billing_anchor"] = {{"weekday", gen_.pick({"monday", "friday", "sunday"})}};
        break;
      default: schedule["billing_anchor"] = format_instant(Instant{start - gen_.below(40 * 86400)}); break;
    }
    return schedule;
  }

  Json item(const std::string& id) {
    switch (gen_.below(5)) {
      case 0: return {{"id", id}, {"type", "fixed"}, {"price", {{"model", "flat"}, {"amount", gen_.money(scale_, 99999)}}}};
      case 1:
        return {{"id", id}, {"type", "fixed"}, {"quantity", gen_.below(12)},
                {"price", {{"model", "per_unit"}, {"unit_amount", gen_.money(scale_, 9999)}}}};
      case 2:
        return {{"id", id},
                {"type", "fixed"},
                {"quantity", 1 + gen_.below(40)},
                {"description", "Seats"},
                {"price",
                 {{"model", "graduated"},
                  {"tiers", {{{"up_to", "10"}, {"unit_amount", gen_.money(scale_, 2000)}}, {{"up_to", nullptr}, {"unit_amount", "0.333"}}}}}}};
      case 3:
        return {{"id", id}, {"type", "usage"}, {"metric", "calls"}, {"price", {{"model", "per_unit"}, {"unit_amount", "0.002"}}}};
      default:
        return {{"id", id}, {"type", "fixed"}, {"billing", "in_arrears"}, {"price", {{"model", "flat"}, {"amount", gen_.money(scale_, 5000)}}}};
    }
  }

  Json coupon(const char* currency, int item_count) {
    Json coupon{{"id", "PROMO"}};
    if (gen_.below(2) == 0) {
      coupon["percent_off"] = std::to_string(1 + gen_.below(99));
    } else {
      coupon["amount_off"] = gen_.money(scale_, 5000);
      coupon["currency"] = currency;
    }
    coupon["duration"] = gen_.pick({"once", "repeating", "forever"});
    if (coupon["duration"] == "repeating") coupon["duration_periods"] = 1 + gen_.below(6);
    if (gen_.below(3) == 0) coupon["applies_to"] = {"plan_0", "addon_" + std::to_string(gen_.below(item_count + 1))};
    return coupon;
  }

  Generator gen_;
  int scale_ = 2;
};

// The first invoice as the server computes it, through the ops.
Json first_invoice_through_the_ops(const Json& quote, Json& first_period) {
  const Json& schedule = quote.at("schedule");
  const std::string billing_start = schedule.value("trial_end", schedule.at("start").get<std::string>());
  Json periods_request = schedule;
  periods_request["op"] = "periods";
  periods_request["from"] = billing_start;
  first_period = run(periods_request).at("periods").at(0);

  Json items = quote.at("items");
  for (const Json& add_on : quote.value("add_ons", Json::array())) items.push_back(add_on);
  Json invoice{{"op", "invoice"},
               {"customer", quote.at("customer")},
               {"period", {{"start", first_period.at("start")}, {"end", first_period.at("end")}}},
               {"rounding", quote.at("rounding")}};
  invoice["customer"]["billing_zone"] = schedule.at("time_zone");
  const std::string subscription_id = quote.value("subscription_id", "subscription");
  Json billed_items = Json::array();
  Json prorated_items = Json::array();
  for (const Json& item : items) {
    const bool in_advance = item.at("type") == "fixed" && item.value("billing", "in_advance") == "in_advance";
    if (first_period.at("kind") == "partial" && in_advance) {
      prorated_items.push_back({{"id", item.at("id")}, {"price", item.at("price")}, {"quantity", item.value("quantity", Json(1))}});
    } else {
      billed_items.push_back(item);
    }
  }
  invoice["subscriptions"] = {{{"id", subscription_id}, {"items", billed_items}}};
  if (first_period.at("kind") == "partial") {
    const Json prorated = run({{"op", "prorate"},
                               {"currency", quote.at("customer").at("currency")},
                               {"schedule", schedule},
                               {"change_at", billing_start},
                               {"convention", quote.at("proration_convention")},
                               {"old_items", Json::array()},
                               {"new_items", prorated_items},
                               {"rounding", quote.at("rounding")}});
    invoice["prorations"] = Json::array();
    for (Json line : prorated.at("lines")) {
      line["subscription_id"] = subscription_id;
      invoice["prorations"].push_back(line);
    }
  }
  if (quote.contains("coupon")) invoice["coupons"] = Json::array({quote.at("coupon")});
  return run(invoice);
}

TEST(QuoteFirstInvoice, TheQuoteIsTheFirstInvoiceByteForByte) {
  RandomCheckout checkouts(property_stream("quote is the first invoice"));
  int partial = 0;
  int trials = 0;
  int discounted = 0;
  for (int i = 0; i < property_cases(1000) && !::testing::Test::HasFailure(); ++i) {
    const Json quote_request = checkouts.quote();
    SCOPED_TRACE(case_trace(i, quote_request));
    const Json quote = run(quote_request);
    ASSERT_TRUE(quote.contains("invoice")) << dump_canonical(quote_request);
    Json first_period;
    const Json invoice = first_invoice_through_the_ops(quote_request, first_period);
    ASSERT_EQ(dump_canonical(quote.at("invoice")), dump_canonical(invoice)) << dump_canonical(quote_request);
    EXPECT_EQ(quote.at("first_period"), first_period);
    EXPECT_EQ(dump_canonical(run(quote.at("invoice_request"))), dump_canonical(invoice)) << "the request reproduces it";
    partial += first_period.at("kind") == "partial" ? 1 : 0;
    trials += quote.at("trial").is_null() ? 0 : 1;
    const Json& coupons = invoice.at("coupons");
    discounted += !coupons.empty() && coupons.at(0).at("applied").get<bool>() ? 1 : 0;
  }
  EXPECT_GT(partial, 50) << "partial first periods (prorated) must be exercised";
  EXPECT_GT(trials, 50);
  EXPECT_GT(discounted, 50);
}

}  // namespace
}  // namespace ratecard::testing
