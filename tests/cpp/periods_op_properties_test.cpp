// Property tests of op `periods` through the JSON boundary, extending the engine-level
// periods_property_test.cpp: for seeded random schedules (any interval, count, zone, anchor,
// trial) with and without `cancel_at`, the periods (over ten years for one case in ten, a
// shorter horizon for the others), paged 1000 at a time, are contiguous, non-overlapping and
// in order; local dates and times agree with the instants; a cancellation cuts the last period
// and ends the list; and `count` and `until` give exactly a prefix of the full list.
#include <gtest/gtest.h>

#include <algorithm>

#include "envelope_check.hpp"
#include "property.hpp"

namespace ratecard::testing {
namespace {

// Every period that starts within `horizon` seconds of the start, paged with "from" and "count"
// (pages of at most 1000 periods, no longer than the horizon needs: a period is a day or more).
Json periods_within(const Json& base, std::int64_t horizon) {
  const std::int64_t end = seconds_of(base["start"]) + horizon;
  Json periods = Json::array();
  Json request = base;
  request["count"] = std::min<std::int64_t>(1000, horizon / 86400 + 2);
  while (true) {
    const Json response = evaluate_json(request);
    EXPECT_EQ(response["ok"], true) << response.dump().substr(0, 400);
    if (response["ok"] != true) return periods;
    for (const Json& period : response["result"]["periods"]) {
      if (seconds_of(period["start"]) >= end) return periods;
      periods.push_back(period);
    }
    if (response["result"]["has_more"] == false) return periods;
    request["from"] = periods.back()["end"];
  }
}

TEST(PeriodsOpProperties, PeriodsAreContiguousAndEndAtTheCancellation) {
  Generator gen(property_stream("periods op"));
  std::size_t checked = 0;
  for (int i = 0; i < property_cases(1000) && !::testing::Test::HasFailure(); ++i) {
    Json request = gen.schedule();
    request["op"] = "periods";
    const std::int64_t horizon = property_horizon(gen, i, 10);
    const bool cancelled = gen.chance(40);
    if (cancelled) request["cancel_at"] = Generator::instant_plus(request["start"], gen.integer(1, horizon - 1));
    SCOPED_TRACE(case_trace(i, request) + " horizon " + std::to_string(horizon / 86400) + " days");
    const Json periods = periods_within(request, horizon);
    ASSERT_FALSE(periods.empty());
    EXPECT_EQ(periods.front()["start"], request["start"]);
    for (std::size_t k = 0; k < periods.size(); ++k) {
      const Json& period = periods[k];
      ASSERT_LT(seconds_of(period["start"]), seconds_of(period["end"])) << "period " << k << " is empty";
      EXPECT_EQ(period["start_local"].get<std::string>().substr(0, 10), period["start_date"]);
      EXPECT_EQ(period["end_local"].get<std::string>().substr(0, 10), period["end_date"]);
      if (k == 0) continue;
      const Json& previous = periods[k - 1];
      ASSERT_EQ(period["start"], previous["end"]) << "period " << k << " is not contiguous";
      EXPECT_EQ(period["start_local"], previous["end_local"]);
      if (previous["kind"] == "partial") {
        const bool first_billed = k == 1 || periods[k - 2]["kind"] == "trial";
        EXPECT_TRUE(first_billed) << "only the first billed or the cut last period is partial (period " << k - 1 << ")";
      }
      if (period["kind"] != "trial" && previous["kind"] != "trial") {
        EXPECT_GT(period["number"].get<std::int64_t>(), previous["number"].get<std::int64_t>());
      }
      if (previous["kind"] == "trial") {
        EXPECT_NE(period["kind"], "trial") << "one trial period";
        EXPECT_EQ(period["number"], 0);
      }
    }
    if (cancelled) {
      EXPECT_EQ(periods.back()["end"], request["cancel_at"]) << "the cancellation cuts the last period";
    }

    // `count` and `until` give a prefix of the full list.
    const std::size_t prefix = static_cast<std::size_t>(gen.integer(1, static_cast<std::int64_t>(std::min<std::size_t>(periods.size(), 1000))));
    Json counted = request;
    counted["count"] = prefix;
    const Json by_count = evaluate_json(counted);
    ASSERT_EQ(by_count["ok"], true) << by_count;
    EXPECT_EQ(by_count["result"]["periods"], Json(std::vector<Json>(periods.begin(), periods.begin() + static_cast<std::ptrdiff_t>(prefix))));
    Json bounded = request;
    bounded["until"] = periods[prefix - 1]["end"];
    const Json by_until = evaluate_json(bounded);
    ASSERT_EQ(by_until["ok"], true) << by_until;
    EXPECT_EQ(by_until["result"]["periods"], by_count["result"]["periods"]);
    checked += periods.size();
  }
  if (property_cases(1000) >= 1000) {
    EXPECT_GT(checked, 10000U);
  }
}

}  // namespace
}  // namespace ratecard::testing
