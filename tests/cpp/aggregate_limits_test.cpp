// The documented size limits of the aggregate op: one past each limit is LIMIT_EXCEEDED
// with the path of the offending array, and the limit itself is accepted.
#include <gtest/gtest.h>

#include <string>

#include "json/json.hpp"
#include "ratecard/evaluate.hpp"

namespace ratecard {
namespace {

const char* const kPeriod = R"("period":{"start":"2026-01-01T00:00:00Z","end":"2026-02-01T00:00:00Z"})";

std::string metrics_json(std::size_t count) {
  std::string text = "[";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) text += ',';
    text += R"({"code":"m)" + std::to_string(i) + R"(","event_name":"e","aggregation":"count"})";
  }
  return text + "]";
}

std::string events_json(std::size_t count) {
  std::string text = "[";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) text += ',';
    text += R"({"id":"e)" + std::to_string(i) + R"(","event_name":"e","timestamp":"2026-01-02T00:00:00Z"})";
  }
  return text + "]";
}

Json run(const std::string& metrics, const std::string& events) {
  return Json::parse(evaluate(std::string(R"({"op":"aggregate",)") + kPeriod + R"(,"metrics":)" + metrics +
                              R"(,"events":)" + events + "}"));
}

TEST(AggregateLimits, AHundredMetricsAreAcceptedAndOneMoreIsNot) {
  EXPECT_TRUE(run(metrics_json(100), "[]").at("ok").get<bool>());
  const Json refused = run(metrics_json(101), "[]");
  EXPECT_EQ(refused.at("error").at("code"), "LIMIT_EXCEEDED");
  EXPECT_EQ(refused.at("error").at("path"), "/metrics");
}

TEST(AggregateLimits, AHundredThousandEventsAreAcceptedAndOneMoreIsNot) {
  const Json accepted = run(metrics_json(1), events_json(100000));
  ASSERT_TRUE(accepted.at("ok").get<bool>());
  EXPECT_EQ(accepted.at("result").at("aggregates").at(0).at("value"), "100000");
  const Json refused = run(metrics_json(1), events_json(100001));
  EXPECT_EQ(refused.at("error").at("code"), "LIMIT_EXCEEDED");
  EXPECT_EQ(refused.at("error").at("path"), "/events");
}

std::string event_with_id(std::size_t id_bytes) {
  return R"([{"id":")" + std::string(id_bytes, 'x') + R"(","event_name":"e","timestamp":"2026-01-02T00:00:00Z"}])";
}

TEST(AggregateLimits, IdentifiersAreAtMost255Bytes) {
  EXPECT_TRUE(run(metrics_json(1), event_with_id(255)).at("ok").get<bool>());
  const Json refused = run(metrics_json(1), event_with_id(256));
  EXPECT_EQ(refused.at("error").at("code"), "INVALID_ARGUMENT");
  EXPECT_EQ(refused.at("error").at("path"), "/events/0/id");
}

}  // namespace
}  // namespace ratecard
