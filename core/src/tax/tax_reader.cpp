#include "tax/tax_reader.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "calendar/time_zone.hpp"
#include "invoicing/invoice_request_shape.hpp"
#include "json/json_pointer.hpp"
#include "money/minor_units.hpp"
#include "tax/tax_calculation.hpp"
#include "tax/country_codes.hpp"
#include "tax/tax_dataset.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

constexpr std::string_view kCategoryChoices =
    "standard, reduced, super_reduced, increased, digital_services, zero_rated or exempt";

// Reads an optional member naming one value of an enum; nothing when absent.
template <typename Enum, typename Reader>
Result<std::optional<Enum>> read_optional_choice(Reader& reader, std::string_view key,
                                                 std::optional<Enum> (*parse)(std::string_view) noexcept,
                                                 std::string_view choices) {
  RATECARD_TRY(std::optional<std::string> name, reader.optional_string(key));
  if (!name) return std::optional<Enum>{};
  const std::optional<Enum> value = parse(*name);
  if (!value) {
    return Error{ErrorCode::kInvalidArgument, quote_for_message(*name) + " is not one of " + std::string(choices),
                 reader.path_of(key)};
  }
  return value;
}

// The same with `fallback` when absent.
template <typename Enum>
Result<Enum> read_choice(ObjectReader& reader, std::string_view key, Enum fallback,
                         std::optional<Enum> (*parse)(std::string_view) noexcept, std::string_view choices) {
  RATECARD_TRY(std::optional<Enum> value, read_optional_choice(reader, key, parse, choices));
  return value.value_or(fallback);
}

Result<std::optional<std::string>> read_non_empty(ObjectReader& reader, std::string_view key) {
  RATECARD_TRY(std::optional<std::string> text, reader.optional_string(key));
  if (text && text->empty()) return Error{ErrorCode::kInvalidArgument, "must not be empty", reader.path_of(key)};
  return text;
}

Result<std::string> read_country(ObjectReader& reader, std::string_view key) {
  RATECARD_TRY(std::string code, reader.string(key));
  if (is_country_code(code)) return code;
  if (const auto suggestion = suggested_country_code(code)) {
    return Error{ErrorCode::kInvalidArgument,
                 quote_for_message(code) + " is not an ISO 3166-1 country code; use \"" + std::string(*suggestion) +
                     "\"",
                 reader.path_of(key)};
  }
  return Error{ErrorCode::kInvalidArgument,
               quote_for_message(code) + " is not an ISO 3166-1 alpha-2 country code such as \"DE\" (upper case)",
               reader.path_of(key)};
}

// A region: a known province or state for CA and US (required for customers there), free
// text elsewhere.
Result<std::optional<std::string>> read_region(ObjectReader& reader, const std::string& country, bool required) {
  RATECARD_TRY(std::optional<std::string> region, read_non_empty(reader, "region"));
  const bool known_regions = country_has_tax_regions(country);
  if (!region) {
    if (required && known_regions) {
      return Error{ErrorCode::kMissingField,
                   "\"region\" is required for " + country + ": the " +
                       (country == "US" ? std::string("state") : std::string("province")) +
                       " decides the tax (e.g. \"" + (country == "US" ? "NY" : "QC") + "\")",
                   reader.path_of("region")};
    }
    return region;
  }
  if (known_regions && !is_known_tax_region(country, *region)) {
    return Error{ErrorCode::kInvalidArgument,
                 quote_for_message(*region) + " is not a " + (country == "US" ? "US state" : "Canadian province") +
                     " code (ISO 3166-2 without the country, e.g. \"" + (country == "US" ? "NY" : "QC") + "\")",
                 reader.path_of("region")};
  }
  return region;
}

Status check_registration(const std::string& code, const std::string& path) {
  if (code == "EU" || code == "CA" || (is_country_code(code) && code != "US")) return ok_status();
  if (code == "US") {
    return Error{ErrorCode::kInvalidArgument,
                 "US sales tax is registered state by state: use codes such as \"US-NY\"", path};
  }
  const auto dash = code.find('-');
  if (dash == 2 && country_has_tax_regions(code.substr(0, 2)) && is_known_tax_region(code.substr(0, 2), code.substr(3))) {
    return ok_status();
  }
  // A territory taxed as a place of its own: the Canary Islands' IGIC ("ES-CN").
  if (dash == 2 && find_tax_jurisdiction(code) != nullptr) return ok_status();
  return Error{ErrorCode::kInvalidArgument,
               quote_for_message(code) +
                   " is not a registration: use a country (\"DE\"), \"EU\" (One-Stop Shop), a Canadian "
                   "province or US state (\"CA-QC\", \"US-NY\"), or \"ES-CN\" (the Canary Islands' IGIC)",
               path};
}

