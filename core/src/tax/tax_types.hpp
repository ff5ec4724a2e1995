#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ratecard {

/// What kind of product a line sells, as far as tax is concerned (docs/core-api.md, Op `tax`).
/// The order is the dataset's canonical order of rate categories.
enum class TaxCategory {
  kStandard,         ///< The standard rate.
  kReduced,          ///< The jurisdiction's main reduced rate.
  kSuperReduced,     ///< An EU rate below 5 %, or India's 5 % slab.
  kIncreased,        ///< A rate above the standard one (India's 28 % / 40 % slab).
  kDigitalServices,  ///< Electronically supplied services and SaaS (destination-taxed).
  kZeroRated,        ///< Taxable at 0 % (no dataset record needed).
  kExempt,           ///< Exempt from tax (no dataset record needed).
};

/// Whether a line's amount excludes tax (tax is added) or includes it (tax is backed out).
enum class TaxBehavior { kExclusive, kInclusive };

/// How a product is taxed wherever it is sold: its category, its product tax code (a finer
/// class, such as "groceries", whose own rate replaces the category's where the dataset has
/// one) and whether its price includes tax.
struct TaxTreatment {
  TaxCategory category = TaxCategory::kStandard;
  TaxBehavior behavior = TaxBehavior::kExclusive;
  std::optional<std::string> tax_code;
};

/// Where tax amounts are rounded: on every line, or once per rate for the whole document.
enum class TaxRoundingLevel { kLine, kInvoice };

/// What is rounded on a tax-inclusive line: the tax (net = gross − tax, the default) or the net
/// (tax = gross − net, as Zuora rounds: 2.99 at 4 % gives net 2.88 and tax 0.11).
enum class InclusiveRounding { kTax, kNet };

/// A customer's own tax status.
enum class CustomerTaxExemption {
  kNone,     ///< Taxed normally.
  kExempt,   ///< Exempt (e.g. a charity or a reseller with a certificate): no tax.
  kReverse,  ///< The customer accounts for the tax itself: reverse charge at 0.
};

/// Why a line is taxed the way it is.
enum class TaxabilityReason {
  kStandardRated,
  kReducedRated,
  kZeroRated,
  kReverseCharge,
  kCustomerExempt,
  kNotCollecting,
  kNotSubjectToTax,
  kProductExempt,
};

/// The kind of a tax: VAT-like taxes know reverse charge, sales taxes do not.
enum class TaxKind { kVat, kSalesTax };

/// Wire names and their parsers (exact, lower case). Parsers return nothing for unknown names.
[[nodiscard]] std::string_view tax_category_name(TaxCategory category) noexcept;
[[nodiscard]] std::optional<TaxCategory> parse_tax_category(std::string_view name) noexcept;
[[nodiscard]] std::string_view tax_behavior_name(TaxBehavior behavior) noexcept;
[[nodiscard]] std::optional<TaxBehavior> parse_tax_behavior(std::string_view name) noexcept;
[[nodiscard]] std::string_view tax_rounding_level_name(TaxRoundingLevel level) noexcept;
[[nodiscard]] std::optional<TaxRoundingLevel> parse_tax_rounding_level(std::string_view name) noexcept;
[[nodiscard]] std::string_view inclusive_rounding_name(InclusiveRounding rounding) noexcept;
[[nodiscard]] std::optional<InclusiveRounding> parse_inclusive_rounding(std::string_view name) noexcept;
[[nodiscard]] std::optional<CustomerTaxExemption> parse_customer_tax_exemption(std::string_view name) noexcept;
[[nodiscard]] std::string_view taxability_reason_name(TaxabilityReason reason) noexcept;
[[nodiscard]] std::optional<TaxabilityReason> parse_taxability_reason(std::string_view name) noexcept;

/// True for reasons under which a line carries no tax components at all.
[[nodiscard]] bool reason_has_no_components(TaxabilityReason reason) noexcept;

}  // namespace ratecard
