#include "usage/metric.hpp"

#include <algorithm>
#include <set>

#include "json/bounded_readers.hpp"
#include "json/identifier_reader.hpp"
#include "json/json_pointer.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

constexpr std::string_view kAggregations = "sum, count, max, unique_count, latest or weighted_sum";

std::optional<Aggregation> parse_aggregation(std::string_view name) {
  if (name == "sum") return Aggregation::kSum;
  if (name == "count") return Aggregation::kCount;
  if (name == "max") return Aggregation::kMax;
  if (name == "unique_count") return Aggregation::kUniqueCount;
  if (name == "latest") return Aggregation::kLatest;
  if (name == "weighted_sum") return Aggregation::kWeightedSum;
  return std::nullopt;
}

std::optional<TimeUnit> parse_time_unit(std::string_view name) {
  if (name == "second") return TimeUnit::kSecond;
  if (name == "minute") return TimeUnit::kMinute;
  if (name == "hour") return TimeUnit::kHour;
  if (name == "day") return TimeUnit::kDay;
  if (name == "period") return TimeUnit::kPeriod;
  return std::nullopt;
}

Result<std::vector<PropertyFilter>> read_filters(ObjectReader& metric) {
  std::vector<PropertyFilter> filters;
  const Json* object = metric.find("filters");
  if (object == nullptr) return filters;
  const std::string path = metric.path_of("filters");
  if (!object->is_object()) {
    return Error{ErrorCode::kInvalidType,
                 "expected an object of property name to allowed values, got " + describe_json_type(*object), path};
  }
  if (object->size() > kMaxFilters) {
    return Error{ErrorCode::kLimitExceeded, "at most " + std::to_string(kMaxFilters) + " filtered properties", path};
  }
  for (const auto& member : object->items()) {
    const std::string filter_path = pointer_child(path, member.key());
    if (member.key().empty()) return Error{ErrorCode::kInvalidArgument, "a property name must not be empty", filter_path};
    if (!member.value().is_array()) {
      return Error{ErrorCode::kInvalidType, "expected an array of allowed values, got " + describe_json_type(member.value()),
                   filter_path};
    }
    if (member.value().empty()) {
      return Error{ErrorCode::kInvalidArgument, "a filter needs at least one allowed value", filter_path};
    }
    if (member.value().size() > kMaxFilterValues) {
      return Error{ErrorCode::kLimitExceeded, "at most " + std::to_string(kMaxFilterValues) + " values per filter",
                   filter_path};
    }
    std::set<std::string> values;
    for (std::size_t i = 0; i < member.value().size(); ++i) {
      RATECARD_TRY(std::string value, read_property_key(member.value()[i], pointer_child(filter_path, i)));
      values.insert(std::move(value));
    }
    filters.push_back({member.key(), {values.begin(), values.end()}});
  }
  return filters;  // nlohmann objects iterate in key order, so filters are sorted by property
}

// Reads the weighted_sum-only fields, refusing them on other aggregations.
Status read_weighting(ObjectReader& metric, Metric& parsed) {
  if (parsed.aggregation != Aggregation::kWeightedSum) {
    for (const std::string_view key : {"initial_value", "time_unit"}) {
      if (metric.find(key) != nullptr) {
        return Error{ErrorCode::kInvalidArgument, "\"" + std::string(key) + "\" applies to weighted_sum only",
                     metric.path_of(key)};
      }
    }
    return ok_status();
  }
  RATECARD_TRY(std::optional<Decimal> initial, metric.optional_quantity("initial_value", Sign::kAny));
  parsed.initial_value = initial.value_or(Decimal{});
  RATECARD_TRY(std::optional<std::string> unit, metric.optional_string("time_unit"));
  if (unit) {
    const auto parsed_unit = parse_time_unit(*unit);
    if (!parsed_unit) {
      return Error{ErrorCode::kInvalidArgument,
                   quote_for_message(*unit) + " is not a time unit; use second, minute, hour, day or period",
                   metric.path_of("time_unit")};
    }
    parsed.time_unit = *parsed_unit;
  }
  return ok_status();
}

