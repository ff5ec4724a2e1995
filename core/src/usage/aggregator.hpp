#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "calendar/time_range.hpp"
#include "json/json.hpp"
#include "ratecard/rounding.hpp"
#include "usage/metric.hpp"
#include "usage/metric_state.hpp"

namespace ratecard {

/// Most events in one aggregate request.
inline constexpr std::size_t kMaxEvents = 100000;
/// Most partial states merged in one aggregate request.
inline constexpr std::size_t kMaxPartials = 1000;

/// Aggregates usage events of one period into per-metric states. Partial states of earlier
/// calls are merged first, then events are added in order; the first event with a given id
/// counts and later ones are duplicates. Only events the aggregation reads take part
/// (inside the period, with an event name some metric reads), so the states of consecutive
/// chunks merge into exactly the state of all their events read at once.
class Aggregator {
 public:
  /// An aggregator for `metrics` over `period`. With `keep_event_ids` the partial state lists
  /// the ids it counted, so that later chunks can skip duplicates of them.
  Aggregator(TimeRange period, std::vector<Metric> metrics, bool keep_event_ids);

  /// Merges a partial state (the `partial` of an earlier result) found at `path`.
  /// INVALID_ARGUMENT when it was made for another period, other metric definitions or
  /// another keep_event_ids, or when it shares an event id with a partial merged before.
  [[nodiscard]] Status merge_partial(const Json& partial, const std::string& path);

  /// Reads one event found at `path` and adds it to every metric it matches.
  [[nodiscard]] Status add_event(const Json& event, const std::string& path);

  /// The mergeable state: `{"fingerprint", "metrics": [...], "event_ids": [...]}`.
  [[nodiscard]] Json partial_json() const;

  /// The finished aggregates, one per metric in request order.
  [[nodiscard]] Result<Json> aggregates_json(RoundingMode rounding) const;

 private:
  [[nodiscard]] Status add_to_metric(std::size_t metric_index, const Json* properties, const std::string& path,
                                     Instant timestamp, const std::string& event_id);

  TimeRange period_;
  std::vector<Metric> metrics_;
  bool keep_event_ids_;
  std::string fingerprint_;
  std::set<std::string> event_names_;  ///< The names of the events some metric reads.
  std::set<std::string> seen_ids_;     ///< Ids counted so far (from partials and events).
  std::vector<MetricState> states_;    ///< One per metric.
};

}  // namespace ratecard
