#pragma once

#include <optional>
#include <string>

#include "tax/tax_request.hpp"
#include "tax/tax_types.hpp"

namespace ratecard {

/// Where a line is taxed and on what footing, before registrations and rates are looked at.
struct SupplyPlace {
  enum class Kind {
    kTaxed,          ///< The place's taxes apply if the seller is registered for them.
    kReverseCharge,  ///< The customer accounts for the place's taxes (rate 0 on the invoice).
    kNotCollecting,  ///< The place taxes the supply but the seller is not registered there.
    kNotSubject,     ///< No tax the dataset knows applies (exports, territories outside VAT).
    kNotModelled,    ///< The customer is in a territory whose own tax the dataset does not hold.
  };
  /// Which of the place's taxes the seller collects on a taxed supply.
  enum class Collection {
    kRegistered,               ///< Each tax the seller is registered for.
    kRegisteredOrOneStopShop,  ///< The same, and all of them for a seller registered in "EU" (OSS).
    kAll,                      ///< All of them, whatever the seller declares: it owes them here.
  };
  Kind kind = Kind::kNotSubject;
  /// "FR", "CA-QC", "US-NY"; empty when the customer is in a territory outside every VAT area.
  std::string place;
  /// Only for kTaxed.
  Collection collection = Collection::kRegistered;
  /// The request field that decided the place (the seller's or the customer's country, or the
  /// customer's postal code for a territory).
  std::string place_path;
  /// Only for kNotModelled: the territory and the tax it has instead ("Canary Islands", "IGIC").
  std::string territory;
  std::string territory_tax;
};

/// The place of supply of a line of `category` under the rules of docs/core-api.md (Op `tax`,
/// "Rules"): territories first (taxed as the VAT area they belong to, not subject where no VAT
/// applies, refused where their own tax is not modelled), then domestic supplies at the customer's place, intra-EU B2B reverse charged, intra-EU
/// B2C digital services at the customer's country (collected whatever the seller's
/// registrations: an EU seller owes that VAT, through OSS or a local registration) and other
/// intra-EU B2C at the seller's country, cross-border B2B into a VAT system reverse charged,
/// other cross-border supplies taxed where the seller is registered, digital services owed but
/// not collected elsewhere, and everything else not subject.
[[nodiscard]] SupplyPlace find_place_of_supply(const TaxContext& context, TaxCategory category);

/// The customer's place: "US-NY" / "CA-QC" for countries with tax regions, else the country.
[[nodiscard]] std::string customer_place(const TaxCustomer& customer);

/// True when the seller holds `code` among its registrations, or a registration in a territory
/// inside the VAT area of `code` (a Liechtenstein registration counts for "CH").
[[nodiscard]] bool seller_registered(const TaxSeller& seller, std::string_view code);

}  // namespace ratecard
