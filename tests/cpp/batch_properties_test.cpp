// Property tests of the boundary itself: for seeded random requests of every kind (valid,
// mutated, malformed, batches), every answer is a well-formed canonical envelope that does
// not depend on the request's formatting, and a batch answers each element exactly as if it
// were sent alone.
#include <gtest/gtest.h>

#include "envelope_check.hpp"
#include "json/request_parser.hpp"
#include "property.hpp"
#include "ratecard/evaluate.hpp"

namespace ratecard::testing {
namespace {

bool is_nested_batch(const Json& element) {
  return element.is_object() && element.contains("op") && element["op"] == "batch";
}

TEST(BoundaryProperties, BatchOfNRequestsEqualsTheNSingleAnswers) {
  Generator gen(property_stream("batch"));
  for (int i = 0; i < property_cases(1500) && !::testing::Test::HasFailure(); ++i) {
    Json requests = Json::array();
    for (std::int64_t n = gen.integer(0, 12); n > 0; --n) requests.push_back(gen.any_request(1));
    const std::string batch = dump_canonical(Json{{"op", "batch"}, {"requests", requests}});
    SCOPED_TRACE(case_trace(i, batch));
    const Json response = Json::parse(evaluate(batch));
    ASSERT_EQ(response["ok"], true) << response;
    const Json& responses = response["result"]["responses"];
    ASSERT_EQ(responses.size(), requests.size());
    for (std::size_t k = 0; k < requests.size(); ++k) {
      if (is_nested_batch(requests[k])) {
        EXPECT_EQ(responses[k]["error"]["code"], "INVALID_ARGUMENT") << "batches do not nest";
        EXPECT_EQ(responses[k]["error"]["path"], "/op");
      } else {
        EXPECT_EQ(dump_canonical(responses[k]), evaluate(dump_canonical(requests[k]))) << "element " << k;
      }
    }
  }
}

TEST(BoundaryProperties, EveryAnswerIsAWellFormedCanonicalEnvelope) {
  Generator gen(property_stream("envelope"));
  for (int i = 0; i < property_cases(5000) && !::testing::Test::HasFailure(); ++i) {
    const std::string request = dump_canonical(gen.any_request());
    SCOPED_TRACE(case_trace(i, request));
    const std::string response = evaluate(request);
    EXPECT_EQ(envelope_defect(request, response), std::nullopt) << response;
    // Canonical means stable: parsing and re-dumping the response gives the same bytes.
    EXPECT_EQ(dump_canonical(Json::parse(response)), response);
    EXPECT_EQ(evaluate(request), response) << "the same request gives the same bytes";
  }
}

TEST(BoundaryProperties, TheAnswerDoesNotDependOnTheRequestsFormatting) {
  Generator gen(property_stream("formatting"));
  for (int i = 0; i < property_cases(2000) && !::testing::Test::HasFailure(); ++i) {
    const Json request = gen.any_request();
    const std::string compact = dump_canonical(request);
    SCOPED_TRACE(case_trace(i, compact));
    const std::string pretty = request.dump(static_cast<int>(gen.integer(0, 4)), gen.chance(50) ? ' ' : '\t');
    EXPECT_EQ(evaluate(" \r\n" + pretty + "\n"), evaluate(compact));
  }
}

}  // namespace
}  // namespace ratecard::testing
