#include "tax/tax_types.hpp"

#include <array>
#include <utility>

namespace ratecard {
namespace {

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

constexpr NameTable<TaxCategory, 7> kCategories{{
    {TaxCategory::kStandard, "standard"},
    {TaxCategory::kReduced, "reduced"},
    {TaxCategory::kSuperReduced, "super_reduced"},
    {TaxCategory::kIncreased, "increased"},
    {TaxCategory::kDigitalServices, "digital_services"},
    {TaxCategory::kZeroRated, "zero_rated"},
    {TaxCategory::kExempt, "exempt"},
}};

constexpr NameTable<TaxBehavior, 2> kBehaviors{{
    {TaxBehavior::kExclusive, "exclusive"},
    {TaxBehavior::kInclusive, "inclusive"},
}};

constexpr NameTable<TaxRoundingLevel, 2> kRoundingLevels{{
    {TaxRoundingLevel::kLine, "line"},
    {TaxRoundingLevel::kInvoice, "invoice"},
}};

constexpr NameTable<InclusiveRounding, 2> kInclusiveRoundings{{
    {InclusiveRounding::kTax, "tax"},
    {InclusiveRounding::kNet, "net"},
}};

constexpr NameTable<CustomerTaxExemption, 3> kExemptions{{
    {CustomerTaxExemption::kNone, "none"},
    {CustomerTaxExemption::kExempt, "exempt"},
    {CustomerTaxExemption::kReverse, "reverse"},
}};

constexpr NameTable<TaxabilityReason, 8> kReasons{{
    {TaxabilityReason::kStandardRated, "standard_rated"},
    {TaxabilityReason::kReducedRated, "reduced_rated"},
    {TaxabilityReason::kZeroRated, "zero_rated"},
    {TaxabilityReason::kReverseCharge, "reverse_charge"},
    {TaxabilityReason::kCustomerExempt, "customer_exempt"},
    {TaxabilityReason::kNotCollecting, "not_collecting"},
    {TaxabilityReason::kNotSubjectToTax, "not_subject_to_tax"},
    {TaxabilityReason::kProductExempt, "product_exempt"},
}};

template <typename Enum, std::size_t N>
std::string_view name_of(const NameTable<Enum, N>& table, Enum value) noexcept {
  for (const auto& [entry, name] : table) {
    if (entry == value) return name;
  }
  return table[0].second;
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse_name(const NameTable<Enum, N>& table, std::string_view text) noexcept {
  for (const auto& [entry, name] : table) {
    if (name == text) return entry;
  }
  return std::nullopt;
}

}  // namespace

std::string_view tax_category_name(TaxCategory category) noexcept { return name_of(kCategories, category); }
std::optional<TaxCategory> parse_tax_category(std::string_view name) noexcept {
  return parse_name(kCategories, name);
}

std::string_view tax_behavior_name(TaxBehavior behavior) noexcept { return name_of(kBehaviors, behavior); }
std::optional<TaxBehavior> parse_tax_behavior(std::string_view name) noexcept { return parse_name(kBehaviors, name); }

std::string_view tax_rounding_level_name(TaxRoundingLevel level) noexcept { return name_of(kRoundingLevels, level); }
std::optional<TaxRoundingLevel> parse_tax_rounding_level(std::string_view name) noexcept {
  return parse_name(kRoundingLevels, name);
}

std::string_view inclusive_rounding_name(InclusiveRounding rounding) noexcept {
  return name_of(kInclusiveRoundings, rounding);
}
std::optional<InclusiveRounding> parse_inclusive_rounding(std::string_view name) noexcept {
  return parse_name(kInclusiveRoundings, name);
}

std::optional<CustomerTaxExemption> parse_customer_tax_exemption(std::string_view name) noexcept {
  return parse_name(kExemptions, name);
}

std::string_view taxability_reason_name(TaxabilityReason reason) noexcept { return name_of(kReasons, reason); }
std::optional<TaxabilityReason> parse_taxability_reason(std::string_view name) noexcept {
  return parse_name(kReasons, name);
}

bool reason_has_no_components(TaxabilityReason reason) noexcept {
  switch (reason) {
    case TaxabilityReason::kCustomerExempt:
    case TaxabilityReason::kNotCollecting:
    case TaxabilityReason::kNotSubjectToTax:
    case TaxabilityReason::kProductExempt: return true;
    case TaxabilityReason::kStandardRated:
    case TaxabilityReason::kReducedRated:
    case TaxabilityReason::kZeroRated:
    case TaxabilityReason::kReverseCharge: return false;
  }
  return true;
}

}  // namespace ratecard
