#pragma once

// The `invoice` request as its text has it, before validation: what the reader of the text
// (invoice_request_text.hpp) fills without a DOM for the parts that repeat (subscriptions,
// their items and prices), read through ShapeReader by the same validation as a DOM. The
// small objects and arrays besides them (customer, periods, usage, coupons, credits,
// prorations, late usage, tax, a minimum commitment) are kept whole as JSON values in their
// members and read as a DOM.

#include <array>
#include <string_view>
#include <vector>

#include "json/shape_reader.hpp"
#include "pricing/price_request_shape.hpp"

namespace ratecard {

/// One item of a subscription.
struct RawInvoiceItem {
  static constexpr std::array<std::string_view, 10> kNames{
      "billing",  "description",  "id",           "metric",   "price",
      "quantity", "tax_behavior", "tax_category", "tax_code", "type"};
  RawMembers<10> members;
  RawPrice price;  ///< The content of `price` when it is an object.

  /// The content of the object member `price`.
  [[nodiscard]] const RawPrice& child(std::string_view /*price*/) const { return price; }
};

/// One subscription.
struct RawSubscription {
  static constexpr std::array<std::string_view, 3> kNames{"id", "items", "minimum_commitment"};
  RawMembers<3> members;
  std::vector<RawInvoiceItem> items;  ///< The elements of `items` when it is an array.

  /// The elements of the array member `items`.
  [[nodiscard]] const std::vector<RawInvoiceItem>* elements(std::string_view /*items*/) const { return &items; }
};

/// An `invoice` request.
struct RawInvoiceRequest {
  static constexpr std::array<std::string_view, 13> kNames{
      "arrears_period", "coupons", "credits",    "customer", "include_core_version", "late_usage", "op",
      "period",         "prorations", "rounding", "subscriptions", "tax",            "usage"};
  RawMembers<13> members;
  std::vector<RawSubscription> subscriptions;  ///< The elements of `subscriptions` when it is an array.

  /// The elements of the array member `subscriptions`.
  [[nodiscard]] const std::vector<RawSubscription>* elements(std::string_view /*subscriptions*/) const {
    return &subscriptions;
  }
};

}  // namespace ratecard
