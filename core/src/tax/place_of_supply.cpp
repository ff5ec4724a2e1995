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
  return std::any_of(seller.registrations.begin(), seller.registrations.end(), [&](const std::string& registration) {
    return registration == code || vat_country_of(registration) == code;
  });
}

SupplyPlace find_place_of_supply(const TaxContext& context, TaxCategory category) {
  using Kind = SupplyPlace::Kind;
  const TaxSeller& seller = context.seller;
  const TaxCustomer& customer = context.customer;
  const bool digital = category == TaxCategory::kDigitalServices;

  // A territory whose tax is not simply its country's: without VAT it is outside every tax the
  // dataset knows (even from a seller of the same country); with a tax of its own the dataset
  // does not hold it is refused; inside another VAT area it is taxed as that area.
  const TerritoryRecord* territory = find_territory(customer.country, customer.postal_code);
  const bool by_postal_code = territory != nullptr && !territory->postal_code_prefix.empty();
  const std::string territory_path =
      by_postal_code ? customer.country_path.substr(0, customer.country_path.rfind('/')) + "/postal_code"
                     : customer.country_path;
  if (territory != nullptr && territory->treatment == TerritoryTreatment::kNoVat) {
    return make_place(Kind::kNotSubject, "", territory_path);
  }
  if (territory != nullptr && territory->treatment == TerritoryTreatment::kNotModelled) {
    SupplyPlace supply = make_place(Kind::kNotModelled, "", territory_path);
    supply.territory = std::string(territory->name);
    supply.territory_tax = std::string(territory->tax);
    return supply;
  }
  const bool in_territory = territory != nullptr;
  const std::string customer_vat_country = in_territory ? std::string(territory->vat_country) : customer.country;
  const std::string destination = in_territory ? std::string(territory->place) : customer_place(customer);
  const std::string_view seller_vat_country = vat_country_of(seller.country);

  // Domestic: the customer's place (the province or state in Canada and the US; the territory's
  // place, such as Reunion, inside the seller's VAT area).
  if (seller_vat_country == customer_vat_country) return make_place(Kind::kTaxed, destination, territory_path);

  const TerritoryRecord* seller_territory = find_territory(seller.country, std::nullopt);
  const bool seller_in_eu = (seller_territory == nullptr || seller_territory->in_eu_vat_area) &&
                            in_eu_vat_area(seller_vat_country, context.tax_date);
  const bool customer_in_eu =
      (!in_territory || territory->in_eu_vat_area) && in_eu_vat_area(customer_vat_country, context.tax_date);
  if (seller_in_eu && customer_in_eu) {
    if (customer.is_validated_business()) return make_place(Kind::kReverseCharge, destination, territory_path);
    // The customer's VAT is the seller's to charge (OSS or a registration there): never "not
    // collecting", whatever registrations the request declares.
    if (digital) return make_place(Kind::kTaxed, destination, territory_path, Collection::kAll);
    return make_place(Kind::kTaxed, std::string(seller_vat_country), seller.country_path);
  }

  // Across the border of a VAT area (or of a country outside one).
  const auto taxes = taxes_at_place(destination);
  const bool destination_taxes = taxes && !taxes->empty();
  if (destination_taxes && taxes->front()->kind == TaxKind::kVat && customer.is_validated_business()) {
    return make_place(Kind::kReverseCharge, destination, territory_path);
  }
  if (destination_taxes && registered_for_place(seller, destination, taxes, customer_in_eu)) {
    return make_place(Kind::kTaxed, destination, territory_path,
                      customer_in_eu ? Collection::kRegisteredOrOneStopShop : Collection::kRegistered);
  }
  if (!taxes && seller_registered(seller, destination)) {
    return make_place(Kind::kTaxed, destination, territory_path);
  }
  if (destination_taxes && digital) return make_place(Kind::kNotCollecting, destination, territory_path);
  return make_place(Kind::kNotSubject, destination, territory_path);
}

}  // namespace ratecard
