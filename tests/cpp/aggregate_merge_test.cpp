// Property test: aggregating usage events in chunks and merging the partial states gives
// exactly (byte for byte) the result of aggregating all events at once. Seeded with the
// property seed (RATECARD_PROPERTY_SEED, RATECARD_PROPERTY_CASES rounds; a failure prints the
// seed and round) and drawn with the tests' own generator, so every standard library draws the
// same events.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "calendar/instant.hpp"
#include "property.hpp"
#include "json/json.hpp"
#include "json/request_parser.hpp"
#include "ratecard/evaluate.hpp"

namespace ratecard {
namespace {

using testing::Generator;
using testing::property_cases;
using testing::property_stream;

constexpr std::int64_t kPeriodStart = 1767225600;  // 2026-01-01T00:00:00Z
constexpr std::int64_t kPeriodEnd = 1769904000;    // 2026-02-01T00:00:00Z

Json metrics() {
  return Json::parse(R"([
    {"code":"calls","event_name":"api_call","aggregation":"count"},
    {"code":"eu_calls","event_name":"api_call","aggregation":"count","filters":{"region":["eu"]}},
    {"code":"bytes","event_name":"api_call","aggregation":"sum","property":"bytes"},
    {"code":"peak","event_name":"api_call","aggregation":"max","property":"bytes"},
    {"code":"users","event_name":"api_call","aggregation":"unique_count","property":"user"},
    {"code":"seats","event_name":"seats","aggregation":"latest","property":"count"},
    {"code":"gb_hours","event_name":"storage","aggregation":"weighted_sum","property":"delta","initial_value":"3.5"},
    {"code":"gb_average","event_name":"storage","aggregation":"weighted_sum","property":"delta","time_unit":"period"}
  ])");
}

// A decimal: mostly a few units with up to 3 fraction digits, one in five with up to
// `wide_digits` integer and 12 fraction digits. Sums take 18 (200 of them stay within the 24
// integer digits of the format); weighted sums 15, so that 48 changes times the 2,678,400
// seconds of January keep `weighted_change` within 24 digits while the hourly value passes 10^12.
std::string random_decimal(Generator& gen, bool allow_negative, int wide_digits) {
  if (gen.chance(20)) {
    const std::string wide = gen.decimal(wide_digits, 12);
    return allow_negative && wide != "0" && gen.chance(50) ? "-" + wide : wide;
  }
  const auto value = static_cast<int>(gen.integer(allow_negative ? -50000 : 0, 50000));
  const int magnitude = value < 0 ? -value : value;
  std::string text = (value < 0 ? "-" : "") + std::to_string(magnitude / 1000);
  if (magnitude % 1000 != 0) {
    std::string fraction = std::to_string(magnitude % 1000);
    text += "." + std::string(3 - fraction.size(), '0') + fraction;
    while (text.back() == '0') text.pop_back();
  }
  return text;
}

// Events with duplicated ids (retries, sometimes with other content), timestamps on and
// outside the period bounds, filtered and unfiltered regions and unknown event names.
std::vector<Json> random_events(Generator& gen, std::size_t count, bool unique_ids) {
  std::vector<Json> events;
  const auto offset = [&gen] { return gen.integer(-86400, kPeriodEnd - kPeriodStart + 86400); };
  const auto pick = [&gen] { return gen.below(100); };
  for (std::size_t i = 0; i < count; ++i) {
    const bool duplicate = !unique_ids && !events.empty() && pick() < 15;
    if (duplicate) {
      Json copy = events[static_cast<std::size_t>(pick()) % events.size()];
      if (pick() < 30) copy["properties"]["bytes"] = random_decimal(gen, false, 18);
      events.push_back(copy);
      continue;
    }
    std::int64_t at = kPeriodStart + offset();
    if (pick() < 5) at = pick() < 50 ? kPeriodStart : kPeriodEnd;
    const int kind = pick();
    Json event{{"id", "evt_" + std::to_string(i)}, {"timestamp", format_instant(Instant{at})}};
    if (kind < 60) {
      event["event_name"] = "api_call";
      event["properties"] = {{"bytes", random_decimal(gen, false, 18)},
                             {"user", "user_" + std::to_string(pick() % 12)},
                             {"region", pick() < 50 ? "eu" : "us"}};
    } else if (kind < 75) {
      event["event_name"] = "seats";
      event["properties"] = {{"count", pick() % 40}};
    } else if (kind < 95) {
      event["event_name"] = "storage";
      event["properties"] = {{"delta", random_decimal(gen, true, 15)}};
    } else {
      event["event_name"] = "page_view";
    }
    events.push_back(std::move(event));
  }
  return events;
}

Json aggregate(const std::vector<Json>& events, const std::vector<Json>& partials, bool keep_event_ids) {
  Json request{{"op", "aggregate"},
               {"period", {{"start", format_instant(Instant{kPeriodStart})}, {"end", format_instant(Instant{kPeriodEnd})}}},
               {"metrics", metrics()},
               {"events", events},
               {"partials", partials},
               {"keep_event_ids", keep_event_ids}};
  const Json response = Json::parse(evaluate(dump_canonical(request)));
  EXPECT_TRUE(response.at("ok").get<bool>()) << response.dump();
  return response.value("result", Json::object());
}

// Cuts events into consecutive chunks of random sizes (some empty).
std::vector<std::vector<Json>> random_chunks(Generator& gen, const std::vector<Json>& events) {
  std::vector<std::vector<Json>> chunks(1);
  for (const Json& event : events) {
    if (gen.below(100) < 12) chunks.emplace_back();
    chunks.back().push_back(event);
  }
  return chunks;
}

// Fisher-Yates with the tests' generator (std::shuffle's order differs between libraries).
void shuffle_partials(Generator& gen, std::vector<Json>& items) {
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[gen.index(i)]);
}