Result<std::vector<std::string>> read_registrations(ObjectReader& reader, const TaxSeller& seller) {
  const Json* member = reader.find("registrations");
  std::vector<std::string> registrations;
  if (member == nullptr) {
    // By default the seller is registered at home: its country, and its province or state.
    if (seller.country != "US") registrations.push_back(seller.country);
    if (seller.region && country_has_tax_regions(seller.country)) {
      registrations.push_back(seller.country + "-" + *seller.region);
    }
    return registrations;
  }
  const std::string path = reader.path_of("registrations");
  if (!member->is_array()) {
    return Error{ErrorCode::kInvalidType, "expected an array, got " + describe_json_type(*member), path};
  }
  for (std::size_t i = 0; i < member->size(); ++i) {
    RATECARD_TRY(std::string code, read_string((*member)[i], pointer_child(path, i)));
    RATECARD_CHECK(check_registration(code, pointer_child(path, i)));
    registrations.push_back(std::move(code));
  }
  return registrations;
}

// Where a seller or customer is: its country (and the path of it, for errors) and region.
template <typename Party>
Status read_location(ObjectReader& reader, Party& party, bool region_required) {
  RATECARD_TRY(party.country, read_country(reader, "country"));
  party.country_path = reader.path_of("country");
  RATECARD_TRY(party.region, read_region(reader, party.country, region_required));
  return ok_status();
}

Result<TaxSeller> read_seller(ObjectReader& parent) {
  RATECARD_TRY(ObjectReader reader, parent.object("seller"));
  TaxSeller seller;
  RATECARD_CHECK(read_location(reader, seller, /*region_required=*/false));
  RATECARD_TRY(seller.registrations, read_registrations(reader, seller));
  RATECARD_CHECK(reader.finish());
  return seller;
}

Result<TaxCustomer> read_tax_customer(ObjectReader& parent) {
  RATECARD_TRY(ObjectReader reader, parent.object("customer"));
  TaxCustomer customer;
  RATECARD_CHECK(read_location(reader, customer, /*region_required=*/true));
  RATECARD_TRY(customer.postal_code, read_non_empty(reader, "postal_code"));
  RATECARD_TRY(customer.tax_id, read_non_empty(reader, "tax_id"));
  RATECARD_TRY(std::optional<bool> validated, reader.optional_bool("tax_id_validated"));
  customer.tax_id_validated = validated.value_or(false);
  if (customer.tax_id_validated && !customer.tax_id) {
    return Error{ErrorCode::kInvalidArgument, "a validated tax id needs \"tax_id\"", reader.path_of("tax_id_validated")};
  }
  RATECARD_TRY(customer.exemption, read_choice(reader, "tax_exempt", CustomerTaxExemption::kNone,
                                               parse_customer_tax_exemption, "none, exempt or reverse"));
  RATECARD_CHECK(reader.finish());
  return customer;
}

Result<TaxComponentRate> read_component(const Json& value, const std::string& path) {
  RATECARD_TRY(ObjectReader reader, ObjectReader::open(value, path));
  TaxComponentRate component;
  RATECARD_TRY(component.jurisdiction, reader.string("jurisdiction"));
  if (component.jurisdiction.empty()) {
    return Error{ErrorCode::kInvalidArgument, "must not be empty", reader.path_of("jurisdiction")};
  }
  RATECARD_TRY(component.name, reader.string("name"));
  if (component.name.empty()) return Error{ErrorCode::kInvalidArgument, "must not be empty", reader.path_of("name")};
  RATECARD_TRY(component.rate, reader.percent("rate"));
  RATECARD_CHECK(reader.finish());
  return component;
}

// The components a reason allows: none for reasons without tax, zero rates for zero_rated
// and reverse_charge, at least one positive rate for standard_rated and reduced_rated.
Status check_override(const TaxRateOverride& rates, ObjectReader& reader) {
  const std::string reason(taxability_reason_name(rates.reason));
  const std::string path = reader.path_of("components");
  if (reason_has_no_components(rates.reason)) {
    if (!rates.components.empty()) {
      return Error{ErrorCode::kInvalidArgument, "a " + reason + " line has no tax components", path};
    }
    return ok_status();
  }
  if (rates.components.empty()) {
    return Error{ErrorCode::kMissingField, "a " + reason + " line needs at least one tax component", path};
  }
  const bool zero = rates.reason == TaxabilityReason::kZeroRated || rates.reason == TaxabilityReason::kReverseCharge;
  for (std::size_t k = 0; k < rates.components.size(); ++k) {
    if (zero && !rates.components[k].rate.is_zero()) {
      return Error{ErrorCode::kInvalidArgument, "a " + reason + " line's rates are 0",
                   pointer_child(pointer_child(path, k), "rate")};
    }
  }
  const bool any_positive = std::any_of(rates.components.begin(), rates.components.end(),
                                        [](const TaxComponentRate& c) { return c.rate.sign() > 0; });
  if (!zero && !any_positive) {
    return Error{ErrorCode::kInvalidArgument,
                 "a " + reason + " line needs a rate above 0 (use zero_rated for 0 %)", path};
  }
  return ok_status();
}

