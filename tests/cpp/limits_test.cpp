// Deep and huge requests are refused with LIMIT_EXCEEDED within the documented limits
// (ratecard/limits.hpp, docs/core-api.md "Limits and guarantees"), promptly and without the
// memory the request would otherwise take. Each test prints the time and peak memory growth
// it measured. Memory is the growth of this process's peak resident set (getrusage) while
// evaluate() runs: meaningful because ctest runs every test in a process of its own (when the
// whole binary runs in one process, an earlier peak can hide growth, never invent it).
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "json/request_parser.hpp"
#include "ratecard/evaluate.hpp"
#include "ratecard/limits.hpp"

namespace ratecard {
namespace {

constexpr std::size_t kMiB = std::size_t{1024} * 1024;

std::size_t peak_resident_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::size_t>(usage.ru_maxrss) * 1024;
}

struct Measured {
  Json response;
  double seconds;
  std::size_t peak_growth_bytes;
};

// Evaluates `request` and measures it; `request` is built before, so it is not counted.
Measured evaluate_measured(const std::string& request, const char* what) {
  const std::size_t before = peak_resident_bytes();
  const auto start = std::chrono::steady_clock::now();
  const std::string response = evaluate(request);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  const std::size_t growth = peak_resident_bytes() - before;
  std::printf("[ figures  ] %s: %zu-byte request answered in %.3f s, peak memory growth %.1f MiB\n", what,
              request.size(), elapsed.count(), static_cast<double>(growth) / static_cast<double>(kMiB));
  return {Json::parse(response), elapsed.count(), growth};
}

// A refusal must come promptly: this is a guard against hangs and runaway work, generous
// enough for a loaded machine under ASan (the measured figures are printed; natively they
// are milliseconds), not a speed goal.
constexpr double kPromptSeconds = 60;

void expect_refused(const Measured& measured, const std::string& path, std::size_t max_growth_bytes) {
  EXPECT_EQ(measured.response["ok"], false) << measured.response.dump().substr(0, 300);
  EXPECT_EQ(measured.response["error"]["code"], "LIMIT_EXCEEDED") << measured.response.dump().substr(0, 300);
  EXPECT_EQ(measured.response["error"]["path"], path);
  EXPECT_LT(measured.response["error"]["message"].get<std::string>().size(), 200U) << "a short message";
  EXPECT_LT(measured.seconds, kPromptSeconds);
  EXPECT_LE(measured.peak_growth_bytes, max_growth_bytes);
}

std::string repeated(const std::string& piece, std::size_t count, const std::string& separator = "") {
  std::string text;
  text.reserve((piece.size() + separator.size()) * count);
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) text += separator;
    text += piece;
  }
  return text;
}

std::string price_request_with_tiers(std::size_t count) {
  std::string tiers;
  for (std::size_t i = 1; i < count; ++i) tiers += R"({"up_to":)" + std::to_string(i) + R"(,"unit_amount":"1"},)";
  tiers += R"({"up_to":null,"unit_amount":"1"})";
  return R"({"op":"price","currency":"USD","quantity":"5","price":{"model":"graduated","tiers":[)" + tiers + "]}}";
}

std::string percentage_request_with_events(std::size_t count) {
  return R"({"op":"price","currency":"USD","price":{"model":"percentage","rate":"1"},"events":[)" +
         repeated("1", count, ",") + "]}";
}

std::string batch_of(std::size_t count, const std::string& element) {
  return R"({"op":"batch","requests":[)" + repeated(element, count, ",") + "]}";
}

TEST(Limits, NestingTenThousandLevelsIsRefused) {
  expect_refused(evaluate_measured(repeated("[", 10000) + repeated("]", 10000), "10,000 nested arrays"), "", 16 * kMiB);
  expect_refused(evaluate_measured(repeated(R"({"op":)", 10000) + "1" + repeated("}", 10000), "10,000 nested objects"),
                 "", 16 * kMiB);
}

TEST(Limits, NestingAtTheLimitIsRead) {
  const std::string deepest = R"({"op":"price","currency":"USD","x":)" + repeated("[", kMaxRequestDepth - 1) +
                              repeated("]", kMaxRequestDepth - 1) + "}";
  const Json response = evaluate_measured(deepest, "64 levels").response;
  EXPECT_NE(response["error"]["code"], "LIMIT_EXCEEDED") << response;
}

TEST(Limits, FiftyMegabyteStringIsRefused) {
  const std::string request = R"({"op":"price","currency":")" + std::string(50 * kMiB, 'A') + R"("})";
  expect_refused(evaluate_measured(request, "a 50 MB string"), "", 16 * kMiB);
}

