#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "calendar/instant.hpp"
#include "ratecard/decimal.hpp"
#include "tax/tax_types.hpp"

namespace ratecard {

// The inputs of a tax computation, shared by the `tax`, `invoice` and `quote` ops. Paths are
// the JSON Pointers of the request fields the values came from, so that a computation error
// points at the field to fix.

/// The seller: where it is established and where it is registered to collect tax.
struct TaxSeller {
  std::string country;                ///< ISO 3166-1 alpha-2.
  std::optional<std::string> region;  ///< Province or state ("QC", "NY") for CA and US.
  /// Registration codes: countries ("DE"), "EU" (the One-Stop Shop), and Canadian provinces or
  /// US states ("CA-QC", "US-NY").
  std::vector<std::string> registrations;
  std::string country_path;  ///< Where `country` was read, for errors.
};

/// The customer: where the supply is consumed and who the customer is for tax purposes.
struct TaxCustomer {
  std::string country;                     ///< ISO 3166-1 alpha-2.
  std::optional<std::string> region;       ///< Required for CA and US.
  std::optional<std::string> postal_code;  ///< Recognises territories outside the EU VAT area.
  std::optional<std::string> tax_id;       ///< VAT / GST number, if the customer is a business.
  bool tax_id_validated = false;           ///< The caller checked the number (e.g. with VIES).
  CustomerTaxExemption exemption = CustomerTaxExemption::kNone;
  std::string country_path;  ///< Where `country` was read, for errors.

  /// A business whose tax id the caller validated: cross-border sales to it are reverse charged.
  [[nodiscard]] bool is_validated_business() const { return tax_id.has_value() && tax_id_validated; }
};

/// One tax of an externally decided line (a tax provider's answer).
struct TaxComponentRate {
  std::string jurisdiction;  ///< Free text from the provider, e.g. "US-NY-NYC".
  std::string name;          ///< "sales tax", "VAT", ...
  Decimal rate;              ///< Percent, 0..100.
};

/// A line whose taxability and rates the request gives instead of the dataset.
struct TaxRateOverride {
  std::size_t line = 0;  ///< The index of the line it decides.
  std::string path;      ///< The entry's JSON Pointer, for errors.
  TaxabilityReason reason = TaxabilityReason::kStandardRated;
  std::optional<std::string> jurisdiction;  ///< The line's place of supply, when known.
  std::vector<TaxComponentRate> components;
};

/// The document-level tax inputs of one request.
struct TaxContext {
  CivilDate tax_date;  ///< The civil date of the tax point at the place of supply.
  TaxRoundingLevel rounding_level = TaxRoundingLevel::kLine;
  InclusiveRounding inclusive_rounding = InclusiveRounding::kTax;  ///< Line level only.
  TaxSeller seller;
  TaxCustomer customer;
  /// At most one per line; lines without one use the dataset.
  std::vector<TaxRateOverride> overrides;
};

/// One line to tax: an amount already at the currency's minor unit.
struct TaxLine {
  Decimal amount;           ///< Net (exclusive) or gross (inclusive) amount, before the discount.
  /// Taken off the amount before tax: the amount's sign and at most its magnitude.
  Decimal discount_amount;
  TaxCategory category = TaxCategory::kStandard;
  TaxBehavior behavior = TaxBehavior::kExclusive;
  std::string path;  ///< The JSON Pointer of the object the line comes from; errors point at its fields.
  /// A product tax code of the dataset ("groceries"): its rate, where it has one, replaces the
  /// category's.
  std::optional<std::string> tax_code;
};

}  // namespace ratecard
