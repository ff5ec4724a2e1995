#include "calendar/period_json.hpp"
#include "invoicing/checkout.hpp"
#include "invoicing/invoice.hpp"
#include "invoicing/invoice_reader.hpp"
#include "json/canonical_member.hpp"
#include "json/request_parser.hpp"
#include "numbers/big_int_text.hpp"
#include "ops/ops.hpp"

namespace ratecard {
namespace {

// Errors found while computing the first invoice point at the checkout's items, not at the
// invoice request the quote built (prorations of a partial first period at the item prorated).
void point_items_at_checkout(const Checkout& checkout, InvoiceInput& input) {
  for (InvoiceItem& item : input.subscriptions.front().items) {
    for (const CheckoutItem& entry : checkout.items) {
      if (entry.item.id == item.id) item.path = entry.item.path;
    }
  }
  for (PendingProration& proration : input.prorations) {
    for (const CheckoutItem& entry : checkout.items) {
      if (proration.item && *proration.item == entry.item.id) proration.path = entry.item.path;
    }
  }
}

Json factor_json(const std::optional<Rational>& factor) {
  if (!factor) return nullptr;
  return Json{{"numerator", to_decimal_text(factor->numerator())},
              {"denominator", to_decimal_text(factor->denominator())}};
}

}  // namespace

// The quote is the first invoice: the invoice request plan_first_invoice builds, read and
// computed by the same functions as the invoice op.
Status run_quote(ObjectReader& request, CanonicalWriter& out) {
  RATECARD_TRY(Checkout checkout, read_checkout(request));
  RATECARD_TRY(FirstInvoicePlan plan, plan_first_invoice(checkout));
  RATECARD_TRY(ObjectReader invoice_reader, ObjectReader::open(plan.invoice_request, ""));
  invoice_reader.mark_read("op");  // "invoice": the request is complete, ready to send as is
  RATECARD_TRY(InvoiceInput input, read_invoice_input(invoice_reader));
  RATECARD_CHECK(invoice_reader.finish());
  point_items_at_checkout(checkout, input);
  RATECARD_TRY(Invoice invoice, build_invoice(input));
  const BillingSchedule& schedule = checkout.schedule;
  Json trial = schedule.trial_end ? time_range_json(TimeRange{schedule.start, *schedule.trial_end}) : Json(nullptr);
  const Json quote{{"billing_starts_at", format_instant(schedule.billing_start())},
                   {"trial", std::move(trial)},
                   {"first_period", billing_period_json(plan.period, schedule.time_zone)},
                   {"proration_factor", factor_json(plan.factor)},
                   {"invoice_request", std::move(plan.invoice_request)}};
  std::string text = dump_canonical(quote);
  splice_canonical_member(text, quote, "invoice", invoice_text(input, invoice));
  out.canonical_text(text);
  return ok_status();
}

}  // namespace ratecard
