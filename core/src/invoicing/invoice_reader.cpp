#include "invoicing/invoice_reader.hpp"

#include <algorithm>
#include <type_traits>

#include "invoicing/value_members.hpp"
#include "json/bounded_readers.hpp"
#include "json/identifier_reader.hpp"
#include "json/json_pointer.hpp"
#include "tax/tax_reader.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

Error duplicate_id(std::string_view what, const std::string& id, const std::string& path) {
  return Error{ErrorCode::kInvalidArgument, std::string(what) + " id " + quote_for_message(id) + " is used twice", path};
}

Result<MinimumCommitment> read_minimum_commitment(ObjectReader& commitment, const Currency& currency) {
  MinimumCommitment parsed;
  RATECARD_TRY(parsed.amount, read_currency_amount(commitment, "amount", currency));
  RATECARD_TRY(std::optional<Decimal> prior, read_optional_currency_amount(commitment, "prior_spend", currency));
  parsed.prior_spend = prior.value_or(Decimal{});
  RATECARD_TRY(parsed.tax, read_tax_treatment(commitment));
  parsed.path = commitment.path();
  RATECARD_CHECK(commitment.finish());
  return parsed;
}

template <typename Reader>
Result<InvoiceSubscription> read_subscription(Reader& subscription, const Currency& currency) {
  InvoiceSubscription parsed;
  RATECARD_TRY(parsed.id, read_identifier(subscription, "id"));
  RATECARD_TRY(const auto* items, read_bounded_array(subscription, "items", kMaxItemsPerSubscription));
  const std::string items_path = subscription.path_of("items");
  parsed.items.reserve(items->size());
  for (std::size_t i = 0; i < items->size(); ++i) {
    RATECARD_TRY(auto item_reader, open_element((*items)[i], pointer_child(items_path, i)));
    RATECARD_TRY(InvoiceItem item, read_invoice_item(item_reader));
    const bool repeated = std::any_of(parsed.items.begin(), parsed.items.end(),
                                      [&](const InvoiceItem& other) { return other.id == item.id; });
    if (repeated) return duplicate_id("item", item.id, item_reader.path_of("id"));
    parsed.items.push_back(std::move(item));
  }
  if (subscription.has("minimum_commitment")) {
    RATECARD_TRY(ObjectReader commitment, value_object(subscription, "minimum_commitment"));
    RATECARD_TRY(parsed.minimum_commitment, read_minimum_commitment(commitment, currency));
  } else {
    subscription.mark_read("minimum_commitment");
  }
  RATECARD_CHECK(subscription.finish());
  return parsed;
}

Result<std::vector<Decimal>> read_usage_events(ObjectReader& entry) {
  RATECARD_TRY(const Json* events, read_bounded_array(entry, "events", kMaxUsageEvents));
  std::vector<Decimal> amounts;
  amounts.reserve(events->size());
  for (std::size_t i = 0; i < events->size(); ++i) {
    RATECARD_TRY(Decimal amount, read_quantity((*events)[i], pointer_child(entry.path_of("events"), i), Sign::kNonNegative));
    amounts.push_back(amount);
  }
  return amounts;
}

// One usage entry: `{"code", "value"}` or `{"code", "events"}`. The other fields of an
// aggregate op result are accepted so its aggregates can be passed through unchanged.
Result<UsageQuantity> read_usage_entry(ObjectReader& entry) {
  if (entry.has("value") == entry.has("events")) {
    return Error{entry.has("value") ? ErrorCode::kInvalidArgument : ErrorCode::kMissingField,
                 "usage has exactly one of \"value\" (a quantity) and \"events\" (amounts, for percentage prices)",
                 entry.path_of("value")};
  }
  UsageQuantity usage;
  RATECARD_TRY(usage.value, entry.optional_quantity("value"));
  if (entry.has("events")) {
    RATECARD_TRY(usage.events, read_usage_events(entry));
  }
  for (const std::string_view echoed : {"aggregation", "event_count", "final_value", "time_unit"}) {
    entry.mark_read(echoed);
  }
  return usage;
}