// The number of api_call events in the period, each id counted once: a reference for the
// `calls` count that does not share the core's code.
std::size_t reference_call_count(const std::vector<Json>& events) {
  std::set<std::string> counted;
  for (const Json& event : events) {
    const std::int64_t at = parse_instant(event.at("timestamp").get<std::string>())->seconds;
    if (event.at("event_name") == "api_call" && at >= kPeriodStart && at < kPeriodEnd) {
      counted.insert(event.at("id").get<std::string>());
    }
  }
  return counted.size();
}

TEST(AggregateMerge, FoldingChunksWithThePreviousPartialEqualsAllAtOnce) {
  Generator gen(property_stream("aggregate fold"));
  for (int round = 0; round < property_cases(1000) && !HasFailure(); ++round) {
    SCOPED_TRACE(testing::case_trace(round));
    const std::vector<Json> events = random_events(gen, static_cast<std::size_t>(gen.integer(0, 48)), /*unique_ids=*/false);
    const Json at_once = aggregate(events, {}, true);
    std::vector<Json> partials;
    Json folded;
    for (const std::vector<Json>& chunk : random_chunks(gen, events)) {
      folded = aggregate(chunk, partials, true);
      partials = {folded.at("partial")};
    }
    ASSERT_EQ(dump_canonical(folded), dump_canonical(at_once));
    EXPECT_EQ(at_once.at("aggregates").at(0).at("value"), std::to_string(reference_call_count(events)));
  }
}

TEST(AggregateMerge, MergingIndependentChunksEqualsAllAtOnce) {
  Generator gen(property_stream("aggregate merge"));
  for (int round = 0; round < property_cases(1000) && !HasFailure(); ++round) {
    SCOPED_TRACE(testing::case_trace(round));
    const bool keep_event_ids = round % 2 == 0;
    const std::vector<Json> events = random_events(gen, static_cast<std::size_t>(gen.integer(0, 48)), /*unique_ids=*/true);
    const Json at_once = aggregate(events, {}, keep_event_ids);
    std::vector<Json> partials;
    for (const std::vector<Json>& chunk : random_chunks(gen, events)) {
      partials.push_back(aggregate(chunk, {}, keep_event_ids).at("partial"));
    }
    // Merge in a shuffled order and in two levels: merging is associative and commutative.
    shuffle_partials(gen, partials);
    const std::size_t half = partials.size() / 2;
    const Json left = aggregate({}, {partials.begin(), partials.begin() + static_cast<std::ptrdiff_t>(half)},
                                keep_event_ids);
    const Json right = aggregate({}, {partials.begin() + static_cast<std::ptrdiff_t>(half), partials.end()},
                                 keep_event_ids);
    const Json merged = aggregate({}, {right.at("partial"), left.at("partial")}, keep_event_ids);
    ASSERT_EQ(dump_canonical(merged), dump_canonical(at_once));
  }
}

TEST(AggregateMerge, RandomEventsReallyExerciseEveryMetric) {
  Generator gen(property_stream("aggregate metrics"));
  const Json result = aggregate(random_events(gen, 200, false), {}, true);
  for (const Json& aggregate_json : result.at("aggregates")) {
    EXPECT_GT(aggregate_json.at("event_count").get<int>(), 0) << aggregate_json.dump();
  }
}

}  // namespace
}  // namespace ratecard
