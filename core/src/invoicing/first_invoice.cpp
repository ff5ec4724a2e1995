// The first invoice of a checkout, as an `invoice` request: the quote computes it with the
// very function that will compute the real invoice, so the two cannot differ.
#include "calendar/period_json.hpp"
#include "invoicing/checkout.hpp"
#include "proration/proration.hpp"
#include "proration/proration_json.hpp"

namespace ratecard {
namespace {

bool billed_in_advance(const InvoiceItem& item) {
  return item.type == ItemType::kFixed && item.billing == Billing::kInAdvance;
}

Result<BillingPeriod> first_billed_period(const BillingSchedule& schedule) {
  PeriodQuery query;
  query.from = schedule.billing_start();
  query.count = 1;
  RATECARD_TRY(PeriodList list, list_billing_periods(schedule, query));
  if (list.periods.empty()) return Error{ErrorCode::kInternal, "a schedule without a first billed period", ""};
  return list.periods.front();
}

// The charges for the rest of the cycle a partial first period belongs to: the in-advance
// items prorated exactly as adding them at the billing start would be (the prorate op).
Result<Json> partial_period_prorations(const Checkout& checkout, const BillingPeriod& period, const Rational& factor) {
  std::vector<ProrationItem> added;
  for (const CheckoutItem& entry : checkout.items) {
    if (billed_in_advance(entry.item)) added.push_back({entry.item.id, entry.item.price, entry.item.quantity});
  }
  RATECARD_TRY(Proration proration,
               prorate_change({}, added, factor, ProrationBehavior::kCreateProrations, DowngradeTiming::kImmediately,
                              /*in_trial=*/false, checkout.customer.currency.minor_units, checkout.rounding));
  Json lines = Json::array();
  for (const ProrationLine& line : proration.lines) {
    Json json = proration_line_json(line, checkout.customer.currency.minor_units, period.start, period.end);
    json["subscription_id"] = checkout.subscription_id;
    // The prorated item is not among the first invoice's items: its line carries how it is taxed.
    for (const CheckoutItem& entry : checkout.items) {
      if (entry.item.id != line.item_id) continue;
      for (const char* key : {"tax_category", "tax_behavior", "tax_code"}) {
        const auto field = entry.json.find(key);
        if (field != entry.json.end() && !field->is_null()) json[key] = *field;
      }
    }
    lines.push_back(std::move(json));
  }
  return lines;
}

Json customer_json(const InvoiceCustomer& customer) {
  Json json{{"currency", customer.currency.code}, {"billing_zone", customer.billing_zone->name()}};
  if (customer.id) json["id"] = *customer.id;
  return json;
}

}  // namespace

Result<FirstInvoicePlan> plan_first_invoice(const Checkout& checkout) {
  FirstInvoicePlan plan;
  RATECARD_TRY(plan.period, first_billed_period(checkout.schedule));
  const bool partial = plan.period.kind == PeriodKind::kPartial;
  Json items = Json::array();
  for (const CheckoutItem& entry : checkout.items) {
    if (!partial || !billed_in_advance(entry.item)) items.push_back(entry.json);
  }
  Json request{{"op", "invoice"},
               {"customer", customer_json(checkout.customer)},
               {"period", time_range_json(TimeRange{plan.period.start, plan.period.end})},
               {"subscriptions", {{{"id", checkout.subscription_id}, {"items", std::move(items)}}}},
               {"rounding", rounding_mode_name(checkout.rounding)}};
  if (partial) {
    plan.factor = remaining_fraction(checkout.schedule, *plan.period.cycle, plan.period.start, checkout.convention);
    RATECARD_TRY(request["prorations"], partial_period_prorations(checkout, plan.period, *plan.factor));
  }
  if (checkout.coupon) request["coupons"] = Json::array({*checkout.coupon});
  if (checkout.tax) request["tax"] = *checkout.tax;
  plan.invoice_request = std::move(request);
  return plan;
}

}  // namespace ratecard
