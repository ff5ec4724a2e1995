#include "tax/tax_calculation.hpp"

#include <map>
#include <tuple>
#include <utility>

#include "money/minor_units.hpp"
#include "tax/tax_rules.hpp"

namespace ratecard {
namespace {

// A line on its way through the computation.
struct LineWork {
  Decimal base;  // amount − discount: the net (exclusive) or the gross (inclusive) being taxed
  LineTaxDecision decision;
  std::vector<Rational> exact_taxes;  // one per component, unrounded
  std::vector<Decimal> taxes;         // one per component, rounded
};

// What one breakdown entry (and one invoice-level rounding) groups lines by.
using GroupKey = std::tuple<std::string, std::string, std::string, TaxabilityReason>;

GroupKey group_key(const TaxComponentRate& component, TaxabilityReason reason) {
  return {component.jurisdiction, component.name, component.rate.to_string(), reason};
}


// The unrounded tax of every component: rate % of the net, the net being the base itself
// (exclusive) or the base without all the line's taxes (inclusive).
std::vector<Rational> exact_component_taxes(const Decimal& base, TaxBehavior behavior,
                                            const std::vector<TaxComponentRate>& components) {
  Rational total_rate;
  for (const TaxComponentRate& component : components) total_rate += component.rate.to_rational();
  const Rational divisor = behavior == TaxBehavior::kExclusive ? Rational(100) : Rational(100) + total_rate;
  std::vector<Rational> taxes;
  taxes.reserve(components.size());
  for (const TaxComponentRate& component : components) {
    taxes.push_back(base.to_rational() * component.rate.to_rational() / divisor);
  }
  return taxes;
}

// A tax-inclusive line whose net is rounded: net = gross − Σ exact taxes, rounded once; the tax
// is what is left of the gross, shared by the components in proportion to their exact taxes.
Result<std::vector<Decimal>> taxes_from_rounded_net(const LineWork& line, int scale, RoundingMode mode) {
  Rational exact_tax;
  for (const Rational& tax : line.exact_taxes) exact_tax += tax;
  if (exact_tax.is_zero()) return std::vector<Decimal>(line.exact_taxes.size(), Decimal{});
  RATECARD_TRY(Decimal net, round_to_scale(line.base.to_rational() - exact_tax, scale, mode));
  const Rational tax = (line.base - net).to_rational();
  std::vector<Rational> shares;
  shares.reserve(line.exact_taxes.size());
  for (const Rational& component : line.exact_taxes) shares.push_back(component * tax / exact_tax);
  // The shares sum to a tax already at the minor unit, so allocating them rounds nothing more.
  RATECARD_TRY(Allocation allocation, allocate_largest_remainder(shares, scale, mode));
  return std::move(allocation.parts);
}

Status round_each_line(std::vector<LineWork>& work, const std::vector<TaxLine>& lines, int scale,
                       RoundingMode mode, InclusiveRounding inclusive) {
  for (std::size_t i = 0; i < work.size(); ++i) {
    LineWork& line = work[i];
    if (lines[i].behavior == TaxBehavior::kInclusive && inclusive == InclusiveRounding::kNet) {
      RATECARD_TRY(line.taxes, taxes_from_rounded_net(line, scale, mode));
      continue;
    }
    if (lines[i].behavior == TaxBehavior::kInclusive) {
      // One rounding of the line's whole tax keeps 0 <= tax <= gross; the split is exact.
      RATECARD_TRY(Allocation allocation, allocate_largest_remainder(line.exact_taxes, scale, mode));
      line.taxes = std::move(allocation.parts);
      continue;
    }
    line.taxes.clear();
    for (const Rational& exact : line.exact_taxes) {
      RATECARD_TRY(Decimal rounded, round_to_scale(exact, scale, mode));
      line.taxes.push_back(rounded);
    }
  }
  return ok_status();
}

Status round_once_per_rate(std::vector<LineWork>& work, int scale, RoundingMode mode) {
  std::map<GroupKey, std::vector<std::pair<std::size_t, std::size_t>>> groups;  // -> (line, component)
  for (std::size_t i = 0; i < work.size(); ++i) {
    work[i].taxes.assign(work[i].exact_taxes.size(), Decimal{});
    const auto& components = work[i].decision.components;
    for (std::size_t k = 0; k < components.size(); ++k) {
      groups[group_key(components[k], work[i].decision.reason)].emplace_back(i, k);
    }
  }
  for (const auto& [key, members] : groups) {
    std::vector<Rational> exact;
    exact.reserve(members.size());
    for (const auto& [line, component] : members) exact.push_back(work[line].exact_taxes[component]);
    RATECARD_TRY(Allocation allocation, allocate_largest_remainder(exact, scale, mode));
    for (std::size_t m = 0; m < members.size(); ++m) {
      work[members[m].first].taxes[members[m].second] = allocation.parts[m];
    }
  }
  return ok_status();
}

TaxedLine finish_line(const TaxLine& input, LineWork& work) {
  TaxedLine line;
  line.amount = input.amount;
  line.discount_amount = input.discount_amount;
  line.category = input.category;
  line.behavior = input.behavior;
  line.tax_code = input.tax_code;
  line.reason = work.decision.reason;
  line.jurisdiction = work.decision.jurisdiction;
  line.rates_from_request = work.decision.from_request;
  for (const Decimal& tax : work.taxes) line.tax_amount += tax;
  if (input.behavior == TaxBehavior::kExclusive) {
    line.net_amount = work.base;
    line.gross_amount = work.base + line.tax_amount;
  } else {
    line.gross_amount = work.base;
    line.net_amount = work.base - line.tax_amount;
  }
  for (std::size_t k = 0; k < work.decision.components.size(); ++k) {
    TaxComponentRate& component = work.decision.components[k];
    line.components.push_back({std::move(component.jurisdiction), std::move(component.name), component.rate,
                               line.net_amount, work.taxes[k]});
  }
  return line;
}

std::vector<TaxBreakdownEntry> breakdown_of(const std::vector<TaxedLine>& lines) {
  std::vector<TaxBreakdownEntry> breakdown;
  std::map<GroupKey, std::size_t> index;
  for (const TaxedLine& line : lines) {
    for (const TaxComponentAmount& component : line.components) {
      const GroupKey key{component.jurisdiction, component.name, component.rate.to_string(), line.reason};
      auto [found, inserted] = index.try_emplace(key, breakdown.size());
      if (inserted) {
        breakdown.push_back({component.jurisdiction, component.name, component.rate, line.reason, {}, {}});
      }
      TaxBreakdownEntry& entry = breakdown[found->second];
      entry.taxable_amount += component.taxable_amount;
      entry.tax_amount += component.tax_amount;
    }
  }
  return breakdown;
}

// The decision of an earlier line decided from the dataset with the same category and tax code
// as line `i`, if any: the dataset decides by those alone (a line's path only words an error).
const LineTaxDecision* decided_alike(const std::vector<LineWork>& work, const std::vector<TaxLine>& lines,
                                     const std::vector<const TaxRateOverride*>& overrides, std::size_t i) {
  for (std::size_t j = 0; j < work.size(); ++j) {
    if (overrides[j] == nullptr && lines[j].category == lines[i].category && lines[j].tax_code == lines[i].tax_code) {
      return &work[j].decision;
    }
  }
  return nullptr;
}

// The override of each line, if any.
Result<std::vector<const TaxRateOverride*>> overrides_by_line(const TaxContext& context, std::size_t line_count) {
  std::vector<const TaxRateOverride*> by_line(line_count, nullptr);
  for (const TaxRateOverride& rates : context.overrides) {
    RATECARD_CHECK(check_override_line(rates, line_count));
    by_line[rates.line] = &rates;
  }
  return by_line;
}

}  // namespace

Status check_tax_line_amounts(const TaxLine& line, const Currency& currency) {
  RATECARD_CHECK(check_minor_units(line.amount, currency, line.path + "/amount"));
  const std::string discount_path = line.path + "/discount_amount";
  RATECARD_CHECK(check_minor_units(line.discount_amount, currency, discount_path));
  const bool same_sign = line.discount_amount.is_zero() || line.discount_amount.sign() == line.amount.sign();
  const Decimal magnitude = line.amount.sign() < 0 ? -line.amount : line.amount;
  const Decimal discount = line.discount_amount.sign() < 0 ? -line.discount_amount : line.discount_amount;
  if (!same_sign || discount > magnitude) {
    return Error{ErrorCode::kInvalidArgument,
                 "the discount (" + line.discount_amount.to_fixed(currency.minor_units) +
                     ") must have the sign of the amount (" + line.amount.to_fixed(currency.minor_units) +
                     ") and cannot exceed it",
                 discount_path};
  }
  return ok_status();
}

Status check_override_line(const TaxRateOverride& rates, std::size_t line_count) {
  if (rates.line < line_count) return ok_status();
  const std::string lines = line_count == 0 ? std::string("there are no lines")
                                            : "lines are numbered from 0 to " + std::to_string(line_count - 1);
  return Error{ErrorCode::kInvalidArgument, "there is no line " + std::to_string(rates.line) + ": " + lines,
               rates.path + "/line"};
}

Result<TaxResult> compute_tax(const TaxContext& context, const std::vector<TaxLine>& lines, const Currency& currency,
                              RoundingMode mode) {
  RATECARD_TRY(std::vector<const TaxRateOverride*> overrides, overrides_by_line(context, lines.size()));
  std::vector<LineWork> work;
  work.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const TaxLine& line = lines[i];
    RATECARD_CHECK(check_tax_line_amounts(line, currency));
    const LineTaxDecision* alike = overrides[i] == nullptr ? decided_alike(work, lines, overrides, i) : nullptr;
    RATECARD_TRY(LineTaxDecision decision,
                 alike != nullptr ? Result<LineTaxDecision>(*alike) : decide_line_tax(context, line, overrides[i]));
    LineWork line_work;
    line_work.base = line.amount - line.discount_amount;
    line_work.exact_taxes = exact_component_taxes(line_work.base, line.behavior, decision.components);
    line_work.decision = std::move(decision);
    work.push_back(std::move(line_work));
  }
  if (context.rounding_level == TaxRoundingLevel::kLine) {
    RATECARD_CHECK(round_each_line(work, lines, currency.minor_units, mode, context.inclusive_rounding));
  } else {
    RATECARD_CHECK(round_once_per_rate(work, currency.minor_units, mode));
  }

  TaxResult result;
  result.lines.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    TaxedLine line = finish_line(lines[i], work[i]);
    result.totals.discount_amount += line.discount_amount;
    result.totals.net_amount += line.net_amount;
    result.totals.tax_amount += line.tax_amount;
    result.totals.gross_amount += line.gross_amount;
    result.lines.push_back(std::move(line));
  }
  result.breakdown = breakdown_of(result.lines);
  return result;
}

}  // namespace ratecard
