#include "json/bounded_readers.hpp"
#include "json/json_pointer.hpp"
#include "ops/ops.hpp"
#include "usage/aggregator.hpp"

namespace ratecard {

// Partials first (in order), then events (in order): see Aggregator.
Result<Json> run_aggregate(ObjectReader& request) {
  RATECARD_TRY(TimeRange period, read_time_range(request, "period"));
  RATECARD_TRY(std::vector<Metric> metrics, read_metrics(request));
  RATECARD_TRY(std::optional<bool> keep_event_ids, request.optional_bool("keep_event_ids"));
  RATECARD_TRY(RoundingMode rounding, request.rounding());
  Aggregator aggregator(period, std::move(metrics), keep_event_ids.value_or(true));

  RATECARD_TRY(const Json* partials, read_optional_bounded_array(request, "partials", kMaxPartials));
  for (std::size_t i = 0; i < partials->size(); ++i) {
    RATECARD_CHECK(aggregator.merge_partial((*partials)[i], pointer_child(request.path_of("partials"), i)));
  }
  RATECARD_TRY(const Json* events, read_optional_bounded_array(request, "events", kMaxEvents));
  const std::string events_path = request.path_of("events");
  for (std::size_t i = 0; i < events->size(); ++i) {
    RATECARD_CHECK(aggregator.add_event((*events)[i], pointer_child(events_path, i)));
  }
  RATECARD_TRY(Json aggregates, aggregator.aggregates_json(rounding));
  return Json{{"period", time_range_json(period)},
              {"aggregates", std::move(aggregates)},
              {"partial", aggregator.partial_json()}};
}

}  // namespace ratecard
