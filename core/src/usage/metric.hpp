#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.hpp"
#include "json/object_reader.hpp"
#include "ratecard/decimal.hpp"

namespace ratecard {

/// How a metric turns the values of its events into one number for a period.
enum class Aggregation {
  kSum,          ///< Sum of the property's values.
  kCount,        ///< Number of events.
  kMax,          ///< Largest value.
  kUniqueCount,  ///< Number of distinct values of the property.
  kLatest,       ///< Value of the latest event (by timestamp, then event id).
  kWeightedSum,  ///< Time integral of a level that each event changes by its value (e.g. GB-hours).
};

/// The unit of time a weighted sum is expressed in.
enum class TimeUnit { kSecond, kMinute, kHour, kDay, kPeriod };

/// Events match a filter when their property has one of the values (strings; integers are
/// compared by their decimal text).
struct PropertyFilter {
  std::string property;
  std::vector<std::string> values;  ///< Sorted, distinct.
};

/// A billable metric: which events it reads and how it aggregates them.
struct Metric {
  std::string code;
  std::string event_name;
  Aggregation aggregation = Aggregation::kCount;
  std::string property;                 ///< The value property; empty for count.
  std::vector<PropertyFilter> filters;  ///< Sorted by property; every one must match.
  Decimal initial_value;                ///< weighted_sum: the level at the period start.
  TimeUnit time_unit = TimeUnit::kHour; ///< weighted_sum: the unit of the result.
};

/// Most metrics in one request.
inline constexpr std::size_t kMaxMetrics = 100;
/// Most filtered properties per metric, and most values per filter.
inline constexpr std::size_t kMaxFilters = 20;
inline constexpr std::size_t kMaxFilterValues = 1000;

/// Reads the request's `metrics` array (1 to kMaxMetrics metrics with distinct codes).
[[nodiscard]] Result<std::vector<Metric>> read_metrics(ObjectReader& request);

/// The wire name of an aggregation, e.g. "unique_count".
[[nodiscard]] std::string_view aggregation_name(Aggregation aggregation) noexcept;

/// The wire name of a time unit, e.g. "hour".
[[nodiscard]] std::string_view time_unit_name(TimeUnit unit) noexcept;

/// The part of a metric's definition that shapes its partial state (everything but the
/// weighted sum's initial value and unit, which only affect the final value), canonical.
[[nodiscard]] Json metric_state_definition(const Metric& metric);

/// A property value used as a key (filters, unique_count): a string, or an integer's
/// decimal text. INVALID_TYPE for anything else.
[[nodiscard]] Result<std::string> read_property_key(const Json& value, const std::string& path);

}  // namespace ratecard
