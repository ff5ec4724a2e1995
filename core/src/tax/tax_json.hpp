#pragma once

#include "json/json.hpp"
#include "ratecard/currency.hpp"
#include "tax/tax_calculation.hpp"

namespace ratecard {

// The JSON form of tax results, shared by the `tax`, `invoice` and `quote` ops so a taxed
// line reads the same everywhere. Money is at the currency's minor unit, rates canonical.

/// A line: amount, discount_amount, net_amount, tax_amount, gross_amount, tax_category,
/// tax_behavior, taxability_reason, components, rates_from ("dataset" or "request") and,
/// when known, jurisdiction.
[[nodiscard]] Json tax_line_json(const TaxedLine& line, const Currency& currency);

/// The breakdown: one {jurisdiction, name, rate, taxability_reason, taxable_amount,
/// tax_amount} per entry, in order.
[[nodiscard]] Json tax_breakdown_json(const std::vector<TaxBreakdownEntry>& breakdown, const Currency& currency);

/// The totals: discount_amount, net_amount, tax_amount, gross_amount.
[[nodiscard]] Json tax_totals_json(const TaxTotals& totals, const Currency& currency);

}  // namespace ratecard
