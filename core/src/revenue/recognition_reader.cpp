#include "revenue/recognition_reader.hpp"

#include <map>
#include <set>

#include "json/choice_reader.hpp"
#include "json/identifier_reader.hpp"
#include "json/json_pointer.hpp"
#include "ratecard/rounding.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

// What a line is; bundles split into items of the other kinds.
enum class LineKind { kSubscription, kOneOff, kUsage, kBundle };

constexpr Choice<LineKind> kLineKinds[] = {{"subscription", LineKind::kSubscription},
                                           {"one_off", LineKind::kOneOff},
                                           {"usage", LineKind::kUsage},
                                           {"bundle", LineKind::kBundle}};

constexpr Choice<LineKind> kItemKinds[] = {
    {"subscription", LineKind::kSubscription}, {"one_off", LineKind::kOneOff}, {"usage", LineKind::kUsage}};

constexpr Choice<Granularity> kGranularities[] = {{"month", Granularity::kMonth}, {"day", Granularity::kDay}};

// Lines, bundle items and bundles by id, for reversals to refer to.
struct LineIndex {
  std::set<std::string> ids;
  std::map<std::string, std::size_t> lines;  // id -> index of a line or a bundle item
  std::map<std::string, std::pair<std::vector<std::size_t>, std::vector<Rational>>> bundles;  // items, weights
};

// An amount of the request's currency: a decimal string, at most at the minor unit.
Result<Decimal> read_amount(ObjectReader& object, std::string_view key, const Currency& currency, Sign sign) {
  RATECARD_TRY(Decimal amount, object.money(key, sign));
  RATECARD_TRY(Decimal rounded, round_to_scale(amount.to_rational(), currency.minor_units, RoundingMode::kDown));
  if (rounded != amount) {
    return Error{ErrorCode::kInvalidArgument,
                 "an invoiced amount is at the minor unit of " + std::string(currency.code) + " (" +
                     std::to_string(currency.minor_units) + " decimals), got " + amount.to_string(),
                 object.path_of(key)};
  }
  return amount;
}

Status claim_id(ObjectReader& object, const std::string& id, LineIndex& index) {
  if (index.ids.insert(id).second) return ok_status();
  return Error{ErrorCode::kInvalidArgument, "line id " + quote_for_message(id) + " is used twice",
               object.path_of("id")};
}

// Reads when a line is recognized: a service period for subscriptions, an instant otherwise.
// Returns the day recognition starts (the default day it is invoiced).
Result<std::int64_t> read_timing(ObjectReader& object, LineKind kind, const TimeZone& zone, RevenueLine& line) {
  if (kind == LineKind::kSubscription) {
    RATECARD_TRY(Instant start, object.instant("service_start"));
    RATECARD_TRY(Instant end, object.instant("service_end"));
    if (end <= start) {
      return Error{ErrorCode::kInvalidArgument, "\"service_end\" must be after \"service_start\"",
                   object.path_of("service_end")};
    }
    line.ratable = true;
    line.first_day = local_day(zone, start);
    // A service period covers the days it starts on, up to (not including) the day it ends
    // on; one shorter than a day is recognized on its only day.
    line.end_day = std::max(local_day(zone, end), line.first_day + 1);
    return line.first_day;
  }
  RATECARD_TRY(Instant at, object.instant("recognized_at"));
  line.recognition_day = local_day(zone, at);
  return line.recognition_day;
}

Result<std::optional<std::int64_t>> read_invoiced_day(ObjectReader& object, const TimeZone& zone) {
  RATECARD_TRY(std::optional<Instant> invoiced_at, object.optional_instant("invoiced_at"));
  if (!invoiced_at) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>(local_day(zone, *invoiced_at));
}

Status read_bundle(ObjectReader& object, RevenueLine bundle, const Currency& currency, const TimeZone& zone,
                   RecognitionInput& input, LineIndex& index) {
  RATECARD_TRY(std::optional<std::int64_t> invoiced_day, read_invoiced_day(object, zone));
  RATECARD_TRY(const Json* items, object.array("items"));
  const std::string items_path = object.path_of("items");
  if (items->empty()) return Error{ErrorCode::kInvalidArgument, "a bundle needs at least one item", items_path};
  std::vector<RevenueLine> lines;
  std::vector<Rational> weights;
  for (std::size_t i = 0; i < items->size(); ++i) {
    RATECARD_TRY(ObjectReader item, ObjectReader::open((*items)[i], pointer_child(items_path, i)));
    RevenueLine line;
    RATECARD_TRY(line.id, read_identifier(item, "id"));
    RATECARD_CHECK(claim_id(item, line.id, index));
    RATECARD_TRY(LineKind kind, read_choice(item, "kind", kItemKinds, std::optional<LineKind>{}));
    line.kind = std::string(choice_name(kind, kItemKinds));
    line.bundle = bundle.id;
    RATECARD_TRY(line.standalone_price, read_amount(item, "standalone_price", currency, Sign::kNonNegative));
    RATECARD_TRY(std::int64_t start_day, read_timing(item, kind, zone, line));
    line.booked_day = invoiced_day.value_or(start_day);
    RATECARD_CHECK(item.finish());
    weights.push_back(line.standalone_price->to_rational());
    lines.push_back(std::move(line));
  }
  auto shares = allocate_proportionally(bundle.amount, weights, currency.minor_units);
  if (!shares) {
    return Error{ErrorCode::kInvalidArgument,
                 "a bundle's price is allocated by standalone selling price: at least one item needs a positive "
                 "\"standalone_price\"",
                 items_path};
  }
  auto& [item_indices, item_weights] = index.bundles[bundle.id];
  item_weights = weights;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    lines[i].amount = (*shares)[i];
    index.lines[lines[i].id] = input.lines.size();
    item_indices.push_back(input.lines.size());
    input.lines.push_back(std::move(lines[i]));
  }
  return ok_status();
}

