#pragma once

// The `price` request as its text has it, member by member, before validation: what the
// reader of the text (price_request_text.hpp) fills without a DOM, read through ShapeReader
// by the same validation as a request inside a batch.

#include <array>
#include <string_view>
#include <vector>

#include "json/shape_reader.hpp"

namespace ratecard {

/// One element of a price's `tiers`.
struct RawTier {
  static constexpr std::array<std::string_view, 4> kNames{"flat_amount", "rate", "unit_amount", "up_to"};
  RawMembers<4> members;
};

/// A price object of any model.
struct RawPrice {
  static constexpr std::array<std::string_view, 13> kNames{
      "amount",         "fixed_amount",        "free_units",          "free_units_per_events",
      "free_units_per_total_aggregation",      "model",               "package_amount",
      "package_size",   "per_transaction_max", "per_transaction_min", "rate",
      "tiers",          "unit_amount"};
  RawMembers<13> members;
  std::vector<RawTier> tiers;  ///< The elements of `tiers` when it is an array.

  /// The elements of the array member `tiers`.
  [[nodiscard]] const std::vector<RawTier>* elements(std::string_view /*tiers*/) const { return &tiers; }
};

/// A `price` request.
struct RawPriceRequest {
  static constexpr std::array<std::string_view, 7> kNames{"currency",   "events",   "op",      "price",
                                                          "quantities", "quantity", "rounding"};
  RawMembers<7> members;
  RawPrice price;                ///< The content of `price` when it is an object.
  std::vector<Json> quantities;  ///< The elements of `quantities` when it is an array.
  std::vector<Json> events;      ///< The elements of `events` when it is an array.

  /// The elements of the array member `quantities` or `events`.
  [[nodiscard]] const std::vector<Json>* elements(std::string_view key) const {
    return key == "events" ? &events : &quantities;
  }
  /// The content of the object member `price`.
  [[nodiscard]] const RawPrice& child(std::string_view /*price*/) const { return price; }
};

}  // namespace ratecard
