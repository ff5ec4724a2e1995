#include "usage/metric_state.hpp"

#include <limits>
#include <utility>

#include "json/identifier_reader.hpp"
#include "json/json_pointer.hpp"
#include "json/object_reader.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

bool later_than(const LatestValue& a, const LatestValue& b) {
  return a.timestamp != b.timestamp ? a.timestamp > b.timestamp : a.event_id > b.event_id;
}

Decimal from_count(std::int64_t count) { return Decimal::from_integer(BigInt(count)).value(); }

Json optional_decimal_json(const std::optional<Decimal>& value) {
  return value ? Json(value->to_string()) : Json(nullptr);
}

std::int64_t unit_seconds(TimeUnit unit, const TimeRange& period) {
  switch (unit) {
    case TimeUnit::kSecond: return 1;
    case TimeUnit::kMinute: return 60;
    case TimeUnit::kHour: return 3600;
    case TimeUnit::kDay: return 86400;
    case TimeUnit::kPeriod: return period.seconds();
  }
  return 1;
}

Result<std::optional<LatestValue>> read_latest(ObjectReader& state) {
  const Json* member = state.find("latest");
  if (member == nullptr) return std::optional<LatestValue>{};
  RATECARD_TRY(ObjectReader latest, ObjectReader::open(*member, state.path_of("latest")));
  LatestValue value;
  RATECARD_TRY(value.event_id, read_identifier(latest, "event_id"));
  RATECARD_TRY(value.timestamp, latest.instant("timestamp"));
  RATECARD_TRY(value.value, latest.quantity("value", Sign::kAny));
  RATECARD_CHECK(latest.finish());
  return std::optional<LatestValue>(std::move(value));
}

Status read_unique_values(ObjectReader& state, MetricState& parsed) {
  RATECARD_TRY(const Json* values, state.array("values"));
  const std::string path = state.path_of("values");
  for (std::size_t i = 0; i < values->size(); ++i) {
    RATECARD_TRY(std::string value, read_string((*values)[i], pointer_child(path, i)));
    if (!parsed.values.insert(std::move(value)).second) {
      return Error{ErrorCode::kInvalidArgument, "a value is listed twice", pointer_child(path, i)};
    }
  }
  return ok_status();
}

// Refuses a state whose empty/non-empty parts contradict its event count.
Status check_consistency(const ObjectReader& state, const MetricState& parsed, bool has_extreme) {
  if (has_extreme != (parsed.event_count > 0)) {
    return Error{ErrorCode::kInvalidArgument,
                 "the state is inconsistent: a value must be present exactly when event_count is above 0",
                 state.path_of("event_count")};
  }
  return ok_status();
}

}  // namespace

Status accumulate(MetricState& state, const Metric& metric, const TimeRange& period, Instant timestamp,
                  const std::string& event_id, EventValue value) {
  ++state.event_count;
  switch (metric.aggregation) {
    case Aggregation::kCount: break;
    case Aggregation::kSum: state.sum += value.number; break;
    case Aggregation::kMax:
      if (!state.max || value.number > *state.max) state.max = value.number;
      break;
    case Aggregation::kUniqueCount: state.values.insert(std::move(value.key)); break;
    case Aggregation::kLatest: {
      LatestValue candidate{timestamp, event_id, value.number};
      if (!state.latest || later_than(candidate, *state.latest)) state.latest = std::move(candidate);
      break;
    }
    case Aggregation::kWeightedSum: {
      // The change holds from the event to the period end. A decimal times whole seconds is
      // exact at 12 fractional digits; only overflow can fail.
      const Rational weighted = value.number.to_rational() * Rational(period.end.seconds - timestamp.seconds);
      RATECARD_TRY(Decimal weighted_change, Decimal::from_rational(weighted));
      state.sum += value.number;
      state.weighted_change += weighted_change;
      break;
    }
  }
  return ok_status();
}

void merge_into(MetricState& into, MetricState from) {
  into.event_count += from.event_count;
  into.sum += from.sum;
  into.weighted_change += from.weighted_change;
  if (from.max && (!into.max || *from.max > *into.max)) into.max = from.max;
  into.values.merge(from.values);
  if (from.latest && (!into.latest || later_than(*from.latest, *into.latest))) into.latest = std::move(from.latest);
}