Status read_line(ObjectReader& object, const Currency& currency, const TimeZone& zone, RecognitionInput& input,
                 LineIndex& index) {
  RevenueLine line;
  RATECARD_TRY(line.id, read_identifier(object, "id"));
  RATECARD_CHECK(claim_id(object, line.id, index));
  RATECARD_TRY(LineKind kind, read_choice(object, "kind", kLineKinds, std::optional<LineKind>{}));
  RATECARD_TRY(line.amount, read_amount(object, "amount", currency, Sign::kNonNegative));
  if (kind == LineKind::kBundle) return read_bundle(object, std::move(line), currency, zone, input, index);
  line.kind = std::string(choice_name(kind, kLineKinds));
  RATECARD_TRY(std::int64_t start_day, read_timing(object, kind, zone, line));
  RATECARD_TRY(std::optional<std::int64_t> invoiced_day, read_invoiced_day(object, zone));
  line.booked_day = invoiced_day.value_or(start_day);
  index.lines[line.id] = input.lines.size();
  input.lines.push_back(std::move(line));
  return ok_status();
}

// Reads one reversal; one against a bundle is split over its items by standalone selling price.
Status read_reversal(ObjectReader& object, const Currency& currency, const TimeZone& zone, RecognitionInput& input,
                     const LineIndex& index, std::vector<Decimal>& reversed) {
  RATECARD_TRY(std::string target, read_identifier(object, "line"));
  RATECARD_TRY(Decimal amount, read_amount(object, "amount", currency, Sign::kPositive));
  RATECARD_TRY(Instant at, object.instant("at"));
  RATECARD_CHECK(object.finish());
  const std::int64_t day = local_day(zone, at);

  std::vector<std::pair<std::size_t, Decimal>> parts;
  if (const auto bundle = index.bundles.find(target); bundle != index.bundles.end()) {
    RATECARD_TRY(std::vector<Decimal> shares,
                 allocate_proportionally(amount, bundle->second.second, currency.minor_units));
    for (std::size_t i = 0; i < shares.size(); ++i) parts.emplace_back(bundle->second.first[i], shares[i]);
  } else if (const auto line = index.lines.find(target); line != index.lines.end()) {
    parts.emplace_back(line->second, amount);
  } else {
    return Error{ErrorCode::kInvalidArgument, "no line, bundle or bundle item is called " + quote_for_message(target),
                 object.path_of("line")};
  }
  for (const auto& [line, share] : parts) {
    reversed[line] += share;
    if (reversed[line] > input.lines[line].amount) {
      return Error{ErrorCode::kInvalidArgument,
                   "reversals of " + quote_for_message(input.lines[line].id) + " would exceed its amount " +
                       input.lines[line].amount.to_fixed(currency.minor_units),
                   object.path_of("amount")};
    }
    if (!share.is_zero()) input.reversals.push_back({line, share, day});
  }
  return ok_status();
}

}  // namespace

std::int64_t local_day(const TimeZone& zone, Instant instant) { return days_from_civil(zone.to_local(instant).date); }

Instant local_day_start(const TimeZone& zone, std::int64_t day) {
  return zone.from_local(LocalDateTime{civil_from_days(day), 0});
}

Result<RecognitionRequest> read_recognition_request(ObjectReader& request) {
  RecognitionRequest result;
  RecognitionInput& input = result.input;
  RATECARD_TRY(input.currency, request.currency("currency"));
  if (const Json* zone = request.find("time_zone"); zone != nullptr) {
    RATECARD_TRY(std::string name, read_string(*zone, request.path_of("time_zone")));
    Result<TimeZone> found = find_time_zone(name);
    if (!found) return Error{found.error().code, found.error().message, request.path_of("time_zone")};
    result.time_zone = std::move(found).value();
  }
  RATECARD_TRY(input.granularity,
               read_choice(request, "granularity", kGranularities, std::optional<Granularity>(Granularity::kMonth)));

  LineIndex index;
  RATECARD_TRY(const Json* lines, request.array("lines"));
  const std::string lines_path = request.path_of("lines");
  for (std::size_t i = 0; i < lines->size(); ++i) {
    RATECARD_TRY(ObjectReader line, ObjectReader::open((*lines)[i], pointer_child(lines_path, i)));
    RATECARD_CHECK(read_line(line, input.currency, result.time_zone, input, index));
    RATECARD_CHECK(line.finish());
  }

  if (request.find("reversals") != nullptr) {
    RATECARD_TRY(const Json* reversals, request.array("reversals"));
    const std::string reversals_path = request.path_of("reversals");
    std::vector<Decimal> reversed(input.lines.size());
    for (std::size_t i = 0; i < reversals->size(); ++i) {
      RATECARD_TRY(ObjectReader reversal, ObjectReader::open((*reversals)[i], pointer_child(reversals_path, i)));
      RATECARD_CHECK(read_reversal(reversal, input.currency, result.time_zone, input, index, reversed));
    }
  }
  RATECARD_CHECK(request.finish());
  return result;
}

}  // namespace ratecard
