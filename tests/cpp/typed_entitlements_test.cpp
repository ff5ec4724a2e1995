// The entitlements op reads a top-level request straight from its text
// (entitlements/entitlement_request_text.hpp, through json/plain_json_scanner.hpp or nlohmann's
// SAX parser) and writes its result as text; inside a batch it reads the same request from the
// batch's DOM. Both must answer byte for byte alike, errors included.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "entitlements/entitlement_request_text.hpp"
#include "json/request_parser.hpp"
#include "ratecard/evaluate.hpp"

namespace ratecard {
namespace {

// The answer to `request` (valid JSON) as the one element of a batch: read through a DOM.
std::string answer_inside_a_batch(const std::string& request) {
  const Json response = Json::parse(evaluate(R"({"op":"batch","requests":[)" + request + "]}"));
  return dump_canonical(response.at("result").at("responses").at(0));
}

// Requests the typed reader takes: their answers must be those of the DOM's reading.
const char* const kTakenByTheTypedReader[] = {
    R"({"op":"entitlements","at":"2026-03-10T12:00:00Z","plan":{"features":[{"key":"sso","kind":"boolean"}]}})",
    R"({"at":"2026-03-10T12:00:00Z","op":"entitlements","plan":{"features":[{"key":"api","kind":"metered","included":"10","rollover":{"max":"5"},"reset":"month","priority":3}]},"billing":{"start":"2026-01-31T10:00:00Z","interval":"month","time_zone":"Europe/Berlin","billing_anchor":{"day_of_month":31}},"usage":[{"feature":"api","amount":"4","at":"2026-03-01T00:00:00Z"}],"grants":[{"id":"g","feature":"api","amount":"2","recurring":true,"rollover":null}],"feature":"api","amount":"1"})",
    R"({"op":"entitlements","at":"2026-03-10T12:00:00Z","plan":{"features":[{"key":"seats","kind":"limit","limit":2}]},"add_ons":[{"id":"more","quantity":2,"features":[{"key":"seats","limit":"1.5"}]}],"overrides":[{"key":"seats","overage":"soft"}],"seat_assignments":[{"feature":"seats","assignee":"ann"},{"feature":"seats","assignee":"bob"}],"feature":"seats","assign":"cy"})",
    R"({"op":"entitlements","at":"2026-03-10T12:00:00Z","plan":{"features":[{"key":"caf\u00e9","kind":"boolean","enabled":false}]},"billing":null,"grants":null,"usage":null,"feature":"caf\u00e9","amount":null,"seats":null})",
    R"({"op":"entitlements","at":"2026-03-10T12:00:00Z","plan":{"features":[{"key":"p","kind":"limit","limit":1.5}]}})",
    R"({"op":"entitlements","at":"2026-03-10T12:00:00Z","plan":{"features":[{"key":"p","kind":"limit","limit":1,"unlimited":true}]}})",
    R"({"op":"entitlements","at":"2026-03-10T12:00:00Z","plan":{"features":[{"key":"m","kind":"metered","included":"1"}]},"billing":{"start":"2026-01-01T00:00:00Z","interval":"week","billing_anchor":{"weekday":"friday","time":"25:00:00"}}})",
    R"({"op":"entitlements","at":"2026-03-10T12:00:00Z","plan":{"features":[{"key":"m","kind":"metered","included":"1"}]},"billing":{"start":"2026-01-01T00:00:00Z","interval":"month","billing_anchor":"calendar"},"usage":[{"feature":"m","amount":"2"}]})",
    R"({"op":"entitlements","at":"2026-03-10T12:00:00Z","plan":null})",
    R"({"op":"entitlements","plan":{"features":[]},"feature":"x","seats":0})",
};

// Texts the typed reader leaves to the DOM, which answers them as it always has.
const char* const kLeftToTheDom[] = {
    R"({"op":"price"})",
    R"({"op":"entitlements","at":"2026-03-10T12:00:00Z","plan":{"features":[]},"extra":1})",
    R"({"op":"entitlements","at":"2026-03-10T12:00:00Z","plan":[]})",
    R"({"op":"entitlements","at":"2026-03-10T12:00:00Z","plan":{"features":[]},"grants":"none"})",
    R"({"op":"entitlements","at":"2026-03-10T12:00:00Z","plan":{"features":["sso"]}})",
    R"({"op":"entitlements","at":"2026-03-10T12:00:00Z","plan":{"features":[{"key":"m","kind":"metered","rollover":5}]}})",
    R"({"op":"entitlements","at":["2026-03-10T12:00:00Z"],"plan":{"features":[]}})",
    R"({"op":"entitlements","at":"2026-03-10T12:00:00Z","plan":{"features":[{"key":"m","kind":"metered","included":"1"}]},"billing":{"start":"2026-01-01T00:00:00Z","interval":"week","billing_anchor":{"weekday":"friday","x":1}}})",
};

TEST(TypedEntitlementsRequest, TakesEntitlementsRequestsAndAnswersThemAsTheDomDoes) {
  for (const char* text : kTakenByTheTypedReader) {
    EXPECT_TRUE(read_entitlement_request_text(text).has_value()) << text;
    EXPECT_EQ(evaluate(text), answer_inside_a_batch(text)) << text;
  }
}

TEST(TypedEntitlementsRequest, LeavesEverythingElseToTheDom) {
  for (const char* text : kLeftToTheDom) {
    EXPECT_FALSE(read_entitlement_request_text(text).has_value()) << text;
    EXPECT_EQ(evaluate(text), answer_inside_a_batch(text)) << text;
  }
  for (const char* text : {R"({"op":"entitlements",)", R"({"op":"entitlements"} x)",
                           R"({"op":"entitlements","op":"entitlements"})",
                           R"({"op":"entitlements","plan":{"features":[{"key":"a","key":"b"}]}})"}) {
    EXPECT_FALSE(read_entitlement_request_text(text).has_value()) << text;
  }
}

// Every golden entitlements vector answered inside a batch (the DOM's reading) gives its golden
// response, as vectors_test checks for the typed reading at the top level; most of them are
// taken by the typed reader.
TEST(TypedEntitlementsRequest, EveryEntitlementsVectorAnswersAlikeInsideABatch) {
  std::ifstream file(std::string(RATECARD_VECTORS_DIR) + "/entitlements.json", std::ios::binary);
  std::stringstream content;
  content << file.rdbuf();
  int compared = 0;
  int taken = 0;
  for (const Json& vector : Json::parse(content.str())) {
    if (!vector.contains("request") || !vector["request"].is_object()) continue;
    const std::string request = dump_canonical(vector["request"]);
    EXPECT_EQ(answer_inside_a_batch(request), dump_canonical(vector["response"])) << vector["name"];
    EXPECT_EQ(evaluate(request), dump_canonical(vector["response"])) << vector["name"];
    if (read_entitlement_request_text(request)) ++taken;
    ++compared;
  }
  EXPECT_GT(compared, 100);
  EXPECT_GT(taken, 80);
}

}  // namespace
}  // namespace ratecard