Result<Metric> read_metric(ObjectReader& metric) {
  Metric parsed;
  RATECARD_TRY(parsed.code, read_identifier(metric, "code"));
  RATECARD_TRY(parsed.event_name, read_identifier(metric, "event_name"));
  RATECARD_TRY(std::string aggregation, metric.string("aggregation"));
  const auto kind = parse_aggregation(aggregation);
  if (!kind) {
    return Error{ErrorCode::kInvalidArgument,
                 quote_for_message(aggregation) + " is not an aggregation; use " + std::string(kAggregations),
                 metric.path_of("aggregation")};
  }
  parsed.aggregation = *kind;
  if (parsed.aggregation == Aggregation::kCount) {
    if (metric.find("property") != nullptr) {
      return Error{ErrorCode::kInvalidArgument, "count counts events and reads no \"property\"",
                   metric.path_of("property")};
    }
  } else {
    RATECARD_TRY(parsed.property, read_identifier(metric, "property"));
  }
  RATECARD_TRY(parsed.filters, read_filters(metric));
  RATECARD_CHECK(read_weighting(metric, parsed));
  RATECARD_CHECK(metric.finish());
  return parsed;
}

}  // namespace

Result<std::string> read_property_key(const Json& value, const std::string& path) {
  if (value.is_string()) return value.get_ref<const std::string&>();
  if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  return Error{ErrorCode::kInvalidType, "expected a string or an integer, got " + describe_json_type(value), path};
}

Result<std::vector<Metric>> read_metrics(ObjectReader& request) {
  RATECARD_TRY(const Json* metrics, read_bounded_array(request, "metrics", kMaxMetrics));
  const std::string path = request.path_of("metrics");
  if (metrics->empty()) return Error{ErrorCode::kInvalidArgument, "at least one metric is required", path};
  std::vector<Metric> parsed;
  parsed.reserve(metrics->size());
  for (std::size_t i = 0; i < metrics->size(); ++i) {
    RATECARD_TRY(ObjectReader metric, ObjectReader::open((*metrics)[i], pointer_child(path, i)));
    RATECARD_TRY(Metric one, read_metric(metric));
    const bool duplicate = std::any_of(parsed.begin(), parsed.end(), [&](const Metric& m) { return m.code == one.code; });
    if (duplicate) {
      return Error{ErrorCode::kInvalidArgument, "metric code " + quote_for_message(one.code) + " is used twice",
                   metric.path_of("code")};
    }
    parsed.push_back(std::move(one));
  }
  return parsed;
}

std::string_view aggregation_name(Aggregation aggregation) noexcept {
  switch (aggregation) {
    case Aggregation::kSum: return "sum";
    case Aggregation::kCount: return "count";
    case Aggregation::kMax: return "max";
    case Aggregation::kUniqueCount: return "unique_count";
    case Aggregation::kLatest: return "latest";
    case Aggregation::kWeightedSum: return "weighted_sum";
  }
  return "count";
}

std::string_view time_unit_name(TimeUnit unit) noexcept {
  switch (unit) {
    case TimeUnit::kSecond: return "second";
    case TimeUnit::kMinute: return "minute";
    case TimeUnit::kHour: return "hour";
    case TimeUnit::kDay: return "day";
    case TimeUnit::kPeriod: return "period";
  }
  return "hour";
}

Json metric_state_definition(const Metric& metric) {
  Json filters = Json::object();
  for (const PropertyFilter& filter : metric.filters) filters[filter.property] = filter.values;
  return Json{{"code", metric.code},
              {"event_name", metric.event_name},
              {"aggregation", aggregation_name(metric.aggregation)},
              {"property", metric.property},
              {"filters", std::move(filters)}};
}

}  // namespace ratecard
