#include "tax/place_of_supply.hpp"

#include <algorithm>

#include "tax/tax_dataset.hpp"

namespace ratecard {
namespace {

using Collection = SupplyPlace::Collection;

SupplyPlace make_place(SupplyPlace::Kind kind, std::string place, std::string path,
                       Collection collection = Collection::kRegistered) {
  SupplyPlace supply;
  supply.kind = kind;
  supply.place = std::move(place);
  supply.collection = collection;
  supply.place_path = std::move(path);
  return supply;
}

// True when the seller may collect at least one tax of a place reached across a border.
bool registered_for_place(const TaxSeller& seller, const std::string& place,
                          const std::optional<std::vector<const TaxJurisdictionRecord*>>& taxes,
                          bool one_stop_shop) {
  if (seller_registered(seller, place)) return true;
  if (one_stop_shop && seller_registered(seller, "EU")) return true;
  if (!taxes) return false;
  return std::any_of(taxes->begin(), taxes->end(), [&](const TaxJurisdictionRecord* tax) {
    return seller_registered(seller, tax->registration);
  });
}

}  // namespace

std::string customer_place(const TaxCustomer& customer) {
  if (customer.region && country_has_tax_regions(customer.country)) return customer.country + "-" + *customer.region;
  return customer.country;
}

bool seller_registered(const TaxSeller& seller, std::string_view code) {
  return std::find(seller.registrations.begin(), seller.registrations.end(), code) != seller.registrations.end();
}

SupplyPlace find_place_of_supply(const TaxContext& context, TaxCategory category) {
  using Kind = SupplyPlace::Kind;
  const TaxSeller& seller = context.seller;
  const TaxCustomer& customer = context.customer;
  const std::string destination = customer_place(customer);
  const bool digital = category == TaxCategory::kDigitalServices;

  // A customer in a territory outside the EU VAT area (Canary Islands, Aland, ...) is outside
  // every tax the dataset knows, even when the seller is in the same country.
  if (customer.postal_code && find_vat_excluded_territory(customer.country, *customer.postal_code) != nullptr) {
    return make_place(Kind::kNotSubject, "", customer.country_path);
  }
  // Domestic: the customer's place (the province or state in Canada and the US).
  if (seller.country == customer.country) return make_place(Kind::kTaxed, destination, customer.country_path);

  const bool seller_in_eu = in_eu_vat_area(seller.country, context.tax_date);
  const bool customer_in_eu = in_eu_vat_area(customer.country, context.tax_date);
  if (seller_in_eu && customer_in_eu) {
    if (customer.is_validated_business()) {
      return make_place(Kind::kReverseCharge, customer.country, customer.country_path);
    }
    // The customer's VAT is the seller's to charge (OSS or a registration there): never "not
    // collecting", whatever registrations the request declares.
    if (digital) return make_place(Kind::kTaxed, customer.country, customer.country_path, Collection::kAll);
    return make_place(Kind::kTaxed, seller.country, seller.country_path);
  }

  // Across the border of a VAT area (or of a country outside one).
  const auto taxes = taxes_at_place(destination);
  const bool destination_taxes = taxes && !taxes->empty();
  if (destination_taxes && taxes->front()->kind == TaxKind::kVat && customer.is_validated_business()) {
    return make_place(Kind::kReverseCharge, destination, customer.country_path);
  }
  if (destination_taxes && registered_for_place(seller, destination, taxes, customer_in_eu)) {
    return make_place(Kind::kTaxed, destination, customer.country_path,
                      customer_in_eu ? Collection::kRegisteredOrOneStopShop : Collection::kRegistered);
  }
  if (!taxes && seller_registered(seller, destination)) {
    return make_place(Kind::kTaxed, destination, customer.country_path);
  }
  if (destination_taxes && digital) return make_place(Kind::kNotCollecting, destination, customer.country_path);
  return make_place(Kind::kNotSubject, destination, customer.country_path);
}

}  // namespace ratecard
