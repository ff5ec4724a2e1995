// Property tests of the decimal boundary: every malformed decimal string a generator can make
// is refused with INVALID_ARGUMENT and the JSON Pointer of its field, wherever it sits in a
// request; every well-formed one is read exactly and echoed in canonical form.
#include <gtest/gtest.h>

#include "envelope_check.hpp"
#include "json/request_parser.hpp"
#include "property.hpp"
#include "ratecard/decimal.hpp"

namespace ratecard::testing {
namespace {

TEST(DecimalProperties, MalformedDecimalsAreRefusedByTheParser) {
  Generator gen(property_stream("malformed parse"));
  for (int i = 0; i < property_cases(10000) && !::testing::Test::HasFailure(); ++i) {
    const std::string text = gen.malformed_decimal();
    SCOPED_TRACE(case_trace(i, Json(text).dump()));
    const Result<Decimal> parsed = Decimal::parse(text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << parsed.error().message;
  }
}

TEST(DecimalProperties, MalformedDecimalsInAnyFieldAreRefusedWithTheirPath) {
  Generator gen(property_stream("malformed field"));
  int checked = 0;
  for (int i = 0; i < property_cases(4000) && !::testing::Test::HasFailure(); ++i) {
    Json request = gen.price_request();
    const std::vector<std::string> paths = decimal_string_paths(request);
    if (paths.empty()) continue;
    const std::string path = gen.pick(paths);
    request[Json::json_pointer(path)] = gen.malformed_decimal();
    // Half the time inside a batch, where the path is relative to the element.
    const bool batched = gen.chance(50);
    const Json sent = batched ? Json{{"op", "batch"}, {"requests", {request}}} : request;
    SCOPED_TRACE(case_trace(i, sent) + " field " + path);
    const Json response = evaluate_json(sent);
    const Json& answer = batched ? response["result"]["responses"][0] : response;
    ASSERT_EQ(answer["ok"], false) << answer;
    EXPECT_EQ(answer["error"]["code"], "INVALID_ARGUMENT") << answer;
    EXPECT_EQ(answer["error"]["path"], path) << answer;
    ++checked;
  }
  EXPECT_GT(checked, property_cases(4000) / 2);
}

TEST(DecimalProperties, WellFormedDecimalsAreReadExactlyAndEchoedCanonically) {
  Generator gen(property_stream("canonical echo"));
  for (int i = 0; i < property_cases(10000) && !::testing::Test::HasFailure(); ++i) {
    const std::string text = gen.decimal_with_trailing_zeros(24, 12);
    SCOPED_TRACE(case_trace(i, text));
    const Result<Decimal> parsed = Decimal::parse(text);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->to_string(), canonical_decimal(text));
    EXPECT_EQ(Decimal::parse(parsed->to_string())->units(), parsed->units()) << "canonical text reads back the same";
  }
}

TEST(DecimalProperties, QuantitiesAreEchoedCanonically) {
  Generator gen(property_stream("quantity echo"));
  for (int i = 0; i < property_cases(2000) && !::testing::Test::HasFailure(); ++i) {
    const std::string quantity = gen.decimal_with_trailing_zeros(6, 12);
    const bool negative = quantity.front() == '-' && canonical_decimal(quantity) != "0";
    const Json request{{"op", "price"},
                       {"currency", gen.currency()},
                       {"price", {{"model", "per_unit"}, {"unit_amount", gen.decimal(2, 2)}}},
                       {"quantity", quantity}};
    SCOPED_TRACE(case_trace(i, request));
    const Json response = evaluate_json(request);
    if (negative) {
      EXPECT_EQ(response["error"]["code"], "INVALID_ARGUMENT");
      EXPECT_EQ(response["error"]["path"], "/quantity");
    } else {
      ASSERT_EQ(response["ok"], true) << response;
      EXPECT_EQ(response["result"]["quantity"], canonical_decimal(quantity));
      EXPECT_EQ(response["result"]["lines"][0]["quantity"], canonical_decimal(quantity));
    }
  }
}

}  // namespace
}  // namespace ratecard::testing
