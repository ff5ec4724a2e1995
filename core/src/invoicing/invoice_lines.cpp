// The charge lines of an invoice: one per item billed for a period, the minimum-commitment
// true-ups, then the proration lines as given. Each amount is rounded once, here.
#include "invoicing/invoice.hpp"
#include "pricing/charge.hpp"
#include "pricing/rounded_charge.hpp"

namespace ratecard {
namespace {

// The period an item is charged for on this invoice, or none when the invoice does not bill it.
const std::optional<TimeRange>& billed_period(const InvoiceInput& input, const InvoiceItem& item) {
  return item.billing == Billing::kInAdvance ? input.period : input.arrears_period;
}

// The exact charge of an item and the quantity it is for. The reader guarantees usage of the
// right kind for every usage item; a breach is a defect, reported as INTERNAL.
Result<Charge> charge_item(const InvoiceInput& input, const InvoiceItem& item, Decimal& quantity) {
  if (item.type == ItemType::kFixed) {
    quantity = item.quantity;
    return charge_for_quantity(item.price, quantity);
  }
  const auto usage = input.usage.find(item.metric);
  const auto* percentage = std::get_if<PercentagePrice>(&item.price.spec);
  if (usage != input.usage.end() && percentage != nullptr && usage->second.events) {
    for (const Decimal& event : *usage->second.events) quantity += event;
    return charge_for_events(*percentage, *usage->second.events);
  }
  if (usage != input.usage.end() && percentage == nullptr && usage->second.value) {
    quantity = *usage->second.value;
    return charge_for_quantity(item.price, quantity);
  }
  return Error{ErrorCode::kInternal, "no usage of the right kind for this item", item.path + "/metric"};
}

Result<InvoiceLine> item_line(const InvoiceInput& input, const InvoiceSubscription& subscription,
                              const InvoiceItem& item, const TimeRange& period) {
  Decimal quantity;
  RATECARD_TRY(Charge charge, charge_item(input, item, quantity));
  std::optional<EventTotals> events = charge.events;  // the line's own quantity says the rest
  auto rounded = round_charge(std::move(charge), input.customer.currency, input.rounding);
  if (!rounded) {
    Error error = std::move(rounded).error();
    error.message = "the charge of this item: " + error.message;
    error.path = item.path + "/price";
    return error;
  }
  InvoiceLine line;
  line.kind = item.type == ItemType::kFixed ? LineKind::kFixed : LineKind::kUsage;
  line.subscription_id = subscription.id;
  line.item_id = item.id;
  line.description = item.description;
  line.period = period;
  line.quantity = quantity;
  line.amount = rounded->total;
  line.tax_treatment = item.tax;
  line.source_path = item.path;
  line.details.model = item.price.model;
  line.details.breakdown = std::move(rounded->lines);
  line.details.events = std::move(events);
  if (item.type == ItemType::kUsage) line.details.metric = item.metric;
  return line;
}

// The shortfall of a subscription's spend for the arrears period below its commitment.
// Spend = prior spend + this invoice's in-arrears lines of the subscription, before discounts.
std::optional<InvoiceLine> true_up_line(const InvoiceInput& input, const InvoiceSubscription& subscription,
                                        const Decimal& arrears_spend) {
  if (!subscription.minimum_commitment || !input.arrears_period) return std::nullopt;
  const MinimumCommitment& commitment = *subscription.minimum_commitment;
  const Decimal spend = commitment.prior_spend + arrears_spend;
  if (spend >= commitment.amount) return std::nullopt;
  InvoiceLine line;
  line.kind = LineKind::kMinimumTrueUp;
  line.subscription_id = subscription.id;
  line.period = input.arrears_period;
  line.amount = commitment.amount - spend;
  line.tax_treatment = commitment.tax;
  line.source_path = commitment.path;
  line.details.minimum_amount = commitment.amount;
  line.details.spend = spend;
  return line;
}

// How a proration is taxed: its own fields, else those of the item it prorates (in its
// subscription when it names one), else the defaults.
TaxTreatment proration_tax(const InvoiceInput& input, const PendingProration& proration) {
  TaxTreatment treatment;
  for (const InvoiceSubscription& subscription : input.subscriptions) {
    if (!proration.item || (proration.subscription_id && *proration.subscription_id != subscription.id)) continue;
    for (const InvoiceItem& item : subscription.items) {
      if (item.id == *proration.item) treatment = item.tax;
    }
  }
  treatment.category = proration.tax_category.value_or(treatment.category);
  treatment.behavior = proration.tax_behavior.value_or(treatment.behavior);
  if (proration.tax_code) treatment.tax_code = proration.tax_code;
  return treatment;
}

InvoiceLine proration_line(const InvoiceInput& input, const PendingProration& proration) {
  InvoiceLine line;
  line.kind = LineKind::kProration;
  line.subscription_id = proration.subscription_id;
  line.item_id = proration.item;
  line.description = proration.description;
  line.period = proration.period;
  line.quantity = proration.quantity;
  line.amount = proration.amount;
  line.tax_treatment = proration_tax(input, proration);
  line.source_path = proration.path;
  line.details.proration_kind = proration.kind;
  line.details.cycle_amount = proration.cycle_amount;
  return line;
}

}  // namespace

Result<std::vector<InvoiceLine>> build_invoice_lines(const InvoiceInput& input) {
  std::vector<InvoiceLine> lines;
  for (const InvoiceSubscription& subscription : input.subscriptions) {
    Decimal arrears_spend;
    for (const InvoiceItem& item : subscription.items) {
      const std::optional<TimeRange>& period = billed_period(input, item);
      if (!period) continue;
      RATECARD_TRY(InvoiceLine line, item_line(input, subscription, item, *period));
      if (item.billing == Billing::kInArrears) arrears_spend += line.amount;
      lines.push_back(std::move(line));
    }
    if (std::optional<InvoiceLine> true_up = true_up_line(input, subscription, arrears_spend)) {
      lines.push_back(std::move(*true_up));
    }
  }
  for (const PendingProration& proration : input.prorations) {
    lines.push_back(proration_line(input, proration));
  }
  RATECARD_TRY(std::vector<InvoiceLine> late, late_usage_lines(input));
  for (InvoiceLine& line : late) lines.push_back(std::move(line));
  return lines;
}

}  // namespace ratecard