Result<TaxRateOverride> read_override(ObjectReader& reader, std::size_t line) {
  TaxRateOverride rates;
  rates.line = line;
  rates.path = reader.path();
  RATECARD_TRY(std::optional<TaxabilityReason> reason,
               read_optional_choice(reader, "taxability_reason", parse_taxability_reason,
                           "standard_rated, reduced_rated, zero_rated, reverse_charge, customer_exempt, "
                           "not_collecting, not_subject_to_tax or product_exempt"));
  RATECARD_TRY(rates.jurisdiction, read_non_empty(reader, "jurisdiction"));
  const Json* components = reader.find("components");
  const std::string components_path = reader.path_of("components");
  if (components != nullptr) {
    if (!components->is_array()) {
      return Error{ErrorCode::kInvalidType, "expected an array, got " + describe_json_type(*components),
                   components_path};
    }
    for (std::size_t k = 0; k < components->size(); ++k) {
      RATECARD_TRY(TaxComponentRate component, read_component((*components)[k], pointer_child(components_path, k)));
      rates.components.push_back(std::move(component));
    }
  }
  // Without a reason, the rates say it: standard_rated when one is above 0, else zero_rated.
  const bool any_positive = std::any_of(rates.components.begin(), rates.components.end(),
                                        [](const TaxComponentRate& c) { return c.rate.sign() > 0; });
  rates.reason = reason.value_or(any_positive ? TaxabilityReason::kStandardRated : TaxabilityReason::kZeroRated);
  RATECARD_CHECK(check_override(rates, reader));
  return rates;
}

Result<std::vector<TaxRateOverride>> read_overrides(ObjectReader& parent, std::optional<std::size_t> line_count) {
  std::vector<TaxRateOverride> overrides;
  const Json* member = parent.find("rates");
  if (member == nullptr) return overrides;
  const std::string path = parent.path_of("rates");
  if (!member->is_array()) {
    return Error{ErrorCode::kInvalidType, "expected an array, got " + describe_json_type(*member), path};
  }
  for (std::size_t i = 0; i < member->size(); ++i) {
    RATECARD_TRY(ObjectReader reader, ObjectReader::open((*member)[i], pointer_child(path, i)));
    RATECARD_TRY(const Json* line_value, reader.require("line"));
    RATECARD_TRY(std::int64_t line, read_count(*line_value, reader.path_of("line"), 0,
                                               std::numeric_limits<std::int64_t>::max()));
    const auto index = static_cast<std::size_t>(line);
    const auto earlier = std::find_if(overrides.begin(), overrides.end(),
                                      [&](const TaxRateOverride& other) { return other.line == index; });
    if (earlier != overrides.end()) {
      return Error{ErrorCode::kInvalidArgument,
                   "line " + std::to_string(line) + " already has rates at " + earlier->path, reader.path_of("line")};
    }
    if (line_count) {
      TaxRateOverride named;  // checked before its content, so a wrong line is reported first
      named.line = index;
      named.path = reader.path();
      RATECARD_CHECK(check_override_line(named, *line_count));
    }
    RATECARD_TRY(TaxRateOverride rates, read_override(reader, index));
    RATECARD_CHECK(reader.finish());
    overrides.push_back(std::move(rates));
  }
  return overrides;
}

// The tax date: `tax_date` itself, or the local date of `tax_point` in `time_zone`.
Result<CivilDate> read_tax_date(ObjectReader& reader) {
  if (reader.has("tax_date") && reader.has("tax_point")) {
    return Error{ErrorCode::kInvalidArgument,
                 "pass either \"tax_date\" or \"tax_point\" with \"time_zone\", not both", reader.path_of("tax_point")};
  }
  if (reader.has("tax_point")) {
    RATECARD_TRY(Instant point, reader.instant("tax_point"));
    RATECARD_TRY(std::string zone_name, reader.string("time_zone"));
    Result<TimeZone> zone = find_time_zone(zone_name);
    if (!zone) return Error{zone.error().code, zone.error().message, reader.path_of("time_zone")};
    return zone->to_local(point).date;
  }
  if (reader.find("time_zone") != nullptr) {
    return Error{ErrorCode::kInvalidArgument, "\"time_zone\" goes with \"tax_point\"; \"tax_date\" is already local",
                 reader.path_of("time_zone")};
  }
  if (!reader.has("tax_date")) {
    return Error{ErrorCode::kMissingField, "\"tax_date\" (or \"tax_point\" with \"time_zone\") is required",
                 reader.path_of("tax_date")};
  }
  return reader.civil_date("tax_date");
}

}  // namespace

