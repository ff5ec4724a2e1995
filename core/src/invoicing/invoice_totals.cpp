// An invoice from its lines: discounts, taxes, totals, then prepaid credits (after tax).
#include <algorithm>

#include "invoicing/invoice.hpp"

namespace ratecard {
namespace {

// The tax step of the invoice: each line (after its discounts) is taxed by the tax engine
// with the request's `tax` fields, in line order; without them no tax is charged.
Result<InvoiceTaxes> compute_taxes(const InvoiceInput& input, std::vector<InvoiceLine>& lines) {
  if (!input.tax) return InvoiceTaxes{};
  std::vector<TaxLine> tax_lines;
  tax_lines.reserve(lines.size());
  for (const InvoiceLine& line : lines) {
    tax_lines.push_back({line.amount, line.discount_amount(), line.tax_treatment.category,
                         line.tax_treatment.behavior, line.source_path, line.tax_treatment.tax_code});
  }
  RATECARD_TRY(TaxResult result, compute_tax(*input.tax, tax_lines, input.customer.currency, input.rounding));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    lines[i].tax_amount = result.lines[i].tax_amount;
    lines[i].tax = std::move(result.lines[i]);
  }
  InvoiceTaxes taxes;
  taxes.total = result.totals.tax_amount;
  taxes.breakdown = std::move(result.breakdown);
  taxes.totals = result.totals;
  return taxes;
}

// Credits pay, in order, what the total leaves to pay.
void apply_credits(const InvoiceInput& input, Invoice& invoice) {
  Decimal due = invoice.total.sign() > 0 ? invoice.total : Decimal{};
  for (const Credit& credit : input.credits) {
    const Decimal applied = std::min(credit.balance, due);
    due -= applied;
    invoice.credits_applied += applied;
    invoice.credits.push_back({credit.id, applied, credit.balance - applied});
  }
  invoice.amount_due = due;
  invoice.credit_generated = invoice.total.sign() < 0 ? -invoice.total : Decimal{};
}

}  // namespace

Decimal InvoiceLine::discount_amount() const {
  Decimal sum;
  for (const LineDiscount& discount : discounts) sum += discount.amount;
  return sum;
}

Result<Invoice> build_invoice(const InvoiceInput& input) {
  Invoice invoice;
  RATECARD_TRY(invoice.lines, build_invoice_lines(input));
  RATECARD_TRY(invoice.coupons, apply_coupons(input, invoice.lines));
  RATECARD_TRY(invoice.taxes, compute_taxes(input, invoice.lines));
  for (const InvoiceLine& line : invoice.lines) invoice.subtotal += line.amount;
  for (const CouponOutcome& coupon : invoice.coupons) invoice.discount_total += coupon.amount;
  // Tax-inclusive prices hold part of the tax: the nets, not the discounted amounts, exclude it.
  invoice.total_excluding_tax = invoice.taxes.totals ? invoice.taxes.totals->net_amount
                                                     : invoice.subtotal - invoice.discount_total;
  invoice.total = invoice.total_excluding_tax + invoice.taxes.total;
  apply_credits(input, invoice);
  return invoice;
}

}  // namespace ratecard
