#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/instant.hpp"
#include "ratecard/decimal.hpp"
#include "tax/tax_types.hpp"

namespace ratecard {

// The tax rate dataset compiled from core/data/tax_rates.json. The tables below are defined
// in a source generated at build time (core/tools/generate-tax-rates.js), so native and WASM
// builds carry the same data. Dates are "YYYY-MM-DD" texts, which compare like the dates.

/// How a dataset record treats its category.
enum class RateTreatment { kTaxed, kExempt };

/// One effective-dated rate of one tax for one category.
struct TaxRateRecord {
  TaxCategory category;
  RateTreatment treatment;
  std::string_view rate;        ///< Percent as a canonical decimal ("9.975"); empty when exempt.
  std::string_view valid_from;  ///< First day it applies (inclusive).
  std::string_view valid_to;    ///< First day it no longer applies (exclusive); empty when open.
  std::string_view source;      ///< Id of the source in the JSON file's "sources".
};

/// One effective-dated rate of one tax for the lines of one product tax code ("groceries"),
/// which replaces the line's category rate while it applies.
struct ProductRateRecord {
  std::string_view tax_code;    ///< A code of the dataset's "tax_codes".
  std::string_view rate;        ///< Percent as a canonical decimal.
  std::string_view valid_from;  ///< First day it applies (inclusive).
  std::string_view valid_to;    ///< First day it no longer applies (exclusive); empty when open.
  std::string_view source;      ///< Id of the source in the JSON file's "sources".
};

/// A category the dataset deliberately does not answer for a jurisdiction, and why.
struct NotCoveredRecord {
  TaxCategory category;
  std::string_view reason;
};

/// One tax: who levies it, what it is called, and its rates (sorted by category, then date).
struct TaxJurisdictionRecord {
  std::string_view code;          ///< "DE", "CA-QC", "US-NY".
  std::string_view tax_name;      ///< "VAT", "GST", "HST", "QST", "PST", "sales tax", ...
  TaxKind kind;
  std::string_view registration;  ///< The seller registration that makes the seller collect it.
  const TaxRateRecord* rates;
  std::size_t rate_count;
  const NotCoveredRecord* not_covered;
  std::size_t not_covered_count;
  const ProductRateRecord* product_rates;  ///< Sorted by tax code, then date.
  std::size_t product_rate_count;
};

/// A place whose taxes are not simply the jurisdiction of the same code (Canadian provinces,
/// US states without sales tax).
struct TaxPlaceRecord {
  std::string_view place;
  const std::string_view* taxes;  ///< Jurisdiction codes, in the order components are listed.
  std::size_t tax_count;
};

/// A period of a country's membership of the EU VAT area.
struct VatAreaMembershipRecord {
  std::string_view country;
  std::string_view valid_from;
  std::string_view valid_to;
};

/// How the dataset taxes a territory whose tax is not simply its country's.
enum class TerritoryTreatment {
  kTaxed,        ///< Taxed as `place`, under the VAT law of `vat_country` (Liechtenstein as CH, Reunion).
  kNoVat,        ///< No VAT applies there (Heligoland, Livigno, French Guiana): not subject.
  kNotModelled,  ///< It has a tax of its own the dataset does not hold (Canary Islands): refused.
};

/// A territory recognised by a customer's country code and, when not empty, postal code prefix
/// (Reunion is "RE", or "FR" with postal codes 974...).
struct TerritoryRecord {
  std::string_view country;
  std::string_view postal_code_prefix;  ///< Empty: the whole country code.
  std::string_view name;
  TerritoryTreatment treatment;
  std::string_view vat_country;  ///< kTaxed: whose VAT law applies ("CH" for Liechtenstein).
  std::string_view place;        ///< kTaxed: the place whose taxes apply ("CH", "RE").
  bool in_eu_vat_area;           ///< kTaxed: inside the EU VAT area while vat_country is (Monaco).
  std::string_view tax;          ///< kNotModelled: the tax it has instead ("IGIC").
};

/// A first-level subdivision the core knows (Canadian provinces, US states).
struct RegionRecord {
  std::string_view country;
  std::string_view region;
};

/// Every table of the dataset; each sorted as the generator guarantees.
struct TaxDatasetTables {
  std::string_view version;        ///< The dataset's "dataset_version".
  std::string_view coverage_from;  ///< The earliest tax date the dataset answers for.
  const TaxJurisdictionRecord* jurisdictions;  ///< Sorted by code.
  std::size_t jurisdiction_count;
  const TaxPlaceRecord* places;  ///< Sorted by place.
  std::size_t place_count;
  const VatAreaMembershipRecord* eu_vat_area;  ///< Sorted by country, then date.
  std::size_t eu_vat_area_count;
  const TerritoryRecord* territories;  ///< Sorted by country, then postal code prefix.
  std::size_t territory_count;
  const RegionRecord* regions;  ///< Sorted by country, then region.
  std::size_t region_count;
  const std::string_view* source_ids;  ///< Every source id of the JSON file, sorted.
  std::size_t source_count;
  const std::string_view* tax_codes;  ///< Every product tax code ("groceries"), sorted.
  std::size_t tax_code_count;
};

/// The compiled dataset (defined in the generated source).
[[nodiscard]] const TaxDatasetTables& tax_dataset_tables() noexcept;

/// The jurisdiction of a code, or nullptr.
[[nodiscard]] const TaxJurisdictionRecord* find_tax_jurisdiction(std::string_view code) noexcept;

/// The taxes levied at a place ("FR", "CA-QC", "US-NY"): empty for a place that levies none
/// (US-OR), nothing when the dataset does not know the place.
[[nodiscard]] std::optional<std::vector<const TaxJurisdictionRecord*>> taxes_at_place(std::string_view place);

/// What the dataset says about one category of one tax on one day.
struct RateLookup {
  enum class Outcome { kTaxed, kExempt, kMissing } outcome = Outcome::kMissing;
  Decimal rate;                           ///< Percent, when taxed.
  const TaxRateRecord* record = nullptr;  ///< The record found, if any.
  std::string missing_reason;             ///< Why there is no answer, when missing.
};

/// The rate of `category` (standard, reduced, super_reduced, increased or digital_services) in
/// `jurisdiction` on `date`. A `tax_code` with a product rate of the jurisdiction in force on
/// `date` gives that rate instead; without one the category decides. Digital services fall
/// back to the standard rate unless the jurisdiction has records or a not-covered entry of
/// their own.
[[nodiscard]] RateLookup find_tax_rate(const TaxJurisdictionRecord& jurisdiction, TaxCategory category,
                                       const std::optional<std::string>& tax_code, const CivilDate& date);

/// True when `code` is one of the dataset's product tax codes.
[[nodiscard]] bool is_known_tax_code(std::string_view code) noexcept;

/// The dataset's product tax codes, comma-separated, for messages.
[[nodiscard]] std::string known_tax_codes();

/// True when `country` belongs to the EU VAT area on `date`.
[[nodiscard]] bool in_eu_vat_area(std::string_view country, const CivilDate& date);

/// The territory a country code and postal code place a party in, or nullptr when the country's
/// own taxes apply. The longest postal code prefix of the country that matches wins ("97133"
/// Saint-Barthelemy over "971" Guadeloupe), and any prefix over a record for the whole country
/// code. Spaces and dashes in the postal code are ignored.
[[nodiscard]] const TerritoryRecord* find_territory(std::string_view country,
                                                    const std::optional<std::string>& postal_code);

/// The country whose VAT law applies in `country`: "CH" for "LI", "FR" for "MC" and "RE", the
/// country itself when no territory record says otherwise.
[[nodiscard]] std::string_view vat_country_of(std::string_view country);

/// True when the core knows the subdivisions of `country` (CA, US) and needs one for a customer.
[[nodiscard]] bool country_has_tax_regions(std::string_view country) noexcept;
/// True when `region` ("QC", "NY") is a known subdivision of `country`.
[[nodiscard]] bool is_known_tax_region(std::string_view country, std::string_view region) noexcept;

/// The `YYYY-MM-DD` text of a civil date (the dataset's date form).
[[nodiscard]] std::string dataset_date(const CivilDate& date);

}  // namespace ratecard
