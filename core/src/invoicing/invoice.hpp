#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "invoicing/invoice_input.hpp"
#include "pricing/rounded_charge.hpp"
#include "tax/tax_calculation.hpp"

namespace ratecard {

/// What kind of charge a line is.
enum class LineKind {
  kFixed,
  kUsage,
  kMinimumTrueUp,
  kProration,
  kLateUsage,      ///< What late usage adds to an earlier period's usage charge.
  kLateTrueUp,     ///< What late usage takes off an earlier period's minimum-commitment true-up.
};

/// The part of a line's amount one coupon took off.
struct LineDiscount {
  std::string coupon_id;
  Decimal amount;
};

/// The fields of a line that belong to its kind, each written only when set: item lines have
/// model, breakdown, events (priced over events) and metric (usage); true-ups minimum_amount and
/// spend; proration lines proration_kind and cycle_amount (null when unknown); late usage lines
/// model, metric and the billed and corrected quantities and amounts; late true-ups
/// minimum_amount, spend and the billed spend and true-ups.
struct LineDetails {
  std::optional<std::string> model;
  std::optional<std::string> metric;
  std::optional<std::vector<RoundedLine>> breakdown;
  std::optional<EventTotals> events;
  std::optional<Decimal> minimum_amount;
  std::optional<Decimal> spend;
  std::optional<ProrationKind> proration_kind;
  std::optional<Decimal> cycle_amount;
  std::optional<Decimal> billed_quantity;
  std::optional<Decimal> billed_amount;
  std::optional<Decimal> corrected_quantity;
  std::optional<Decimal> corrected_amount;
  std::optional<Decimal> billed_spend;
  std::optional<Decimal> billed_true_up;
  std::optional<Decimal> true_up;
};

/// One line of an invoice. Its amount is rounded once, when the line is made.
struct InvoiceLine {
  LineKind kind = LineKind::kFixed;
  std::optional<std::string> subscription_id;
  std::optional<std::string> item_id;
  std::optional<std::string> description;
  std::optional<TimeRange> period;
  std::optional<Decimal> quantity;
  LineDetails details;
  Decimal amount;
  std::vector<LineDiscount> discounts;
  Decimal tax_amount;  ///< Zero unless the invoice is taxed.
  TaxTreatment tax_treatment;  ///< From the item, the commitment or the proration line.
  std::string source_path;     ///< The request object the line comes from, for tax errors.
  std::optional<TaxedLine> tax;  ///< How the line was taxed, when the invoice is taxed.

  /// The sum of the line's discounts.
  [[nodiscard]] Decimal discount_amount() const;
  /// The amount after discounts: what tax is computed on.
  [[nodiscard]] Decimal taxable_amount() const { return amount - discount_amount(); }
};

/// What one coupon did on this invoice.
struct CouponOutcome {
  std::string coupon_id;
  bool applied = false;           ///< It discounted this invoice, using up one of its periods.
  Decimal amount;                 ///< The discount, rounded once, allocated over lines.
  std::int64_t periods_applied = 0;  ///< Invoices discounted, this one included: persist it.
  bool exhausted = false;         ///< No invoice after this one will be discounted.
};

/// What one prepaid credit paid.
struct CreditOutcome {
  std::string credit_id;
  Decimal applied;
  Decimal remaining;
};

/// The invoice's taxes: zero and no breakdown when the request has no `tax`.
struct InvoiceTaxes {
  Decimal total;
  std::vector<TaxBreakdownEntry> breakdown;
  std::optional<TaxTotals> totals;  ///< The tax engine's sums, when the invoice is taxed.
};

/// A computed invoice: a pure function of its InvoiceInput.
struct Invoice {
  std::vector<InvoiceLine> lines;
  std::vector<CouponOutcome> coupons;
  InvoiceTaxes taxes;
  std::vector<CreditOutcome> credits;
  Decimal subtotal;             ///< Σ line amounts.
  Decimal discount_total;       ///< Σ coupon amounts.
  Decimal total_excluding_tax;  ///< Σ nets: subtotal − discount_total less any tax included in prices.
  Decimal total;                ///< total_excluding_tax + tax.
  Decimal credits_applied;      ///< Σ credits applied, at most the total.
  Decimal amount_due;           ///< What the customer pays: max(total, 0) − credits_applied.
  Decimal credit_generated;     ///< max(−total, 0): what a negative total owes the customer.
};

/// Makes the item and true-up lines of an invoice, each rounded once, followed by its
/// proration lines and its late usage adjustments. OVERFLOW when an amount is beyond the exact range.
[[nodiscard]] Result<std::vector<InvoiceLine>> build_invoice_lines(const InvoiceInput& input);

/// The adjustment lines of `late_usage`: per item, price(billed + late) − price(billed), each
/// rounded as the period's invoice rounded it; per commitment, the change of its true-up.
[[nodiscard]] Result<std::vector<InvoiceLine>> late_usage_lines(const InvoiceInput& input);

/// Applies the coupons in order to the lines and returns what each did.
[[nodiscard]] Result<std::vector<CouponOutcome>> apply_coupons(const InvoiceInput& input,
                                                               std::vector<InvoiceLine>& lines);

/// Computes an invoice.
[[nodiscard]] Result<Invoice> build_invoice(const InvoiceInput& input);

/// The result of the invoice op as canonical JSON text, including `content_hash`, the SHA-256
/// of the canonical text of this same object without `content_hash`. Written once: the text
/// is hashed, then the hash is spliced in at its sorted position.
[[nodiscard]] std::string invoice_text(const InvoiceInput& input, const Invoice& invoice);

}  // namespace ratecard
