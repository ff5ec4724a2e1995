#include "usage/aggregator.hpp"

#include <algorithm>

#include "crypto/sha256.hpp"
#include "json/identifier_reader.hpp"
#include "json/json_pointer.hpp"
#include "json/request_parser.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

// Identifies what shapes a partial state, so that states of different aggregations never merge.
std::string state_fingerprint(const TimeRange& period, const std::vector<Metric>& metrics, bool keep_event_ids) {
  Json definitions = Json::array();
  for (const Metric& metric : metrics) definitions.push_back(metric_state_definition(metric));
  const Json shape{{"state_version", 1},
                   {"period", time_range_json(period)},
                   {"keep_event_ids", keep_event_ids},
                   {"metrics", std::move(definitions)}};
  return sha256_hex(dump_canonical(shape));
}

// The property `name` of an event, or nullptr.
const Json* find_property(const Json* properties, const std::string& name) {
  if (properties == nullptr) return nullptr;
  const auto found = properties->find(name);
  return found == properties->end() || found->is_null() ? nullptr : &*found;
}

Error missing_property(const std::string& properties_path, const Metric& metric) {
  return Error{ErrorCode::kMissingField,
               "metric " + quote_for_message(metric.code) + " reads property " + quote_for_message(metric.property) +
                   ", which this event lacks",
               pointer_child(properties_path, metric.property)};
}

}  // namespace

Aggregator::Aggregator(TimeRange period, std::vector<Metric> metrics, bool keep_event_ids)
    : period_(period),
      metrics_(std::move(metrics)),
      keep_event_ids_(keep_event_ids),
      fingerprint_(state_fingerprint(period_, metrics_, keep_event_ids_)),
      states_(metrics_.size()) {
  for (const Metric& metric : metrics_) event_names_.insert(metric.event_name);
}

Status Aggregator::merge_partial(const Json& partial, const std::string& path) {
  RATECARD_TRY(ObjectReader reader, ObjectReader::open(partial, path));
  RATECARD_TRY(std::string fingerprint, reader.string("fingerprint"));
  if (fingerprint != fingerprint_) {
    return Error{ErrorCode::kInvalidArgument,
                 "this partial was aggregated for another period, other metric definitions or another "
                 "keep_event_ids; only partials of the same aggregation merge",
                 reader.path_of("fingerprint")};
  }
  if (keep_event_ids_) {
    RATECARD_TRY(const Json* ids, reader.array("event_ids"));
    const std::string ids_path = reader.path_of("event_ids");
    for (std::size_t i = 0; i < ids->size(); ++i) {
      RATECARD_TRY(std::string id, read_identifier_value((*ids)[i], pointer_child(ids_path, i)));
      if (!seen_ids_.insert(id).second) {
        return Error{ErrorCode::kInvalidArgument,
                     "event " + quote_for_message(id) +
                         " was already counted by an earlier partial (or is listed twice); partials merged together "
                         "must come from disjoint events, so pass a later chunk's events with the earlier partial",
                     pointer_child(ids_path, i)};
      }
    }
  }
  RATECARD_TRY(const Json* metrics, reader.array("metrics"));
  const std::string metrics_path = reader.path_of("metrics");
  if (metrics->size() != metrics_.size()) {
    return Error{ErrorCode::kInvalidArgument,
                 "expected " + std::to_string(metrics_.size()) + " metric states, got " + std::to_string(metrics->size()),
                 metrics_path};
  }
  std::vector<MetricState> parsed;
  parsed.reserve(metrics_.size());
  for (std::size_t i = 0; i < metrics_.size(); ++i) {
    RATECARD_TRY(MetricState state, read_metric_state(metrics_[i], (*metrics)[i], pointer_child(metrics_path, i)));
    parsed.push_back(std::move(state));
  }
  RATECARD_CHECK(reader.finish());
  for (std::size_t i = 0; i < metrics_.size(); ++i) merge_into(states_[i], std::move(parsed[i]));
  return ok_status();
}

Status Aggregator::add_event(const Json& event, const std::string& path) {
  RATECARD_TRY(ObjectReader reader, ObjectReader::open(event, path));
  RATECARD_TRY(std::string id, read_identifier(reader, "id"));
  RATECARD_TRY(std::string event_name, read_identifier(reader, "event_name"));
  RATECARD_TRY(Instant timestamp, reader.instant("timestamp"));
  const Json* properties = reader.find("properties");
  if (properties != nullptr && !properties->is_object()) {
    return Error{ErrorCode::kInvalidType, "expected an object, got " + describe_json_type(*properties),
                 reader.path_of("properties")};
  }
  RATECARD_CHECK(reader.finish());
  if (!period_.contains(timestamp) || event_names_.count(event_name) == 0) return ok_status();
  if (!seen_ids_.insert(id).second) return ok_status();  // a duplicate: the first one counted
  const std::string properties_path = reader.path_of("properties");
  for (std::size_t i = 0; i < metrics_.size(); ++i) {
    if (metrics_[i].event_name != event_name) continue;
    RATECARD_CHECK(add_to_metric(i, properties, properties_path, timestamp, id));
  }
  return ok_status();
}

Status Aggregator::add_to_metric(std::size_t metric_index, const Json* properties, const std::string& path,
                                 Instant timestamp, const std::string& event_id) {
  const Metric& metric = metrics_[metric_index];
  for (const PropertyFilter& filter : metric.filters) {
    const Json* value = find_property(properties, filter.property);
    if (value == nullptr) return ok_status();
    RATECARD_TRY(std::string key, read_property_key(*value, pointer_child(path, filter.property)));
    if (!std::binary_search(filter.values.begin(), filter.values.end(), key)) return ok_status();
  }
  EventValue contribution;
  if (metric.aggregation != Aggregation::kCount) {
    const Json* value = find_property(properties, metric.property);
    if (value == nullptr) return missing_property(path, metric);
    const std::string value_path = pointer_child(path, metric.property);
    if (metric.aggregation == Aggregation::kUniqueCount) {
      RATECARD_TRY(contribution.key, read_property_key(*value, value_path));
    } else {
      RATECARD_TRY(contribution.number, read_quantity(*value, value_path, Sign::kAny));
    }
    Status added = accumulate(states_[metric_index], metric, period_, timestamp, event_id, std::move(contribution));
    if (!added) return Error{added.error().code, added.error().message, value_path};
    return ok_status();
  }
  return accumulate(states_[metric_index], metric, period_, timestamp, event_id, std::move(contribution));
}

Json Aggregator::partial_json() const {
  Json metrics = Json::array();
  for (std::size_t i = 0; i < metrics_.size(); ++i) metrics.push_back(metric_state_json(metrics_[i], states_[i]));
  Json partial{{"fingerprint", fingerprint_}, {"metrics", std::move(metrics)}};
  if (keep_event_ids_) partial["event_ids"] = seen_ids_;
  return partial;
}

Result<Json> Aggregator::aggregates_json(RoundingMode rounding) const {
  Json aggregates = Json::array();
  for (std::size_t i = 0; i < metrics_.size(); ++i) {
    RATECARD_TRY(Json aggregate, metric_aggregate_json(metrics_[i], states_[i], period_, rounding));
    aggregates.push_back(std::move(aggregate));
  }
  return aggregates;
}

}  // namespace ratecard