Json metric_state_json(const Metric& metric, const MetricState& state) {
  Json json{{"code", metric.code}, {"event_count", state.event_count}};
  switch (metric.aggregation) {
    case Aggregation::kCount: break;
    case Aggregation::kSum: json["sum"] = state.sum.to_string(); break;
    case Aggregation::kMax: json["max"] = optional_decimal_json(state.max); break;
    case Aggregation::kUniqueCount: json["values"] = state.values; break;
    case Aggregation::kLatest:
      json["latest"] = state.latest ? Json{{"event_id", state.latest->event_id},
                                           {"timestamp", format_instant(state.latest->timestamp)},
                                           {"value", state.latest->value.to_string()}}
                                    : Json(nullptr);
      break;
    case Aggregation::kWeightedSum:
      json["change"] = state.sum.to_string();
      json["weighted_change"] = state.weighted_change.to_string();
      break;
  }
  return json;
}

Result<MetricState> read_metric_state(const Metric& metric, const Json& value, const std::string& path) {
  RATECARD_TRY(ObjectReader state, ObjectReader::open(value, path));
  RATECARD_TRY(std::string code, state.string("code"));
  if (code != metric.code) {
    return Error{ErrorCode::kInvalidArgument,
                 "expected the state of metric " + quote_for_message(metric.code) + ", got " + quote_for_message(code),
                 state.path_of("code")};
  }
  MetricState parsed;
  RATECARD_TRY(std::optional<std::int64_t> count,
               state.optional_count("event_count", 0, std::numeric_limits<std::int64_t>::max() / 2));
  if (!count) return Error{ErrorCode::kMissingField, "\"event_count\" is required", state.path_of("event_count")};
  parsed.event_count = *count;
  switch (metric.aggregation) {
    case Aggregation::kCount: break;
    case Aggregation::kSum: {
      RATECARD_TRY(parsed.sum, state.quantity("sum", Sign::kAny));
      break;
    }
    case Aggregation::kMax: {
      RATECARD_TRY(parsed.max, state.optional_quantity("max", Sign::kAny));
      RATECARD_CHECK(check_consistency(state, parsed, parsed.max.has_value()));
      break;
    }
    case Aggregation::kUniqueCount: RATECARD_CHECK(read_unique_values(state, parsed)); break;
    case Aggregation::kLatest: {
      RATECARD_TRY(parsed.latest, read_latest(state));
      RATECARD_CHECK(check_consistency(state, parsed, parsed.latest.has_value()));
      break;
    }
    case Aggregation::kWeightedSum: {
      RATECARD_TRY(parsed.sum, state.quantity("change", Sign::kAny));
      RATECARD_TRY(parsed.weighted_change, state.quantity("weighted_change", Sign::kAny));
      break;
    }
  }
  RATECARD_CHECK(state.finish());
  return parsed;
}

Result<Json> metric_aggregate_json(const Metric& metric, const MetricState& state, const TimeRange& period,
                                   RoundingMode rounding) {
  Json json{{"code", metric.code},
            {"aggregation", aggregation_name(metric.aggregation)},
            {"event_count", state.event_count}};
  Decimal value;
  switch (metric.aggregation) {
    case Aggregation::kCount: value = from_count(state.event_count); break;
    case Aggregation::kSum: value = state.sum; break;
    case Aggregation::kMax: value = state.max.value_or(Decimal{}); break;
    case Aggregation::kUniqueCount: value = from_count(static_cast<std::int64_t>(state.values.size())); break;
    case Aggregation::kLatest: value = state.latest ? state.latest->value : Decimal{}; break;
    case Aggregation::kWeightedSum: {
      // ∫ level dt = initial × period length + Σ change × (end − event time), in unit-seconds.
      const Rational level_seconds =
          metric.initial_value.to_rational() * Rational(period.seconds()) + state.weighted_change.to_rational();
      const Rational in_unit = level_seconds / Rational(unit_seconds(metric.time_unit, period));
      RATECARD_TRY(value, round_to_scale(in_unit, Decimal::kScale, rounding));
      json["final_value"] = (metric.initial_value + state.sum).to_string();
      json["time_unit"] = time_unit_name(metric.time_unit);
      break;
    }
  }
  json["value"] = value.to_string();
  return json;
}

}  // namespace ratecard
