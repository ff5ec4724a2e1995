#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "calendar/time_range.hpp"
#include "json/json.hpp"
#include "ratecard/decimal.hpp"
#include "ratecard/rounding.hpp"
#include "usage/metric.hpp"

namespace ratecard {

/// The value of the latest event seen; "latest" means the greatest (timestamp, event id).
struct LatestValue {
  Instant timestamp;
  std::string event_id;
  Decimal value;
};

/// What one metric has accumulated over some of the period's events. It holds exactly what
/// is needed to finish the aggregate and to merge with the state of other events, so that
/// merging the states of chunks gives the state of all their events at once.
struct MetricState {
  std::int64_t event_count = 0;       ///< Events counted (after filters and deduplication).
  Decimal sum;                        ///< sum: the total; weighted_sum: the net change of the level.
  Decimal weighted_change;            ///< weighted_sum: Σ change × seconds from the event to the period end.
  std::optional<Decimal> max;         ///< max: the largest value; empty before the first event.
  std::set<std::string> values;       ///< unique_count: the distinct values.
  std::optional<LatestValue> latest;  ///< latest: the latest event's value.
};

/// What one event contributes: `number` for sum, max, latest and weighted_sum, `key` for
/// unique_count (count uses neither).
struct EventValue {
  Decimal number;
  std::string key;
};

/// Adds one counted event at `timestamp` (inside `period`) to the state. OVERFLOW (with an
/// empty path) when a weighted change is beyond the exact range.
[[nodiscard]] Status accumulate(MetricState& state, const Metric& metric, const TimeRange& period, Instant timestamp,
                                const std::string& event_id, EventValue value);

/// Merges `from` into `into`. Associative and commutative, so chunks may merge in any grouping.
void merge_into(MetricState& into, MetricState from);

/// The state as a partial-state member: `{"code", "event_count", ...}` plus the fields of the
/// aggregation (`sum`; `max`; `values`; `latest`; `change` and `weighted_change`).
[[nodiscard]] Json metric_state_json(const Metric& metric, const MetricState& state);

/// Reads a state written by metric_state_json for the same metric.
[[nodiscard]] Result<MetricState> read_metric_state(const Metric& metric, const Json& value, const std::string& path);

/// The finished aggregate: `{"code", "aggregation", "value", "event_count"}`, plus
/// `final_value` and `time_unit` for weighted_sum, whose value is rounded to 12 fractional
/// digits with `rounding` when the unit conversion does not end there.
[[nodiscard]] Result<Json> metric_aggregate_json(const Metric& metric, const MetricState& state,
                                                 const TimeRange& period, RoundingMode rounding);

}  // namespace ratecard
