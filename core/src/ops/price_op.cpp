#include "json/bounded_readers.hpp"
#include "json/json_pointer.hpp"
#include "ops/envelope.hpp"
#include "ops/ops.hpp"
#include "pricing/charge.hpp"
#include "pricing/price_request_text.hpp"
#include "pricing/price_result.hpp"
#include "ratecard/limits.hpp"

namespace ratecard {
namespace {

// What a request prices, read once (and for prepared prices, applied to every quantity).
struct PriceTerms {
  Price price;
  Currency currency;
  RoundingMode rounding;
  std::string price_path;  ///< Where the price's own errors (a charge out of range) point.
};

// The usage a price applies to: events for percentage prices, a quantity otherwise (absent
// for a flat price without one).
struct PriceUsage {
  std::optional<Decimal> quantity;
  std::optional<std::vector<Decimal>> events;
};

template <typename Reader>
Result<std::vector<Decimal>> read_events(Reader& request) {
  RATECARD_TRY(const auto* events, request.array("events"));
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

template <typename Reader>
Result<PriceUsage> read_price_usage(Reader& request, const Price& price) {
  if (price.priced_over_events()) {
    if (request.has("quantity")) {
      return Error{ErrorCode::kInvalidArgument,
                   "percentage prices are applied to \"events\" (one amount per transaction), not a quantity",
                   request.path_of("quantity")};
    }
    RATECARD_TRY(std::vector<Decimal> events, read_events(request));
    return PriceUsage{std::nullopt, std::move(events)};
  }
  if (request.has("events")) {
    return Error{ErrorCode::kInvalidArgument, "only percentage prices are applied to events; pass \"quantity\"",
                 request.path_of("events")};
  }
  if (price.ignores_quantity()) {
    RATECARD_TRY(std::optional<Decimal> quantity, request.optional_quantity("quantity"));
    return PriceUsage{quantity, std::nullopt};
  }
  RATECARD_TRY(Decimal quantity, request.quantity("quantity"));
  return PriceUsage{quantity, std::nullopt};
}

// The charge of the price for one usage, rounded once.
Result<PriceResult> price_usage(const PriceTerms& terms, const PriceUsage& usage) {
  Charge charge = usage.events
                      ? charge_for_events(std::get<PercentagePrice>(terms.price.spec), *usage.events)
                      : charge_for_quantity(terms.price, usage.quantity.value_or(Decimal{}));
  const std::optional<Decimal> quantity = charge.events ? charge.events->quantity : usage.quantity;
  const std::optional<EventTotals> events = charge.events;
  auto rounded = round_charge(std::move(charge), terms.currency, terms.rounding);
  if (!rounded) {
    Error error = std::move(rounded).error();
    error.message = "the charge of this price: " + error.message;
    error.path = terms.price_path;
    return error;
  }
  return PriceResult{std::move(rounded).value(), terms.price.model, terms.currency, terms.rounding, quantity, events};
}

// A prepared price: the price read once and applied to each of `quantities`, one result each,
// exactly the result a request with that `quantity` gets.
template <typename Reader>
Status write_each_quantity(Reader& request, const PriceTerms& terms, CanonicalWriter& out) {
  const std::string path = request.path_of("quantities");
  if (terms.price.priced_over_events()) {
    return Error{ErrorCode::kInvalidArgument,
                 "percentage prices are applied to \"events\" (one amount per transaction), not to quantities", path};
  }
  for (std::string_view single : {"quantity", "events"}) {
    if (request.has(single)) {
      return Error{ErrorCode::kInvalidArgument, "pass \"quantities\" or \"" + std::string(single) + "\", not both",
                   request.path_of(single)};
    }
  }
  RATECARD_TRY(const auto* quantities, read_bounded_array(request, "quantities", kMaxBatchRequests));
  out.begin_object();
  out.key("results");
  out.begin_array();
  for (std::size_t i = 0; i < quantities->size(); ++i) {
    RATECARD_TRY(Decimal quantity, read_quantity((*quantities)[i], pointer_child(path, i), Sign::kNonNegative));
    RATECARD_TRY(PriceResult result, price_usage(terms, PriceUsage{quantity, std::nullopt}));
    write_price_result(out, result);
  }
  out.end_array();
  out.end_object();
  return ok_status();
}

// Reads a request (from a DOM or from its text), computes its result and writes it.
template <typename Reader>
Status write_price_of(Reader& request, CanonicalWriter& out) {
  RATECARD_TRY(Currency currency, request.currency("currency"));
  RATECARD_TRY(auto price_reader, request.object("price"));
  RATECARD_TRY(Price price, read_price(price_reader));
  RATECARD_TRY(RoundingMode rounding, request.rounding());
  const PriceTerms terms{std::move(price), currency, rounding, request.path_of("price")};
  if (request.has("quantities")) return write_each_quantity(request, terms, out);
  request.mark_read("quantities");  // an explicit null reads as absent
  RATECARD_TRY(PriceUsage usage, read_price_usage(request, terms.price));
  RATECARD_TRY(PriceResult result, price_usage(terms, usage));
  write_price_result(out, result);
  return ok_status();
}

}  // namespace

Status run_price(ObjectReader& request, CanonicalWriter& out) { return write_price_of(request, out); }

bool write_price_response_from_text(std::string_view text, CanonicalWriter& out) {
  const std::optional<RawPriceRequest> raw = read_price_request_text(text);
  if (!raw) return false;
  write_envelope(out, [&raw](CanonicalWriter& result_out) -> Status {
    ShapeReader<RawPriceRequest> request(*raw, "");
    request.mark_read("op");  // "price", as the reader checked
    RATECARD_CHECK(write_price_of(request, result_out));
    return request.finish();
  });
  return true;
}

}  // namespace ratecard
