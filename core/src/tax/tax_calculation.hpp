#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ratecard/currency.hpp"
#include "ratecard/decimal.hpp"
#include "ratecard/result.hpp"
#include "ratecard/rounding.hpp"
#include "tax/tax_request.hpp"
#include "tax/tax_types.hpp"

namespace ratecard {

/// One tax on one line, rounded.
struct TaxComponentAmount {
  std::string jurisdiction;  ///< "CA", "CA-QC", "FR", or the provider's code.
  std::string name;          ///< "GST", "QST", "VAT", "sales tax", ...
  Decimal rate;              ///< Percent.
  Decimal taxable_amount;    ///< The line's net amount.
  Decimal tax_amount;        ///< At the currency's minor unit.
};

/// One line with its tax. net_amount + tax_amount == gross_amount exactly.
struct TaxedLine {
  Decimal amount;           ///< As given.
  Decimal discount_amount;  ///< As given.
  Decimal net_amount;       ///< Excluding tax, after the discount.
  Decimal tax_amount;       ///< Sum of the components' tax amounts.
  Decimal gross_amount;     ///< Including tax, after the discount.
  TaxCategory category = TaxCategory::kStandard;
  TaxBehavior behavior = TaxBehavior::kExclusive;
  std::optional<std::string> tax_code;  ///< As given.
  TaxabilityReason reason = TaxabilityReason::kNotSubjectToTax;
  std::optional<std::string> jurisdiction;  ///< The place of supply, when known.
  std::vector<TaxComponentAmount> components;
  bool rates_from_request = false;  ///< Decided by the request's `rates`, not the dataset.
};

/// The tax of all lines sharing one jurisdiction, tax name, rate and reason (an invoice's
/// VAT summary line). In invoice-level rounding this is the unit rounded once.
struct TaxBreakdownEntry {
  std::string jurisdiction;
  std::string name;
  Decimal rate;
  TaxabilityReason reason = TaxabilityReason::kStandardRated;
  Decimal taxable_amount;
  Decimal tax_amount;
};

/// Sums over every line.
struct TaxTotals {
  Decimal discount_amount;
  Decimal net_amount;
  Decimal tax_amount;
  Decimal gross_amount;
};

/// The tax of a whole document.
struct TaxResult {
  std::vector<TaxedLine> lines;                 ///< One per input line, in order.
  std::vector<TaxBreakdownEntry> breakdown;     ///< In order of first appearance.
  TaxTotals totals;
};

/// OK when a line's amounts are at the currency's minor unit and its discount has the amount's
/// sign and at most its magnitude; INVALID_ARGUMENT at the line's `amount` or `discount_amount`.
[[nodiscard]] Status check_tax_line_amounts(const TaxLine& line, const Currency& currency);

/// OK when `rates` names one of `line_count` lines; INVALID_ARGUMENT at its `line` otherwise.
[[nodiscard]] Status check_override_line(const TaxRateOverride& rates, std::size_t line_count);

/// Taxes `lines` (amounts at the currency's minor unit) under `context`: decides every line
/// (decide_line_tax), then rounds with `mode` at exactly these points:
/// - level `line`, exclusive line: each component's tax, net × rate, is rounded on its own;
/// - level `line`, inclusive line: the line's total tax, gross × Σrates / (100 + Σrates), is
///   rounded once and split over its components by largest remainder; net = gross − tax;
///   with InclusiveRounding::kNet the net, gross × 100 / (100 + Σrates), is rounded instead
///   and tax = gross − net, split over the components in proportion to their exact taxes;
/// - level `invoice`: the exact taxes of all lines in one breakdown entry are summed and
///   rounded once, then allocated back to the lines by largest remainder; exclusive lines add
///   their tax to the net, inclusive lines take it out of the gross.
/// Errors: INVALID_ARGUMENT for an amount finer than the minor unit or a discount above the
/// amount (at the line's path), for an override of a line that does not exist (at its
/// `line`), and whatever decide_line_tax reports.
[[nodiscard]] Result<TaxResult> compute_tax(const TaxContext& context, const std::vector<TaxLine>& lines,
                                            const Currency& currency, RoundingMode mode);

}  // namespace ratecard