// Reads `usage` into input.usage and records each code's path for later checks.
template <typename Reader>
Status read_usage(Reader& request, InvoiceInput& input, std::map<std::string, std::string>& paths) {
  RATECARD_TRY(const Json* entries, optional_value_array(request, "usage", kMaxUsageEntries));
  const std::string path = request.path_of("usage");
  for (std::size_t i = 0; i < entries->size(); ++i) {
    RATECARD_TRY(ObjectReader entry, ObjectReader::open((*entries)[i], pointer_child(path, i)));
    RATECARD_TRY(std::string code, read_identifier(entry, "code"));
    RATECARD_TRY(UsageQuantity usage, read_usage_entry(entry));
    RATECARD_CHECK(entry.finish());
    if (!input.usage.emplace(code, std::move(usage)).second) {
      return Error{ErrorCode::kInvalidArgument, "usage for " + quote_for_message(code) + " is given twice",
                   entry.path_of("code")};
    }
    paths[code] = entry.path();
  }
  if (!entries->empty() && !input.arrears_period) {
    return Error{ErrorCode::kInvalidArgument, "usage is billed for \"arrears_period\", which is absent", path};
  }
  return ok_status();
}

// Every usage item needs usage of the right kind when the invoice bills the arrears period.
Status check_usage_items(const InvoiceInput& input, const std::string& subscriptions_path,
                         const std::map<std::string, std::string>& usage_paths) {
  if (!input.arrears_period) return ok_status();
  for (std::size_t s = 0; s < input.subscriptions.size(); ++s) {
    const std::vector<InvoiceItem>& items = input.subscriptions[s].items;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].type != ItemType::kUsage) continue;
      const auto usage = input.usage.find(items[i].metric);
      if (usage == input.usage.end()) {
        return Error{ErrorCode::kInvalidArgument,
                     "no usage for metric " + quote_for_message(items[i].metric) +
                         " in \"usage\"; pass a value of \"0\" when there was none",
                     pointer_child(pointer_child(pointer_child(pointer_child(subscriptions_path, s), "items"), i),
                                   "metric")};
      }
      const bool wants_events = items[i].price.priced_over_events();
      if (wants_events != usage->second.events.has_value()) {
        const auto usage_path = usage_paths.find(items[i].metric);
        return Error{ErrorCode::kInvalidArgument,
                     wants_events ? "metric " + quote_for_message(items[i].metric) +
                                        " has a percentage price, which charges \"events\" (one amount each), not a value"
                                  : "metric " + quote_for_message(items[i].metric) +
                                        " has a quantity price, which charges a \"value\", not events",
                     usage_path == usage_paths.end() ? "/usage" : usage_path->second};
      }
    }
  }
  return ok_status();
}

template <typename T, typename Reader, typename ReadOne>
Status read_list(Reader& request, std::string_view key, std::size_t limit, std::string_view what,
                 std::vector<T>& into, ReadOne read_one) {
  RATECARD_TRY(const Json* elements, optional_value_array(request, key, limit));
  const std::string path = request.path_of(key);
  for (std::size_t i = 0; i < elements->size(); ++i) {
    RATECARD_TRY(ObjectReader element, ObjectReader::open((*elements)[i], pointer_child(path, i)));
    RATECARD_TRY(T parsed, read_one(element));
    if constexpr (!std::is_same_v<T, PendingProration> && !std::is_same_v<T, LateUsage>) {
      const bool repeated = std::any_of(into.begin(), into.end(), [&](const T& other) { return other.id == parsed.id; });
      if (repeated) return duplicate_id(what, parsed.id, element.path_of("id"));
    }
    into.push_back(std::move(parsed));
  }
  return ok_status();
}

// A period of the invoice: a range object, empty when absent or null.
template <typename Reader>
Result<std::optional<TimeRange>> read_invoice_period(Reader& request, std::string_view key) {
  if (!request.has(key)) {
    request.mark_read(key);  // an explicit null reads as absent
    return std::optional<TimeRange>{};
  }
  RATECARD_TRY(ObjectReader range, value_object(request, key));
  RATECARD_TRY(TimeRange period, read_time_range_fields(range));
  return std::optional<TimeRange>(period);
}

}  // namespace

