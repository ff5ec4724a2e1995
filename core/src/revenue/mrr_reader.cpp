#include "revenue/mrr_reader.hpp"

#include <map>
#include <set>

#include "json/choice_reader.hpp"
#include "json/identifier_reader.hpp"
#include "json/json_pointer.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

constexpr Choice<MrrInterval> kIntervals[] = {{"day", MrrInterval::kDay},
                                              {"week", MrrInterval::kWeek},
                                              {"month", MrrInterval::kMonth},
                                              {"quarter", MrrInterval::kQuarter},
                                              {"year", MrrInterval::kYear}};

constexpr Choice<SubscriptionStatus> kStatuses[] = {{"active", SubscriptionStatus::kActive},
                                                    {"past_due", SubscriptionStatus::kPastDue},
                                                    {"trialing", SubscriptionStatus::kTrialing},
                                                    {"paused", SubscriptionStatus::kPaused},
                                                    {"canceled", SubscriptionStatus::kCanceled}};

constexpr Choice<UsageType> kUsageTypes[] = {{"licensed", UsageType::kLicensed}, {"metered", UsageType::kMetered}};

constexpr std::int64_t kMaxIntervalCount = 1000;

// Reporting-currency units per unit of each other currency.
using FxRates = std::map<std::string, Rational, std::less<>>;

Result<Decimal> read_fx_rate(const Json& value, const std::string& path) {
  if (value.is_number()) {
    return Error{ErrorCode::kInvalidType, "FX rates are decimal strings such as \"1.0825\", never JSON numbers", path};
  }
  return read_money(value, path, Sign::kPositive);
}

Result<FxRates> read_fx_rates(ObjectReader& request, const Currency& reporting) {
  FxRates rates;
  const Json* member = request.find("fx_rates");
  if (member == nullptr) return rates;
  RATECARD_TRY(ObjectReader object, ObjectReader::open(*member, request.path_of("fx_rates")));
  for (const auto& entry : member->items()) {
    const std::string path = object.path_of(entry.key());
    RATECARD_TRY(Currency currency, read_currency(Json(entry.key()), path));
    RATECARD_TRY(Decimal rate, read_fx_rate(entry.value(), path));
    if (currency.code == reporting.code && rate != *Decimal::from_integer(BigInt(1))) {
      return Error{ErrorCode::kInvalidArgument,
                   "the reporting currency " + std::string(reporting.code) + " converts at 1, got " + rate.to_string(),
                   path};
    }
    rates.emplace(std::string(currency.code), rate.to_rational());
  }
  return rates;
}

Result<MrrDiscount> read_discount(ObjectReader& discount) {
  MrrDiscount result;
  RATECARD_TRY(result.percent_off, discount.optional_percent("percent_off"));
  RATECARD_TRY(result.amount_off, discount.optional_money("amount_off"));
  if (result.percent_off.has_value() == result.amount_off.has_value()) {
    return Error{ErrorCode::kInvalidArgument, "a discount has exactly one of \"percent_off\" and \"amount_off\"",
                 discount.path()};
  }
  RATECARD_CHECK(discount.finish());
  return result;
}

Result<MrrSubscription> read_subscription(ObjectReader& object, const Currency& reporting, const FxRates& rates) {
  MrrSubscription subscription;
  RATECARD_TRY(subscription.id, read_identifier(object, "id"));
  RATECARD_TRY(subscription.customer, read_identifier(object, "customer"));
  RATECARD_TRY(subscription.currency, object.currency("currency"));
  if (subscription.currency.code == reporting.code) {
    subscription.fx_rate = Rational(1);
  } else {
    const auto rate = rates.find(subscription.currency.code);
    if (rate == rates.end()) {
      return Error{ErrorCode::kInvalidArgument,
                   "no FX rate for " + std::string(subscription.currency.code) + ": add it to \"fx_rates\" (" +
                       std::string(reporting.code) + " per 1 " + std::string(subscription.currency.code) + ")",
                   object.path_of("currency")};
    }
    subscription.fx_rate = rate->second;
  }
  RATECARD_TRY(subscription.unit_amount, object.money("unit_amount"));
  RATECARD_TRY(std::optional<Decimal> quantity, object.optional_quantity("quantity"));
  subscription.quantity = quantity.value_or(*Decimal::from_integer(BigInt(1)));
  RATECARD_TRY(subscription.interval, read_choice(object, "interval", kIntervals, std::optional<MrrInterval>{}));
  RATECARD_TRY(std::optional<std::int64_t> interval_count,
               object.optional_count("interval_count", 1, kMaxIntervalCount));
  subscription.interval_count = interval_count.value_or(1);
  RATECARD_TRY(subscription.status, read_choice(object, "status", kStatuses,
                                                std::optional<SubscriptionStatus>(SubscriptionStatus::kActive)));
  RATECARD_TRY(subscription.usage_type,
               read_choice(object, "usage_type", kUsageTypes, std::optional<UsageType>(UsageType::kLicensed)));
  if (object.find("discount") != nullptr) {
    RATECARD_TRY(ObjectReader discount, object.object("discount"));
    RATECARD_TRY(subscription.discount, read_discount(discount));
  }
  RATECARD_CHECK(object.finish());
  return subscription;
}

