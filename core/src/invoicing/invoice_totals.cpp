// An invoice from its lines: discounts, taxes, totals, then prepaid credits (after tax).
#include <algorithm>

#include "invoicing/invoice.hpp"

namespace ratecard {
namespace {

// The tax step of the invoice. The tax engine (a later issue) computes each line's
// tax_amount on its taxable_amount and the breakdown here; until then no tax is charged.
InvoiceTaxes compute_taxes(const InvoiceInput& /*input*/, std::vector<InvoiceLine>& /*lines*/) { return {}; }

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
  invoice.taxes = compute_taxes(input, invoice.lines);
  for (const InvoiceLine& line : invoice.lines) invoice.subtotal += line.amount;
  for (const CouponOutcome& coupon : invoice.coupons) invoice.discount_total += coupon.amount;
  invoice.total_excluding_tax = invoice.subtotal - invoice.discount_total;
  invoice.total = invoice.total_excluding_tax + invoice.taxes.total;
  apply_credits(input, invoice);
  return invoice;
}

}  // namespace ratecard
