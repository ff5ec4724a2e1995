#include "tax/tax_rules.hpp"

#include <algorithm>

#include "tax/place_of_supply.hpp"
#include "tax/tax_dataset.hpp"

namespace ratecard {
namespace {

constexpr std::string_view kPassRates = "; pass the line's rates in \"rates\" (docs/core-api.md, Op `tax`)";

LineTaxDecision decision(TaxabilityReason reason, std::optional<std::string> jurisdiction,
                         std::vector<TaxComponentRate> components = {}) {
  LineTaxDecision result;
  result.reason = reason;
  result.jurisdiction = std::move(jurisdiction);
  result.components = std::move(components);
  return result;
}

std::optional<std::string> place_or_none(const std::string& place) {
  if (place.empty()) return std::nullopt;
  return place;
}

std::vector<TaxComponentRate> at_zero(const std::vector<const TaxJurisdictionRecord*>& taxes) {
  std::vector<TaxComponentRate> components;
  for (const TaxJurisdictionRecord* tax : taxes) {
    components.push_back({std::string(tax->code), std::string(tax->tax_name), Decimal{}});
  }
  return components;
}

// A place the dataset does not know: only answers that need no rate are possible.
Result<LineTaxDecision> decide_unknown_place(const TaxContext& context, const TaxLine& line,
                                             const SupplyPlace& supply) {
  if (!seller_registered(context.seller, supply.place)) {
    return decision(TaxabilityReason::kNotCollecting, supply.place);
  }
  if (line.category == TaxCategory::kExempt) return decision(TaxabilityReason::kProductExempt, supply.place);
  if (context.customer.exemption == CustomerTaxExemption::kExempt) {
    return decision(TaxabilityReason::kCustomerExempt, supply.place);
  }
  return Error{ErrorCode::kInvalidArgument, supply.place + " is not in the tax rate dataset" + std::string(kPassRates),
               supply.place_path};
}

// The taxes of a known place that the seller collects (all of them when reverse charged, or
// when the seller owes them whatever it is registered for).
std::vector<const TaxJurisdictionRecord*> collected_taxes(const TaxContext& context, const SupplyPlace& supply,
                                                          const std::vector<const TaxJurisdictionRecord*>& taxes) {
  if (supply.kind == SupplyPlace::Kind::kReverseCharge || supply.collection == SupplyPlace::Collection::kAll) return taxes;
  std::vector<const TaxJurisdictionRecord*> collected;
  const bool one_stop_shop =
      supply.collection == SupplyPlace::Collection::kRegisteredOrOneStopShop && seller_registered(context.seller, "EU");
  for (const TaxJurisdictionRecord* tax : taxes) {
    if (one_stop_shop || seller_registered(context.seller, tax->registration)) collected.push_back(tax);
  }
  return collected;
}

Result<LineTaxDecision> decide_from_dataset(const TaxContext& context, const TaxLine& line) {
  const SupplyPlace supply = find_place_of_supply(context, line.category);
  switch (supply.kind) {
    case SupplyPlace::Kind::kNotSubject:
      return decision(TaxabilityReason::kNotSubjectToTax, place_or_none(supply.place));
    case SupplyPlace::Kind::kNotCollecting: return decision(TaxabilityReason::kNotCollecting, supply.place);
    case SupplyPlace::Kind::kNotModelled:
      return Error{ErrorCode::kInvalidArgument,
                   "the customer is in " + supply.territory + ", which has " + supply.territory_tax +
                       " instead of its country's VAT and is not modelled in the tax rate dataset" +
                       std::string(kPassRates),
                   supply.place_path};
    case SupplyPlace::Kind::kTaxed:
    case SupplyPlace::Kind::kReverseCharge: break;
  }
  const auto taxes = taxes_at_place(supply.place);
  if (!taxes) return decide_unknown_place(context, line, supply);
  if (taxes->empty()) return decision(TaxabilityReason::kNotSubjectToTax, supply.place);
  const std::vector<const TaxJurisdictionRecord*> collected = collected_taxes(context, supply, *taxes);
  if (collected.empty()) return decision(TaxabilityReason::kNotCollecting, supply.place);

  // Look the rates up first: a jurisdiction may exempt the category (SaaS in some US states).
  const bool needs_rates = line.category != TaxCategory::kExempt && line.category != TaxCategory::kZeroRated;
  std::vector<RateLookup> lookups;
  if (needs_rates) {
    for (const TaxJurisdictionRecord* tax : collected) {
      lookups.push_back(find_tax_rate(*tax, line.category, line.tax_code, context.tax_date));
    }
  }
  const bool dataset_exempts = needs_rates && std::all_of(lookups.begin(), lookups.end(), [](const RateLookup& l) {
                                 return l.outcome == RateLookup::Outcome::kExempt;
                               });
  if (line.category == TaxCategory::kExempt || dataset_exempts) {
    return decision(TaxabilityReason::kProductExempt, supply.place);
  }
  if (context.customer.exemption == CustomerTaxExemption::kExempt) {
    return decision(TaxabilityReason::kCustomerExempt, supply.place);
  }
  if (supply.kind == SupplyPlace::Kind::kReverseCharge ||
      context.customer.exemption == CustomerTaxExemption::kReverse) {
    return decision(TaxabilityReason::kReverseCharge, supply.place, at_zero(collected));
  }
  if (line.category == TaxCategory::kZeroRated) {
    return decision(TaxabilityReason::kZeroRated, supply.place, at_zero(collected));
  }
  std::vector<TaxComponentRate> components;
  for (std::size_t i = 0; i < collected.size(); ++i) {
    const RateLookup& lookup = lookups[i];
    if (lookup.outcome == RateLookup::Outcome::kMissing) {
      return Error{ErrorCode::kInvalidArgument, lookup.missing_reason + std::string(kPassRates),
                   line.path + "/tax_category"};
    }
    if (lookup.outcome == RateLookup::Outcome::kTaxed) {
      components.push_back({std::string(collected[i]->code), std::string(collected[i]->tax_name), lookup.rate});
    }
  }
  const bool reduced = line.category == TaxCategory::kReduced || line.category == TaxCategory::kSuperReduced;
  return decision(reduced ? TaxabilityReason::kReducedRated : TaxabilityReason::kStandardRated, supply.place,
                  std::move(components));
}

}  // namespace

Result<LineTaxDecision> decide_line_tax(const TaxContext& context, const TaxLine& line,
                                        const TaxRateOverride* override_rates) {
  if (override_rates != nullptr) {
    LineTaxDecision result = decision(override_rates->reason, override_rates->jurisdiction,
                                      override_rates->components);
    if (!result.jurisdiction && !result.components.empty()) result.jurisdiction = result.components.front().jurisdiction;
    result.from_request = true;
    return result;
  }
  return decide_from_dataset(context, line);
}

}  // namespace ratecard
