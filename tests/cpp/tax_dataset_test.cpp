// The compiled tax rate dataset: its invariants (sorted, no overlapping periods, sources
// present) and lookups on both sides of the rate changes the issue names.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tax/tax_dataset.hpp"

namespace ratecard {
namespace {

CivilDate day(const char* text) { return *parse_civil_date(text); }

// The rate of a category (and product tax code) in a jurisdiction on a day, as text: "19",
// "exempt" or "missing".
std::string rate_on(std::string_view code, TaxCategory category, const char* date,
                    std::optional<std::string> tax_code = std::nullopt) {
  const TaxJurisdictionRecord* jurisdiction = find_tax_jurisdiction(code);
  if (jurisdiction == nullptr) return "no such jurisdiction";
  const RateLookup lookup = find_tax_rate(*jurisdiction, category, tax_code, day(date));
  switch (lookup.outcome) {
    case RateLookup::Outcome::kTaxed: return lookup.rate.to_string();
    case RateLookup::Outcome::kExempt: return "exempt";
    case RateLookup::Outcome::kMissing: return "missing";
  }
  return "?";
}

std::string standard(std::string_view code, const char* date) { return rate_on(code, TaxCategory::kStandard, date); }
std::string reduced(std::string_view code, const char* date) { return rate_on(code, TaxCategory::kReduced, date); }

TEST(TaxDataset, JurisdictionsAreSortedAndEachHasAStandardRate) {
  const TaxDatasetTables& tables = tax_dataset_tables();
  ASSERT_GT(tables.jurisdiction_count, 0u);
  for (std::size_t i = 0; i < tables.jurisdiction_count; ++i) {
    const TaxJurisdictionRecord& jurisdiction = tables.jurisdictions[i];
    if (i > 0) {
      EXPECT_LT(tables.jurisdictions[i - 1].code, jurisdiction.code);
    }
    EXPECT_FALSE(jurisdiction.tax_name.empty()) << jurisdiction.code;
    EXPECT_FALSE(jurisdiction.registration.empty()) << jurisdiction.code;
    const bool has_standard = std::any_of(jurisdiction.rates, jurisdiction.rates + jurisdiction.rate_count,
                                          [](const TaxRateRecord& r) { return r.category == TaxCategory::kStandard; });
    EXPECT_TRUE(has_standard) << jurisdiction.code;
  }
}

TEST(TaxDataset, PeriodsAreChronologicalAndNeverOverlapPerJurisdictionAndCategory) {
  const TaxDatasetTables& tables = tax_dataset_tables();
  for (std::size_t i = 0; i < tables.jurisdiction_count; ++i) {
    const TaxJurisdictionRecord& jurisdiction = tables.jurisdictions[i];
    for (std::size_t k = 0; k < jurisdiction.rate_count; ++k) {
      const TaxRateRecord& record = jurisdiction.rates[k];
      const std::string where = std::string(jurisdiction.code) + " record " + std::to_string(k);
      EXPECT_TRUE(parse_civil_date(record.valid_from).ok()) << where;
      EXPECT_GE(record.valid_from, tables.coverage_from) << where;
      if (!record.valid_to.empty()) {
        EXPECT_TRUE(parse_civil_date(record.valid_to).ok()) << where;
        EXPECT_LT(record.valid_from, record.valid_to) << where;
      }
      if (record.treatment == RateTreatment::kTaxed) {
        const auto rate = Decimal::parse(record.rate);
        ASSERT_TRUE(rate.ok()) << where;
        EXPECT_GT(rate->sign(), 0) << where;
        EXPECT_LE(*rate, *Decimal::parse("100")) << where;
        EXPECT_EQ(rate->to_string(), record.rate) << where << ": rates are canonical decimals";
      } else {
        EXPECT_TRUE(record.rate.empty()) << where;
      }
      if (k == 0) continue;
      const TaxRateRecord& previous = jurisdiction.rates[k - 1];
      EXPECT_LE(previous.category, record.category) << where << ": categories in canonical order";
      if (previous.category == record.category) {
        ASSERT_FALSE(previous.valid_to.empty()) << where << ": an open period is followed by another";
        EXPECT_LE(previous.valid_to, record.valid_from) << where << ": periods overlap";
      }
    }
  }
}

TEST(TaxDataset, EveryRecordNamesAKnownSource) {
  const TaxDatasetTables& tables = tax_dataset_tables();
  ASSERT_GT(tables.source_count, 0u);
  const auto* sources_end = tables.source_ids + tables.source_count;
  EXPECT_TRUE(std::is_sorted(tables.source_ids, sources_end));
  for (std::size_t i = 0; i < tables.jurisdiction_count; ++i) {
    const TaxJurisdictionRecord& jurisdiction = tables.jurisdictions[i];
    for (std::size_t k = 0; k < jurisdiction.rate_count; ++k) {
      EXPECT_TRUE(std::binary_search(tables.source_ids, sources_end, jurisdiction.rates[k].source))
          << jurisdiction.code << " cites " << jurisdiction.rates[k].source;
    }
    for (std::size_t k = 0; k < jurisdiction.product_rate_count; ++k) {
      EXPECT_TRUE(std::binary_search(tables.source_ids, sources_end, jurisdiction.product_rates[k].source))
          << jurisdiction.code << " cites " << jurisdiction.product_rates[k].source;
    }
  }
}

TEST(TaxDataset, ProductRatesNameKnownCodesInOrderWithoutOverlaps) {
  const TaxDatasetTables& tables = tax_dataset_tables();
  ASSERT_GT(tables.tax_code_count, 0u);
  EXPECT_TRUE(std::is_sorted(tables.tax_codes, tables.tax_codes + tables.tax_code_count));
  for (std::size_t i = 0; i < tables.jurisdiction_count; ++i) {
    const TaxJurisdictionRecord& jurisdiction = tables.jurisdictions[i];
    for (std::size_t k = 0; k < jurisdiction.product_rate_count; ++k) {
      const ProductRateRecord& record = jurisdiction.product_rates[k];
      const std::string where = std::string(jurisdiction.code) + " product rate " + std::to_string(k);
      EXPECT_TRUE(is_known_tax_code(record.tax_code)) << where;
      EXPECT_TRUE(record.valid_to.empty() || record.valid_from < record.valid_to) << where;
      if (k == 0) continue;
      const ProductRateRecord& previous = jurisdiction.product_rates[k - 1];
      EXPECT_LE(previous.tax_code, record.tax_code) << where << ": sorted by code";
      if (previous.tax_code == record.tax_code) {
        EXPECT_EQ(previous.valid_to, record.valid_from) << where << ": periods follow each other";
      }
    }
  }
}

TEST(TaxDataset, PlacesRegionsAndVatAreaAreSortedAndConsistent) {
  const TaxDatasetTables& tables = tax_dataset_tables();
  for (std::size_t i = 0; i < tables.place_count; ++i) {
    const TaxPlaceRecord& place = tables.places[i];
    if (i > 0) {
      EXPECT_LT(tables.places[i - 1].place, place.place);
    }
    for (std::size_t k = 0; k < place.tax_count; ++k) {
      EXPECT_NE(find_tax_jurisdiction(place.taxes[k]), nullptr) << place.place << " lists " << place.taxes[k];
    }
  }
  for (std::size_t i = 1; i < tables.region_count; ++i) {
    const RegionRecord& a = tables.regions[i - 1];
    const RegionRecord& b = tables.regions[i];
    EXPECT_TRUE(a.country < b.country || (a.country == b.country && a.region < b.region)) << b.country << b.region;
  }
  for (std::size_t i = 1; i < tables.eu_vat_area_count; ++i) {
    const VatAreaMembershipRecord& a = tables.eu_vat_area[i - 1];
    const VatAreaMembershipRecord& b = tables.eu_vat_area[i];
    EXPECT_LE(a.country, b.country);
    if (a.country == b.country) {
      ASSERT_FALSE(a.valid_to.empty()) << b.country << ": an open membership is followed by another";
      EXPECT_LE(a.valid_to, b.valid_from) << b.country << ": membership periods overlap";
    }
  }
}

TEST(TaxDataset, CoversTheEu27WithStandardRatesAndTheRequiredCountries) {
  const std::vector<std::string> eu27 = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
                                         "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"};
  for (const std::string& country : eu27) {
    EXPECT_TRUE(in_eu_vat_area(country, day("2025-06-01"))) << country;
    EXPECT_NE(standard(country, "2025-06-01"), "missing") << country;
  }
  for (const char* country : {"GB", "CH", "NO", "AU", "NZ", "SG", "JP", "IN", "CA"}) {
    EXPECT_NE(standard(country, "2025-06-01"), "missing") << country;
  }
  // Every state and DC is known: a sales tax with a standard rate, or a place without one.
  const TaxDatasetTables& tables = tax_dataset_tables();
  int us_states = 0;
  for (std::size_t i = 0; i < tables.region_count; ++i) {
    if (tables.regions[i].country != "US") continue;
    ++us_states;
    const std::string place = "US-" + std::string(tables.regions[i].region);
    const auto taxes = taxes_at_place(place);
    ASSERT_TRUE(taxes.has_value()) << place;
    if (!taxes->empty()) {
      EXPECT_NE(standard(place, "2026-12-01"), "missing") << place;
    }
  }
  EXPECT_EQ(us_states, 51);
}

TEST(TaxDataset, UsStateRateChangesAndSaasTreatment) {
  EXPECT_EQ(standard("US-DC", "2025-09-30"), "6");
  EXPECT_EQ(standard("US-DC", "2025-10-01"), "6.5");
  EXPECT_EQ(standard("US-DC", "2026-09-30"), "6.5");
  EXPECT_EQ(standard("US-DC", "2026-10-01"), "7");
  EXPECT_EQ(standard("US-LA", "2024-12-31"), "4.45");
  EXPECT_EQ(standard("US-LA", "2025-01-01"), "5");
  EXPECT_EQ(standard("US-NM", "2022-06-30"), "5.125");
  EXPECT_EQ(standard("US-NM", "2022-07-01"), "5");
  EXPECT_EQ(standard("US-NM", "2023-07-01"), "4.875");
  EXPECT_EQ(standard("US-SD", "2023-06-30"), "4.5");
  EXPECT_EQ(standard("US-SD", "2023-07-01"), "4.2");
  EXPECT_EQ(rate_on("US-CT", TaxCategory::kDigitalServices, "2025-06-01"), "1");
  EXPECT_EQ(rate_on("US-CO", TaxCategory::kDigitalServices, "2025-06-01"), "exempt");
  EXPECT_EQ(rate_on("US-UT", TaxCategory::kDigitalServices, "2025-06-01"), "6.1");
  EXPECT_EQ(rate_on("US-OH", TaxCategory::kDigitalServices, "2025-06-01"), "missing");
}

TEST(TaxDataset, SuperReducedRatesStartOnTheirFirstDay) {
  EXPECT_EQ(rate_on("AT", TaxCategory::kSuperReduced, "2026-06-30"), "missing");
  EXPECT_EQ(rate_on("AT", TaxCategory::kSuperReduced, "2026-07-01"), "4.9");
  EXPECT_EQ(rate_on("CY", TaxCategory::kSuperReduced, "2023-07-20"), "missing");
  EXPECT_EQ(rate_on("CY", TaxCategory::kSuperReduced, "2023-07-21"), "3");
}

TEST(TaxDataset, RateChangesTakeEffectOnTheirFirstDay) {
  EXPECT_EQ(standard("DE", "2020-06-30"), "19");
  EXPECT_EQ(standard("DE", "2020-07-01"), "16");
  EXPECT_EQ(standard("DE", "2020-12-31"), "16");
  EXPECT_EQ(standard("DE", "2021-01-01"), "19");
  EXPECT_EQ(reduced("DE", "2020-07-01"), "5");
  EXPECT_EQ(standard("EE", "2023-12-31"), "20");
  EXPECT_EQ(standard("EE", "2024-01-01"), "22");
  EXPECT_EQ(standard("EE", "2025-06-30"), "22");
  EXPECT_EQ(standard("EE", "2025-07-01"), "24");
  EXPECT_EQ(standard("FI", "2024-08-31"), "24");
  EXPECT_EQ(standard("FI", "2024-09-01"), "25.5");
  EXPECT_EQ(standard("SK", "2024-12-31"), "20");
  EXPECT_EQ(standard("SK", "2025-01-01"), "23");
  EXPECT_EQ(standard("RO", "2025-07-31"), "19");
  EXPECT_EQ(standard("RO", "2025-08-01"), "21");
  EXPECT_EQ(standard("SG", "2023-06-01"), "8");
  EXPECT_EQ(standard("SG", "2024-01-01"), "9");
  EXPECT_EQ(standard("CH", "2024-01-01"), "8.1");
  EXPECT_EQ(standard("CA-NS", "2025-03-31"), "15");
  EXPECT_EQ(standard("CA-NS", "2025-04-01"), "14");
  EXPECT_EQ(standard("AU", "2025-06-01"), "10");
  EXPECT_EQ(standard("NZ", "2025-06-01"), "15");
  EXPECT_EQ(standard("JP", "2025-06-01"), "10");
  EXPECT_EQ(reduced("JP", "2025-06-01"), "8");
  EXPECT_EQ(standard("CA-QC", "2025-06-01"), "9.975");
}

TEST(TaxDataset, IndiaHoldsItsGstSlabsBeforeAndAfterTheSeptember2025Reform) {
  EXPECT_EQ(rate_on("IN", TaxCategory::kSuperReduced, "2025-09-21"), "5");
  EXPECT_EQ(reduced("IN", "2025-09-21"), "12");
  EXPECT_EQ(standard("IN", "2025-09-21"), "18");
  EXPECT_EQ(rate_on("IN", TaxCategory::kIncreased, "2025-09-21"), "28");
  EXPECT_EQ(rate_on("IN", TaxCategory::kIncreased, "2025-09-22"), "40");
  EXPECT_EQ(reduced("IN", "2025-09-22"), "missing") << "the 12 % slab ended on 2025-09-21";
}

TEST(TaxDataset, ProductTaxCodesReplaceTheCategoryRateWhileTheirRecordApplies) {
  EXPECT_EQ(rate_on("SE", TaxCategory::kReduced, "2026-03-31", "groceries"), "12");
  EXPECT_EQ(rate_on("SE", TaxCategory::kReduced, "2026-04-01", "groceries"), "6");
  EXPECT_EQ(rate_on("SE", TaxCategory::kReduced, "2027-12-31", "groceries"), "6");
  EXPECT_EQ(rate_on("SE", TaxCategory::kReduced, "2028-01-01", "groceries"), "12");
  EXPECT_EQ(rate_on("SE", TaxCategory::kReduced, "2026-04-01"), "12") << "restaurants: no code";
  EXPECT_EQ(rate_on("DE", TaxCategory::kReduced, "2026-04-01", "groceries"), "7") << "no record: the category";
  EXPECT_EQ(rate_on("IN", TaxCategory::kIncreased, "2025-09-22", "tobacco"), "28");
  EXPECT_EQ(rate_on("IN", TaxCategory::kIncreased, "2026-01-31", "pan_masala"), "28");
  EXPECT_EQ(rate_on("IN", TaxCategory::kIncreased, "2026-02-01", "pan_masala"), "40");
  EXPECT_EQ(rate_on("IN", TaxCategory::kIncreased, "2026-01-31"), "40");
  EXPECT_TRUE(is_known_tax_code("groceries"));
  EXPECT_FALSE(is_known_tax_code("food"));
  EXPECT_EQ(known_tax_codes(), "groceries, pan_masala or tobacco");
}

TEST(TaxDataset, DigitalServicesUseTheStandardRateUnlessAJurisdictionSaysOtherwise) {
  EXPECT_EQ(rate_on("FR", TaxCategory::kDigitalServices, "2025-06-01"), "20");
  EXPECT_EQ(rate_on("US-NY", TaxCategory::kDigitalServices, "2025-06-01"), "4");
  EXPECT_EQ(rate_on("US-CA", TaxCategory::kDigitalServices, "2025-06-01"), "exempt");
  EXPECT_EQ(rate_on("US-TX", TaxCategory::kDigitalServices, "2025-06-01"), "missing");
  const RateLookup texas = find_tax_rate(*find_tax_jurisdiction("US-TX"), TaxCategory::kDigitalServices, std::nullopt,
                                         day("2025-06-01"));
  EXPECT_NE(texas.missing_reason.find("80 %"), std::string::npos) << texas.missing_reason;
}

TEST(TaxDataset, AMissingRateExplainsWhatIsMissing) {
  const RateLookup denmark = find_tax_rate(*find_tax_jurisdiction("DK"), TaxCategory::kReduced, std::nullopt, day("2025-06-01"));
  EXPECT_EQ(denmark.outcome, RateLookup::Outcome::kMissing);
  EXPECT_EQ(denmark.missing_reason, "the dataset has no reduced rate for DK");
}

TEST(TaxDataset, TheUnitedKingdomLeftTheEuVatAreaAtTheEndOf2020) {
  EXPECT_TRUE(in_eu_vat_area("GB", day("2020-12-31")));
  EXPECT_FALSE(in_eu_vat_area("GB", day("2021-01-01")));
  EXPECT_FALSE(in_eu_vat_area("CH", day("2021-01-01")));
}

TEST(TaxDataset, PlacesListTheirTaxesInComponentOrder) {
  const auto quebec = taxes_at_place("CA-QC");
  ASSERT_TRUE(quebec.has_value());
  ASSERT_EQ(quebec->size(), 2u);
  EXPECT_EQ((*quebec)[0]->tax_name, "GST");
  EXPECT_EQ((*quebec)[1]->tax_name, "QST");
  const auto ontario = taxes_at_place("CA-ON");
  ASSERT_TRUE(ontario.has_value());
  ASSERT_EQ(ontario->size(), 1u);
  EXPECT_EQ((*ontario)[0]->tax_name, "HST");
  EXPECT_EQ((*ontario)[0]->registration, "CA");
  const auto oregon = taxes_at_place("US-OR");
  ASSERT_TRUE(oregon.has_value());
  EXPECT_TRUE(oregon->empty());
  EXPECT_FALSE(taxes_at_place("BR").has_value());
  EXPECT_FALSE(taxes_at_place("PF").has_value());
}

TEST(TaxDataset, TerritoriesAreFoundByCountryCodeAndPostalCode) {
  const auto postal = [](const char* code) { return std::optional<std::string>(code); };
  ASSERT_NE(find_territory("ES", postal("35001")), nullptr);
  EXPECT_EQ(find_territory("ES", postal("35001"))->name, "Canary Islands (Las Palmas)");
  EXPECT_EQ(find_territory("ES", postal("35001"))->place, "ES-CN");
  EXPECT_EQ(find_territory("ES", postal("51001"))->treatment, TerritoryTreatment::kNotModelled);
  EXPECT_EQ(find_territory("ES", postal("28001")), nullptr);
  EXPECT_NE(find_territory("GR", postal("630 86")), nullptr) << "spaces are ignored";
  EXPECT_EQ(find_territory("FR", postal("75001")), nullptr);
  EXPECT_EQ(find_territory("PT", postal("35001")), nullptr) << "prefixes belong to their country";
  ASSERT_NE(find_territory("FR", postal("97400")), nullptr);
  EXPECT_EQ(find_territory("FR", postal("97400"))->place, "RE");
  EXPECT_EQ(find_territory("RE", std::nullopt)->place, "RE");
  EXPECT_EQ(find_territory("FR", postal("97100"))->name, "Guadeloupe");
  EXPECT_EQ(find_territory("FR", postal("97133"))->name, "Saint-Barthelemy") << "the longest prefix wins";
  EXPECT_EQ(find_territory("FR", postal("97150"))->name, "Saint-Martin");
  EXPECT_EQ(find_territory("FR", postal("98714"))->treatment, TerritoryTreatment::kNotModelled);
  EXPECT_EQ(find_territory("PM", std::nullopt)->treatment, TerritoryTreatment::kNoVat);
  EXPECT_EQ(find_territory("DE", postal("78266"))->vat_country, "CH");
  EXPECT_EQ(vat_country_of("LI"), "CH");
  EXPECT_EQ(vat_country_of("MC"), "FR");
  EXPECT_EQ(vat_country_of("IM"), "GB");
  EXPECT_EQ(vat_country_of("DE"), "DE");
  EXPECT_EQ(vat_country_of("GF"), "GF") << "no VAT there: not another country's area";
}

TEST(TaxDataset, RegionsAreKnownForCanadaAndTheUnitedStatesOnly) {
  EXPECT_TRUE(country_has_tax_regions("CA"));
  EXPECT_TRUE(country_has_tax_regions("US"));
  EXPECT_FALSE(country_has_tax_regions("DE"));
  EXPECT_TRUE(is_known_tax_region("CA", "QC"));
  EXPECT_TRUE(is_known_tax_region("US", "DC"));
  EXPECT_FALSE(is_known_tax_region("US", "QC"));
}

}  // namespace
}  // namespace ratecard
