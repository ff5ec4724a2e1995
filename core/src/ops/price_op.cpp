#include "json/bounded_readers.hpp"
#include "json/json_pointer.hpp"
#include "ops/ops.hpp"
#include "pricing/charge.hpp"
#include "pricing/rounded_charge.hpp"
#include "ratecard/limits.hpp"

namespace ratecard {
namespace {

Result<std::vector<Decimal>> read_events(ObjectReader& request) {
  RATECARD_TRY(const Json* events, request.array("events"));
  if (events->size() > kMaxPriceEvents) {
    return Error{ErrorCode::kLimitExceeded,
                 "a price is applied to at most " + std::to_string(kMaxPriceEvents) + " events per request, got " +
                     std::to_string(events->size()),
                 request.path_of("events")};
  }
  std::vector<Decimal> amounts;
  amounts.reserve(events->size());
  const std::string events_path = request.path_of("events");
  for (std::size_t i = 0; i < events->size(); ++i) {
    RATECARD_TRY(Decimal amount, read_quantity((*events)[i], pointer_child(events_path, i), Sign::kNonNegative));
    amounts.push_back(amount);
  }
  return amounts;
}

// Reads the usage the price applies to: events for percentage prices, a quantity otherwise
// (optional for flat prices, which ignore it).
Result<Charge> read_usage_and_charge(ObjectReader& request, const Price& price) {
  if (price.priced_over_events()) {
    if (request.has("quantity")) {
      return Error{ErrorCode::kInvalidArgument,
                   "percentage prices are applied to \"events\" (one amount per transaction), not a quantity",
                   request.path_of("quantity")};
    }
    RATECARD_TRY(std::vector<Decimal> events, read_events(request));
    return charge_for_events(std::get<PercentagePrice>(price.spec), events);
  }
  if (request.has("events")) {
    return Error{ErrorCode::kInvalidArgument, "only percentage prices are applied to events; pass \"quantity\"",
                 request.path_of("events")};
  }
  if (price.ignores_quantity()) {
    RATECARD_TRY(std::optional<Decimal> quantity, request.optional_quantity("quantity"));
    Charge charge = charge_for_quantity(price, quantity.value_or(Decimal{}));
    if (quantity) charge.summary["quantity"] = quantity->to_string();
    return charge;
  }
  RATECARD_TRY(Decimal quantity, request.quantity("quantity"));
  Charge charge = charge_for_quantity(price, quantity);
  charge.summary["quantity"] = quantity.to_string();
  return charge;
}

// The result of one charge: its summary (quantity or events) with the rounded total and lines.
Result<Json> price_result(Charge charge, const Price& price, const Currency& currency, RoundingMode rounding,
                          const std::string& price_path) {
  Json summary = std::move(charge.summary);
  auto rounded = round_charge(std::move(charge), currency, rounding);
  if (!rounded) {
    Error error = std::move(rounded).error();
    error.message = "the charge of this price: " + error.message;
    error.path = price_path;
    return error;
  }
  Json result = std::move(summary);
  result["amount"] = rounded->total.to_fixed(currency.minor_units);
  result["currency"] = currency.code;
  result["lines"] = std::move(rounded->lines);
  result["model"] = price.model;
  result["rounding"] = rounding_mode_name(rounding);
  return result;
}

// A prepared price: the price read once and applied to each of `quantities`, one result each,
// exactly the result a request with that `quantity` gets.
Result<Json> price_each_quantity(ObjectReader& request, const Price& price, const Currency& currency,
                                 RoundingMode rounding) {
  const std::string path = request.path_of("quantities");
  if (price.priced_over_events()) {
    return Error{ErrorCode::kInvalidArgument,
                 "percentage prices are applied to \"events\" (one amount per transaction), not to quantities", path};
  }
  for (std::string_view single : {"quantity", "events"}) {
    if (request.has(single)) {
      return Error{ErrorCode::kInvalidArgument, "pass \"quantities\" or \"" + std::string(single) + "\", not both",
                   request.path_of(single)};
    }
  }
  RATECARD_TRY(const Json* quantities, read_bounded_array(request, "quantities", kMaxBatchRequests));
  Json results = Json::array();
  for (std::size_t i = 0; i < quantities->size(); ++i) {
    RATECARD_TRY(Decimal quantity, read_quantity((*quantities)[i], pointer_child(path, i), Sign::kNonNegative));
    Charge charge = charge_for_quantity(price, quantity);
    charge.summary["quantity"] = quantity.to_string();
    RATECARD_TRY(Json result, price_result(std::move(charge), price, currency, rounding, request.path_of("price")));
    results.push_back(std::move(result));
  }
  return Json{{"results", std::move(results)}};
}

}  // namespace

Result<Json> run_price(ObjectReader& request) {
  RATECARD_TRY(Currency currency, request.currency("currency"));
  RATECARD_TRY(ObjectReader price_reader, request.object("price"));
  RATECARD_TRY(Price price, read_price(price_reader));
  RATECARD_TRY(RoundingMode rounding, request.rounding());
  if (request.has("quantities")) return price_each_quantity(request, price, currency, rounding);
  (void)request.find("quantities");
  RATECARD_TRY(Charge charge, read_usage_and_charge(request, price));
  return price_result(std::move(charge), price, currency, rounding, request.path_of("price"));
}

}  // namespace ratecard
