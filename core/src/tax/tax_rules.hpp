#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ratecard/result.hpp"
#include "tax/tax_request.hpp"
#include "tax/tax_types.hpp"

namespace ratecard {

/// How one line is taxed, before any amount is computed: its reason, its place of supply and
/// the rate of every tax component (0 for zero-rated and reverse-charged lines).
struct LineTaxDecision {
  TaxabilityReason reason = TaxabilityReason::kNotSubjectToTax;
  std::optional<std::string> jurisdiction;
  std::vector<TaxComponentRate> components;
  bool from_request = false;  ///< The request's `rates` decided the line, not the dataset.
};

/// Decides a line from the request's override when it has one (non-null), otherwise from the rules and
/// the dataset. The reasons are tried in this order: not_subject_to_tax, not_collecting,
/// product_exempt, customer_exempt, reverse_charge, zero_rated, then reduced_rated or
/// standard_rated. INVALID_ARGUMENT when the dataset cannot answer a rate the line needs
/// (path: the line's `tax_category`, or the country that put the line in an unknown place).
[[nodiscard]] Result<LineTaxDecision> decide_line_tax(const TaxContext& context, const TaxLine& line,
                                                      const TaxRateOverride* override_rates);

}  // namespace ratecard
