#pragma once

#include <optional>
#include <string>
#include <vector>

#include "calendar/billing_periods.hpp"
#include "calendar/billing_schedule.hpp"
#include "calendar/proration_factor.hpp"
#include "invoicing/invoice_input.hpp"
#include "json/json.hpp"
#include "json/object_reader.hpp"

namespace ratecard {

/// One item of a checkout, validated, with the object the request gave (carried into the
/// first invoice's request unchanged) and its path (for errors found later).
struct CheckoutItem {
  Json json;
  InvoiceItem item;
};

/// A prospective subscription: what the `quote` op reads.
struct Checkout {
  InvoiceCustomer customer;  ///< Its billing zone is the schedule's time zone.
  BillingSchedule schedule;
  std::string subscription_id;
  std::vector<CheckoutItem> items;  ///< The plan's items, then the add-ons.
  std::optional<Json> coupon;       ///< Validated; carried unchanged.
  std::optional<Json> tax;          ///< The invoice's `tax` object: validated, carried unchanged.
  ProrationConvention convention = ProrationConvention::kSecond;
  RoundingMode rounding = RoundingMode::kHalfUp;
};

/// Reads and validates a quote request (docs/core-api.md, "quote").
[[nodiscard]] Result<Checkout> read_checkout(ObjectReader& request);

/// The first invoice of a checkout, before it is computed.
struct FirstInvoicePlan {
  BillingPeriod period;                  ///< The first billed period (after any trial).
  std::optional<Rational> factor;        ///< For a partial first period: the part of its cycle charged.
  Json invoice_request = Json::object(); ///< The `invoice` request of the first invoice.
};

/// Finds the first billed period and builds the `invoice` request of the first invoice: the
/// items billed in advance for that period (prorated by `prorate_change` over the cycle when
/// the period is partial), and the coupon.
[[nodiscard]] Result<FirstInvoicePlan> plan_first_invoice(const Checkout& checkout);

}  // namespace ratecard