template <typename Reader>
Status read_optional_tax_treatment(Reader& reader, std::optional<TaxCategory>& category,
                                   std::optional<TaxBehavior>& behavior, std::optional<std::string>& tax_code) {
  RATECARD_TRY(category, read_optional_choice(reader, "tax_category", parse_tax_category, kCategoryChoices));
  RATECARD_TRY(behavior, read_optional_choice(reader, "tax_behavior", parse_tax_behavior, "exclusive or inclusive"));
  RATECARD_TRY(tax_code, reader.optional_string("tax_code"));
  if (tax_code && !is_known_tax_code(*tax_code)) {
    return Error{ErrorCode::kInvalidArgument,
                 quote_for_message(*tax_code) + " is not a product tax code: use " + known_tax_codes() +
                     " (docs/core-api.md, \"Product tax codes\")",
                 reader.path_of("tax_code")};
  }
  return ok_status();
}

template <typename Reader>
Result<TaxTreatment> read_tax_treatment(Reader& reader) {
  std::optional<TaxCategory> category;
  std::optional<TaxBehavior> behavior;
  TaxTreatment treatment;
  RATECARD_CHECK(read_optional_tax_treatment(reader, category, behavior, treatment.tax_code));
  treatment.category = category.value_or(TaxCategory::kStandard);
  treatment.behavior = behavior.value_or(TaxBehavior::kExclusive);
  return treatment;
}

Result<TaxLine> read_tax_line(ObjectReader& reader, const Currency& currency) {
  TaxLine line;
  line.path = reader.path();
  RATECARD_TRY(line.amount, reader.money("amount", Sign::kAny));
  RATECARD_TRY(std::optional<Decimal> discount, reader.optional_money("discount_amount", Sign::kAny));
  line.discount_amount = discount.value_or(Decimal{});
  RATECARD_CHECK(check_tax_line_amounts(line, currency));
  RATECARD_TRY(TaxTreatment treatment, read_tax_treatment(reader));
  line.category = treatment.category;
  line.behavior = treatment.behavior;
  line.tax_code = std::move(treatment.tax_code);
  return line;
}

Result<TaxContext> read_tax_context(ObjectReader& reader, std::optional<std::size_t> line_count) {
  TaxContext context;
  const std::string date_path = reader.path_of(reader.has("tax_point") ? "tax_point" : "tax_date");
  RATECARD_TRY(context.tax_date, read_tax_date(reader));
  const std::string_view coverage_from = tax_dataset_tables().coverage_from;
  if (dataset_date(context.tax_date) < coverage_from) {
    return Error{ErrorCode::kInvalidArgument,
                 "the tax rate dataset covers tax dates from " + std::string(coverage_from) + ", got " +
                     dataset_date(context.tax_date),
                 date_path};
  }
  RATECARD_TRY(context.rounding_level, read_choice(reader, "tax_rounding", TaxRoundingLevel::kLine,
                                                   parse_tax_rounding_level, "line or invoice"));
  RATECARD_TRY(context.inclusive_rounding, read_choice(reader, "inclusive_rounding", InclusiveRounding::kTax,
                                                       parse_inclusive_rounding, "tax or net"));
  if (context.inclusive_rounding == InclusiveRounding::kNet && context.rounding_level != TaxRoundingLevel::kLine) {
    return Error{ErrorCode::kInvalidArgument,
                 "rounding the net of tax-inclusive lines is done line by line: use it with \"tax_rounding\": \"line\"",
                 reader.path_of("inclusive_rounding")};
  }
  RATECARD_TRY(context.seller, read_seller(reader));
  RATECARD_TRY(context.customer, read_tax_customer(reader));
  RATECARD_TRY(context.overrides, read_overrides(reader, line_count));
  return context;
}

// The DOM readers (tax, invoice, quote and a request inside a batch) and the reader of an
// invoice item read from the request's text.
template Status read_optional_tax_treatment(ObjectReader&, std::optional<TaxCategory>&, std::optional<TaxBehavior>&,
                                            std::optional<std::string>&);
template Result<TaxTreatment> read_tax_treatment(ObjectReader&);
template Result<TaxTreatment> read_tax_treatment(ShapeReader<RawInvoiceItem>&);

}  // namespace ratecard
