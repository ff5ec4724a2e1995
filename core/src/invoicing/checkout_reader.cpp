#include <algorithm>

#include "calendar/schedule_reader.hpp"
#include "invoicing/checkout.hpp"
#include "invoicing/invoice_reader.hpp"
#include "json/bounded_readers.hpp"
#include "json/identifier_reader.hpp"
#include "json/json_pointer.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

// The billing zone is the schedule's: given on the customer too, it must agree.
Status check_billing_zone(ObjectReader& customer, InvoiceCustomer& parsed, const BillingSchedule& schedule) {
  if (parsed.billing_zone && parsed.billing_zone->name() != schedule.time_zone.name()) {
    return Error{ErrorCode::kInvalidArgument,
                 "the billing zone is the schedule's time_zone " + quote_for_message(schedule.time_zone.name()),
                 customer.path_of("billing_zone")};
  }
  parsed.billing_zone = schedule.time_zone;
  return ok_status();
}

// Reads an array of items into `items`, refusing an id already used by the plan or an add-on.
Status read_items(ObjectReader& request, std::string_view key, bool required, std::vector<CheckoutItem>& items) {
  const Json* array = nullptr;
  if (required) {
    RATECARD_TRY(array, read_bounded_array(request, key, kMaxItemsPerSubscription));
    if (array->empty()) {
      return Error{ErrorCode::kInvalidArgument, "a checkout needs at least one item", request.path_of(key)};
    }
  } else {
    RATECARD_TRY(array, read_optional_bounded_array(request, key, kMaxItemsPerSubscription));
  }
  const std::string path = request.path_of(key);
  for (std::size_t i = 0; i < array->size(); ++i) {
    RATECARD_TRY(ObjectReader reader, ObjectReader::open((*array)[i], pointer_child(path, i)));
    RATECARD_TRY(InvoiceItem item, read_invoice_item(reader));
    const bool repeated = std::any_of(items.begin(), items.end(),
                                      [&](const CheckoutItem& other) { return other.item.id == item.id; });
    if (repeated) {
      return Error{ErrorCode::kInvalidArgument, "item id " + quote_for_message(item.id) + " is used twice",
                   reader.path_of("id")};
    }
    items.push_back({(*array)[i], std::move(item)});
  }
  if (items.size() > kMaxItemsPerSubscription) {
    return Error{ErrorCode::kLimitExceeded,
                 "at most " + std::to_string(kMaxItemsPerSubscription) + " items and add-ons together", path};
  }
  return ok_status();
}

Result<ProrationConvention> read_convention(ObjectReader& request) {
  RATECARD_TRY(std::optional<std::string> name, request.optional_string("proration_convention"));
  if (!name) return ProrationConvention::kSecond;
  const auto convention = parse_proration_convention(*name);
  if (!convention) {
    return Error{ErrorCode::kInvalidArgument,
                 quote_for_message(*name) + " is not a proration convention; use second, day, actual_360 or 30_360",
                 request.path_of("proration_convention")};
  }
  return *convention;
}

}  // namespace

Result<Checkout> read_checkout(ObjectReader& request) {
  Checkout checkout;
  RATECARD_TRY(ObjectReader customer, request.object("customer"));
  RATECARD_TRY(checkout.customer, read_customer(customer));
  RATECARD_TRY(ObjectReader schedule, request.object("schedule"));
  RATECARD_TRY(checkout.schedule, read_billing_schedule(schedule));
  RATECARD_CHECK(schedule.finish());
  RATECARD_CHECK(check_billing_zone(customer, checkout.customer, checkout.schedule));
  RATECARD_TRY(std::optional<std::string> subscription_id, read_optional_identifier(request, "subscription_id"));
  checkout.subscription_id = subscription_id.value_or("subscription");
  RATECARD_CHECK(read_items(request, "items", true, checkout.items));
  RATECARD_CHECK(read_items(request, "add_ons", false, checkout.items));
  if (request.has("coupon")) {
    RATECARD_TRY(ObjectReader coupon, request.object("coupon"));
    RATECARD_TRY(Coupon parsed, read_coupon(coupon, checkout.customer.currency));
    (void)parsed;  // validated here; the first invoice reads it again from the same object
    checkout.coupon = *request.find("coupon");
  } else {
    request.mark_read("coupon");
  }
  RATECARD_TRY(checkout.convention, read_convention(request));
  RATECARD_TRY(checkout.rounding, request.rounding());
  RATECARD_TRY(std::optional<TaxContext> tax, read_invoice_tax(request));
  if (tax) checkout.tax = *request.find("tax");  // validated here; the first invoice reads it again
  return checkout;
}

}  // namespace ratecard