TEST(Limits, RequestOverSixteenMebibytesIsRefusedBeforeReading) {
  // Just over the limit, and not even JSON: the size is checked first.
  expect_refused(evaluate_measured(std::string(kMaxRequestBytes + 1, '['), "16 MiB + 1 byte"), "", 16 * kMiB);
}

TEST(Limits, MillionTiersAreRefused) {
  // 35 MB: refused by its size before a tier is read (so the bounds need not increase).
  const std::string request = R"({"op":"price","currency":"USD","quantity":"5","price":{"model":"graduated","tiers":[)" +
                              repeated(R"({"up_to":"1","unit_amount":"1"})", 1000000, ",") + "]}}";
  expect_refused(evaluate_measured(request, "a million tiers"), "", 16 * kMiB);
}

TEST(Limits, TiersPastTheLimitAreRefusedAtTheTiers) {
  expect_refused(evaluate_measured(price_request_with_tiers(kMaxTiers + 1), "1,001 tiers"), "/price/tiers", 64 * kMiB);
  const Json at_limit = evaluate_measured(price_request_with_tiers(kMaxTiers), "1,000 tiers").response;
  EXPECT_EQ(at_limit["ok"], true) << at_limit.dump().substr(0, 300);
}

TEST(Limits, EventsPastTheLimitAreRefusedAtTheEvents) {
  expect_refused(evaluate_measured(percentage_request_with_events(kMaxPriceEvents + 1), "100,001 events"), "/events",
                 128 * kMiB);
  const Json at_limit = evaluate_measured(percentage_request_with_events(kMaxPriceEvents), "100,000 events").response;
  ASSERT_EQ(at_limit["ok"], true) << at_limit.dump().substr(0, 300);
  EXPECT_EQ(at_limit["result"]["amount"], "1000.00");  // 1 % of 100,000 x 1
}

TEST(Limits, BatchOfAMillionRequestsIsRefused) {
  // A million requests are more JSON values than a request may hold: refused while reading.
  expect_refused(evaluate_measured(batch_of(1000000, R"({"op":"price"})"), "a batch of a million"), "", 384 * kMiB);
}

TEST(Limits, BatchPastTheLimitIsRefusedAtTheRequests) {
  expect_refused(evaluate_measured(batch_of(kMaxBatchRequests + 1, "{}"), "a batch of 10,001"), "/requests",
                 64 * kMiB);
  const Json at_limit = evaluate_measured(batch_of(kMaxBatchRequests, "{}"), "a batch of 10,000").response;
  ASSERT_EQ(at_limit["ok"], true) << at_limit.dump().substr(0, 300);
  EXPECT_EQ(at_limit["result"]["responses"].size(), kMaxBatchRequests);
}

TEST(Limits, MoreJsonValuesThanTheLimitAreRefusedWhileReading) {
  // The cheapest values to write and the dearest to hold: about 5.6 million empty objects in
  // 16 MiB would take more than 400 MB parsed; the limit stops reading at a million.
  const std::size_t count = (kMaxRequestBytes - 2) / 3;
  expect_refused(evaluate_measured("[" + repeated("{}", count, ",") + "]", "5.6 million empty objects"), "",
                 384 * kMiB);
  const Json at_limit = evaluate_measured("[" + repeated("0", kMaxRequestValues - 1, ",") + "]", "a million values").response;
  EXPECT_EQ(at_limit["error"]["code"], "INVALID_TYPE") << "read, then refused for not being an object";
}

TEST(Limits, HugeDecimalsAndKeysGiveShortErrors) {
  const Measured digits = evaluate_measured(
      R"({"op":"price","currency":"USD","price":{"model":"per_unit","unit_amount":"1"},"quantity":")" +
          std::string(15 * kMiB, '7') + R"("})",
      "a 15 MB number");
  EXPECT_EQ(digits.response["error"]["code"], "OVERFLOW");
  EXPECT_EQ(digits.response["error"]["path"], "/quantity");
  EXPECT_LT(digits.response["error"]["message"].get<std::string>().size(), 200U);

  const Measured key = evaluate_measured(R"({"op":"price","currency":"USD","price":{"model":"flat","amount":"1"},")" +
                                             std::string(15 * kMiB, 'k') + R"(":1})",
                                         "a 15 MB field name");
  EXPECT_EQ(key.response["error"]["code"], "UNKNOWN_FIELD");
  EXPECT_LT(key.response["error"]["message"].get<std::string>().size(), 200U);
}

}  // namespace
}  // namespace ratecard
