#include "tax/tax_dataset.hpp"

#include <algorithm>

namespace ratecard {
namespace {

// True when a record's period [valid_from, valid_to) contains `date` ("YYYY-MM-DD").
bool period_contains(std::string_view valid_from, std::string_view valid_to, std::string_view date) noexcept {
  return valid_from <= date && (valid_to.empty() || date < valid_to);
}

bool has_records_for(const TaxJurisdictionRecord& jurisdiction, TaxCategory category) noexcept {
  return std::any_of(jurisdiction.rates, jurisdiction.rates + jurisdiction.rate_count,
                     [&](const TaxRateRecord& record) { return record.category == category; });
}

const NotCoveredRecord* find_not_covered(const TaxJurisdictionRecord& jurisdiction, TaxCategory category) noexcept {
  const auto* end = jurisdiction.not_covered + jurisdiction.not_covered_count;
  const auto* found = std::find_if(jurisdiction.not_covered, end,
                                   [&](const NotCoveredRecord& record) { return record.category == category; });
  return found == end ? nullptr : found;
}

const ProductRateRecord* find_product_rate(const TaxJurisdictionRecord& jurisdiction, std::string_view tax_code,
                                           std::string_view day) noexcept {
  const auto* end = jurisdiction.product_rates + jurisdiction.product_rate_count;
  const auto* found = std::find_if(jurisdiction.product_rates, end, [&](const ProductRateRecord& record) {
    return record.tax_code == tax_code && period_contains(record.valid_from, record.valid_to, day);
  });
  return found == end ? nullptr : found;
}

RateLookup missing(std::string reason) {
  RateLookup lookup;
  lookup.outcome = RateLookup::Outcome::kMissing;
  lookup.missing_reason = std::move(reason);
  return lookup;
}

}  // namespace

std::string dataset_date(const CivilDate& date) { return format_civil_date(date); }

const TaxJurisdictionRecord* find_tax_jurisdiction(std::string_view code) noexcept {
  const TaxDatasetTables& tables = tax_dataset_tables();
  const auto* end = tables.jurisdictions + tables.jurisdiction_count;
  const auto* found = std::lower_bound(tables.jurisdictions, end, code,
                                       [](const TaxJurisdictionRecord& record, std::string_view key) {
                                         return record.code < key;
                                       });
  return found != end && found->code == code ? found : nullptr;
}

std::optional<std::vector<const TaxJurisdictionRecord*>> taxes_at_place(std::string_view place) {
  const TaxDatasetTables& tables = tax_dataset_tables();
  const auto* end = tables.places + tables.place_count;
  const auto* found = std::lower_bound(tables.places, end, place,
                                       [](const TaxPlaceRecord& record, std::string_view key) {
                                         return record.place < key;
                                       });
  std::vector<const TaxJurisdictionRecord*> taxes;
  if (found != end && found->place == place) {
    for (std::size_t i = 0; i < found->tax_count; ++i) taxes.push_back(find_tax_jurisdiction(found->taxes[i]));
    return taxes;
  }
  const TaxJurisdictionRecord* own = find_tax_jurisdiction(place);
  if (own == nullptr) return std::nullopt;
  taxes.push_back(own);
  return taxes;
}

RateLookup find_tax_rate(const TaxJurisdictionRecord& jurisdiction, TaxCategory category,
                         const std::optional<std::string>& tax_code, const CivilDate& date) {
  const std::string day = dataset_date(date);
  if (tax_code) {
    if (const ProductRateRecord* product = find_product_rate(jurisdiction, *tax_code, day)) {
      const auto rate = Decimal::parse(product->rate);
      if (!rate) return missing("the dataset's rate " + std::string(product->rate) + " is not a decimal");
      RateLookup lookup;
      lookup.outcome = RateLookup::Outcome::kTaxed;
      lookup.rate = *rate;
      return lookup;
    }
  }
  if (const NotCoveredRecord* not_covered = find_not_covered(jurisdiction, category)) {
    return missing(std::string(not_covered->reason));
  }
  TaxCategory wanted = category;
  if (category == TaxCategory::kDigitalServices && !has_records_for(jurisdiction, category)) {
    wanted = TaxCategory::kStandard;
  }
  const auto* end = jurisdiction.rates + jurisdiction.rate_count;
  const auto* found = std::find_if(jurisdiction.rates, end, [&](const TaxRateRecord& record) {
    return record.category == wanted && period_contains(record.valid_from, record.valid_to, day);
  });
  if (found == end) {
    // Name the nearest period the dataset has, so the message says what is missing.
    const TaxRateRecord* first = nullptr;
    const TaxRateRecord* last = nullptr;
    for (const auto* record = jurisdiction.rates; record != end; ++record) {
      if (record->category != wanted) continue;
      if (first == nullptr) first = record;
      last = record;
    }
    if (last == nullptr) {
      return missing("the dataset has no " + std::string(tax_category_name(wanted)) + " rate for " +
                     std::string(jurisdiction.code));
    }
    if (day < first->valid_from) {
      return missing("the dataset's " + std::string(tax_category_name(wanted)) + " rate for " +
                     std::string(jurisdiction.code) + " starts on " + std::string(first->valid_from) + ", after " + day);
    }
    return missing("the dataset's " + std::string(tax_category_name(wanted)) + " rate for " +
                   std::string(jurisdiction.code) + " does not cover " + day + " (its last period ends " +
                   std::string(last->valid_to.empty() ? std::string_view("never") : last->valid_to) + ")");
  }
  RateLookup lookup;
  lookup.record = found;
  if (found->treatment == RateTreatment::kExempt) {
    lookup.outcome = RateLookup::Outcome::kExempt;
    return lookup;
  }
  // The generator only emits canonical decimal percents, so parsing cannot fail.
  const auto rate = Decimal::parse(found->rate);
  if (!rate) return missing("the dataset's rate " + std::string(found->rate) + " is not a decimal");
  lookup.outcome = RateLookup::Outcome::kTaxed;
  lookup.rate = *rate;
  return lookup;
}

bool is_known_tax_code(std::string_view code) noexcept {
  const TaxDatasetTables& tables = tax_dataset_tables();
  return std::binary_search(tables.tax_codes, tables.tax_codes + tables.tax_code_count, code);
}

std::string known_tax_codes() {
  const TaxDatasetTables& tables = tax_dataset_tables();
  std::string list;
  for (std::size_t i = 0; i < tables.tax_code_count; ++i) {
    if (i > 0) list += i + 1 == tables.tax_code_count ? " or " : ", ";
    list += tables.tax_codes[i];
  }
  return list;
}

bool in_eu_vat_area(std::string_view country, const CivilDate& date) {
  const TaxDatasetTables& tables = tax_dataset_tables();
  const std::string day = dataset_date(date);
  return std::any_of(tables.eu_vat_area, tables.eu_vat_area + tables.eu_vat_area_count,
                     [&](const VatAreaMembershipRecord& record) {
                       return record.country == country && period_contains(record.valid_from, record.valid_to, day);
                     });
}

const TerritoryRecord* find_territory(std::string_view country, const std::optional<std::string>& postal_code) {
  std::string digits;
  if (postal_code) {
    for (const char c : *postal_code) {
      if (c != ' ' && c != '-') digits += c;
    }
  }
  const TaxDatasetTables& tables = tax_dataset_tables();
  const TerritoryRecord* whole_country = nullptr;
  const TerritoryRecord* longest_prefix = nullptr;
  for (const TerritoryRecord* record = tables.territories; record != tables.territories + tables.territory_count;
       ++record) {
    if (record->country != country) continue;
    if (record->postal_code_prefix.empty()) {
      whole_country = record;
    } else if (!digits.empty() && digits.compare(0, record->postal_code_prefix.size(), record->postal_code_prefix) == 0 &&
               (longest_prefix == nullptr ||
                record->postal_code_prefix.size() > longest_prefix->postal_code_prefix.size())) {
      longest_prefix = record;
    }
  }
  return longest_prefix != nullptr ? longest_prefix : whole_country;
}

std::string_view vat_country_of(std::string_view country) {
  const TerritoryRecord* territory = find_territory(country, std::nullopt);
  if (territory != nullptr && territory->treatment == TerritoryTreatment::kTaxed) return territory->vat_country;
  return country;
}

bool country_has_tax_regions(std::string_view country) noexcept {
  const TaxDatasetTables& tables = tax_dataset_tables();
  return std::any_of(tables.regions, tables.regions + tables.region_count,
                     [&](const RegionRecord& record) { return record.country == country; });
}

bool is_known_tax_region(std::string_view country, std::string_view region) noexcept {
  const TaxDatasetTables& tables = tax_dataset_tables();
  return std::any_of(tables.regions, tables.regions + tables.region_count, [&](const RegionRecord& record) {
    return record.country == country && record.region == region;
  });
}

}  // namespace ratecard
