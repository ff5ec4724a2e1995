// Adjustment lines for usage that arrived after its period was invoiced: the item is priced
// again on all of the period's usage, so tiers, packages and free units count the late usage
// where it belongs, and the line charges the difference.
#include "invoicing/invoice.hpp"
#include "pricing/charge.hpp"
#include "pricing/rounded_charge.hpp"

namespace ratecard {
namespace {

// A usage quantity's charge, rounded as an invoice line is, and the quantity it is for.
Result<Decimal> rounded_charge(const InvoiceInput& input, const LateUsageItem& item, const UsageQuantity& usage,
                               Decimal& quantity) {
  Charge charge;
  if (usage.events) {
    quantity = Decimal{};
    for (const Decimal& event : *usage.events) quantity += event;
    charge = charge_for_events(std::get<PercentagePrice>(item.price.spec), *usage.events);
  } else {
    quantity = *usage.value;
    charge = charge_for_quantity(item.price, quantity);
  }
  auto rounded = round_charge(std::move(charge), input.customer.currency, input.rounding);
  if (!rounded) {
    Error error = std::move(rounded).error();
    error.message = "the charge of this late usage: " + error.message;
    error.path = item.path + "/price";
    return error;
  }
  return rounded->total;
}

// The billed usage followed by the late usage: what the period's invoice should have charged.
UsageQuantity corrected_usage(const LateUsageItem& item) {
  UsageQuantity usage;
  if (item.billed.events) {
    std::vector<Decimal> events = *item.billed.events;
    events.insert(events.end(), item.late.events->begin(), item.late.events->end());
    usage.events = std::move(events);
  } else {
    usage.value = *item.billed.value + *item.late.value;
  }
  return usage;
}

Result<InvoiceLine> late_item_line(const InvoiceInput& input, const LateUsage& late, const LateUsageItem& item) {
  Decimal billed_quantity;
  Decimal corrected_quantity;
  RATECARD_TRY(Decimal billed_amount, rounded_charge(input, item, item.billed, billed_quantity));
  RATECARD_TRY(Decimal corrected_amount, rounded_charge(input, item, corrected_usage(item), corrected_quantity));
  InvoiceLine line;
  line.kind = LineKind::kLateUsage;
  line.subscription_id = late.subscription_id;
  line.item_id = item.id;
  line.description = item.description;
  line.period = late.period;
  line.quantity = corrected_quantity - billed_quantity;
  line.amount = corrected_amount - billed_amount;
  line.tax_treatment = item.tax;
  line.source_path = item.path;
  line.details.model = item.price.model;
  line.details.metric = item.metric;
  line.details.billed_quantity = billed_quantity;
  line.details.billed_amount = billed_amount;
  line.details.corrected_quantity = corrected_quantity;
  line.details.corrected_amount = corrected_amount;
  return line;
}

Decimal shortfall(const Decimal& amount, const Decimal& spend) { return spend < amount ? amount - spend : Decimal{}; }

// The commitment's true-up recomputed with the late charges in its spend, as a change of the
// true-up billed with the period; none when it does not change.
std::optional<InvoiceLine> late_true_up_line(const LateUsage& late, const Decimal& late_charges) {
  if (!late.minimum_commitment) return std::nullopt;
  const LateCommitment& commitment = *late.minimum_commitment;
  const Decimal spend = commitment.spend + late_charges;
  const Decimal billed_true_up = shortfall(commitment.amount, commitment.spend);
  const Decimal true_up = shortfall(commitment.amount, spend);
  if (true_up == billed_true_up) return std::nullopt;
  InvoiceLine line;
  line.kind = LineKind::kLateTrueUp;
  line.subscription_id = late.subscription_id;
  line.period = late.period;
  line.amount = true_up - billed_true_up;
  line.tax_treatment = commitment.tax;
  line.source_path = commitment.path;
  line.details.minimum_amount = commitment.amount;
  line.details.billed_spend = commitment.spend;
  line.details.billed_true_up = billed_true_up;
  line.details.spend = spend;
  line.details.true_up = true_up;
  return line;
}

}  // namespace

Result<std::vector<InvoiceLine>> late_usage_lines(const InvoiceInput& input) {
  std::vector<InvoiceLine> lines;
  for (const LateUsage& late : input.late_usage) {
    Decimal late_charges;
    for (const LateUsageItem& item : late.items) {
      RATECARD_TRY(InvoiceLine line, late_item_line(input, late, item));
      late_charges += line.amount;
      lines.push_back(std::move(line));
    }
    if (std::optional<InvoiceLine> true_up = late_true_up_line(late, late_charges)) {
      lines.push_back(std::move(*true_up));
    }
  }
  return lines;
}

}  // namespace ratecard