// Reads one snapshot; `owners` maps subscription ids already seen in another snapshot to
// their customer, so that one subscription cannot change hands between snapshots.
Result<std::vector<MrrSubscription>> read_snapshot(ObjectReader& request, std::string_view key,
                                                   const Currency& reporting, const FxRates& rates,
                                                   std::map<std::string, std::string>& owners) {
  std::vector<MrrSubscription> snapshot;
  if (request.find(key) == nullptr) return snapshot;  // absent or null: no subscriptions
  RATECARD_TRY(const Json* array, request.array(key));
  const std::string path = request.path_of(key);
  std::set<std::string> ids;
  snapshot.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    RATECARD_TRY(ObjectReader object, ObjectReader::open((*array)[i], pointer_child(path, i)));
    RATECARD_TRY(MrrSubscription subscription, read_subscription(object, reporting, rates));
    if (!ids.insert(subscription.id).second) {
      return Error{ErrorCode::kInvalidArgument,
                   "subscription " + quote_for_message(subscription.id) + " appears twice in this snapshot",
                   object.path_of("id")};
    }
    const auto [owner, inserted] = owners.emplace(subscription.id, subscription.customer);
    if (!inserted && owner->second != subscription.customer) {
      return Error{ErrorCode::kInvalidArgument,
                   "subscription " + quote_for_message(subscription.id) + " belongs to " +
                       quote_for_message(owner->second) + " in the other snapshot",
                   object.path_of("customer")};
    }
    snapshot.push_back(std::move(subscription));
  }
  return snapshot;
}

Result<std::vector<std::string>> read_former_customers(ObjectReader& request) {
  std::vector<std::string> customers;
  if (request.find("former_customers") == nullptr) return customers;
  RATECARD_TRY(const Json* array, request.array("former_customers"));
  const std::string path = request.path_of("former_customers");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < array->size(); ++i) {
    RATECARD_TRY(std::string customer, read_identifier_value((*array)[i], pointer_child(path, i)));
    if (!seen.insert(customer).second) {
      return Error{ErrorCode::kInvalidArgument, quote_for_message(customer) + " is listed twice",
                   pointer_child(path, i)};
    }
    customers.push_back(std::move(customer));
  }
  return customers;
}

}  // namespace

Result<MrrInput> read_mrr_input(ObjectReader& request) {
  MrrInput input;
  RATECARD_TRY(input.currency, request.currency("currency"));
  RATECARD_TRY(FxRates rates, read_fx_rates(request, input.currency));
  RATECARD_TRY(input.rounding, request.rounding());
  RATECARD_TRY(std::optional<bool> include_metered, request.optional_bool("include_metered"));
  input.include_metered = include_metered.value_or(false);
  RATECARD_TRY(std::optional<bool> include_arr, request.optional_bool("include_arr"));
  input.include_arr = include_arr.value_or(false);
  std::map<std::string, std::string> owners;
  RATECARD_TRY(input.previous, read_snapshot(request, "previous", input.currency, rates, owners));
  if (!request.has("current")) {
    return Error{ErrorCode::kMissingField, "\"current\" is required: the subscriptions of the current snapshot",
                 request.path_of("current")};
  }
  RATECARD_TRY(input.current, read_snapshot(request, "current", input.currency, rates, owners));
  RATECARD_TRY(input.former_customers, read_former_customers(request));
  input.former_customers_path = request.path_of("former_customers");
  RATECARD_CHECK(request.finish());
  return input;
}

}  // namespace ratecard