template <typename Reader>
Result<std::optional<TaxContext>> read_invoice_tax(Reader& request) {
  if (!request.has("tax")) {
    request.mark_read("tax");
    return std::optional<TaxContext>{};
  }
  RATECARD_TRY(ObjectReader tax, value_object(request, "tax"));
  // The lines are not made yet: compute_tax checks the lines that `rates` names.
  RATECARD_TRY(TaxContext context, read_tax_context(tax, std::nullopt));
  RATECARD_CHECK(tax.finish());
  return std::optional<TaxContext>(std::move(context));
}

Result<InvoiceCustomer> read_customer(ObjectReader& customer) {
  InvoiceCustomer parsed;
  RATECARD_TRY(parsed.id, read_optional_identifier(customer, "id"));
  RATECARD_TRY(parsed.currency, customer.currency("currency"));
  RATECARD_TRY(std::optional<std::string> zone_name, customer.optional_string("billing_zone"));
  if (zone_name) {
    Result<TimeZone> zone = find_time_zone(*zone_name);
    if (!zone) return Error{zone.error().code, zone.error().message, customer.path_of("billing_zone")};
    parsed.billing_zone = std::move(zone).value();
  }
  RATECARD_CHECK(customer.finish());
  return parsed;
}

template <typename Reader>
Result<InvoiceInput> read_invoice_input(Reader& request) {
  InvoiceInput input;
  RATECARD_TRY(ObjectReader customer, value_object(request, "customer"));
  RATECARD_TRY(input.customer, read_customer(customer));
  const Currency& currency = input.customer.currency;
  RATECARD_TRY(input.rounding, request.rounding());
  RATECARD_TRY(input.period, read_invoice_period(request, "period"));
  RATECARD_TRY(input.arrears_period, read_invoice_period(request, "arrears_period"));
  if (!input.period && !input.arrears_period) {
    return Error{ErrorCode::kMissingField,
                 "an invoice charges \"period\" (in advance), \"arrears_period\" (in arrears) or both",
                 request.path_of("period")};
  }
  RATECARD_TRY(const auto* subscriptions, read_bounded_array(request, "subscriptions", kMaxSubscriptions));
  input.subscriptions.reserve(subscriptions->size());
  for (std::size_t i = 0; i < subscriptions->size(); ++i) {
    RATECARD_TRY(auto reader, open_element((*subscriptions)[i], pointer_child(request.path_of("subscriptions"), i)));
    RATECARD_TRY(InvoiceSubscription subscription, read_subscription(reader, currency));
    const bool repeated = std::any_of(input.subscriptions.begin(), input.subscriptions.end(),
                                      [&](const InvoiceSubscription& other) { return other.id == subscription.id; });
    if (repeated) return duplicate_id("subscription", subscription.id, reader.path_of("id"));
    input.subscriptions.push_back(std::move(subscription));
  }
  std::map<std::string, std::string> usage_paths;
  RATECARD_CHECK(read_usage(request, input, usage_paths));
  RATECARD_CHECK(check_usage_items(input, request.path_of("subscriptions"), usage_paths));
  RATECARD_CHECK(read_list(request, "prorations", kMaxProrations, "proration", input.prorations,
                           [&](ObjectReader& line) { return read_pending_proration(line, currency); }));
  RATECARD_CHECK(read_list(request, "late_usage", kMaxLateUsage, "late usage", input.late_usage,
                           [&](ObjectReader& entry) { return read_late_usage(entry, currency); }));
  RATECARD_CHECK(read_list(request, "coupons", kMaxCoupons, "coupon", input.coupons,
                           [&](ObjectReader& coupon) { return read_coupon(coupon, currency); }));
  RATECARD_CHECK(read_list(request, "credits", kMaxCredits, "credit", input.credits,
                           [&](ObjectReader& credit) { return read_credit(credit, currency); }));
  RATECARD_TRY(input.tax, read_invoice_tax(request));
  RATECARD_TRY(std::optional<bool> include_core_version, request.optional_bool("include_core_version"));
  input.include_core_version = include_core_version.value_or(false);
  return input;
}

template Result<InvoiceInput> read_invoice_input(ObjectReader&);
template Result<InvoiceInput> read_invoice_input(ShapeReader<RawInvoiceRequest>&);
template Result<std::optional<TaxContext>> read_invoice_tax(ObjectReader&);

}  // namespace ratecard
