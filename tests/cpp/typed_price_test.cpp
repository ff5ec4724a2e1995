// The price op reads a top-level request straight from its text (pricing/price_request_text.hpp)
// and writes its result as text (json/canonical_writer.hpp); inside a batch it reads the same
// request from the batch's DOM. Both must answer byte for byte alike, errors included.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "json/canonical_writer.hpp"
#include "json/request_parser.hpp"
#include "pricing/price_request_text.hpp"
#include "ratecard/evaluate.hpp"

namespace ratecard {
namespace {

// The answer to `request` (valid JSON) as the one element of a batch: read through a DOM.
std::string answer_inside_a_batch(const std::string& request) {
  const Json response = Json::parse(evaluate(R"({"op":"batch","requests":[)" + request + "]}"));
  return dump_canonical(response.at("result").at("responses").at(0));
}

std::string written_string(std::string_view text) {
  std::string written;
  CanonicalWriter out(written);
  out.string(text);
  return written;
}

TEST(CanonicalWriter, EscapesStringsAsDumpCanonicalDoes) {
  std::vector<std::string> texts = {"",         "plain",          "a \"quote\" and a \\ backslash",
                                    "DEL \x7f", "caf\xc3\xa9",    "emoji \xf0\x9f\x92\xb6",
                                    "bad \xff", "cut \xe2\x82",   "slash / stays"};
  for (int c = 0; c < 0x20; ++c) texts.push_back(std::string("control ") + static_cast<char>(c) + " end");
  for (const std::string& text : texts) EXPECT_EQ(written_string(text), dump_canonical(Json(text))) << text;
}

TEST(CanonicalWriter, SeparatesMembersAndElementsAndUndoesToAMark) {
  std::string written;
  CanonicalWriter out(written);
  out.begin_object();
  out.key("a");
  out.begin_array();
  out.integer(-1);
  out.unsigned_integer(18446744073709551615U);
  out.begin_object();
  out.end_object();
  out.null();
  out.end_array();
  const std::size_t mark = out.mark();
  out.key("b");
  out.boolean(true);
  out.truncate(mark);
  out.key("c");
  out.dom(Json{{"y", 1}, {"x", "\n"}});
  out.end_object();
  EXPECT_EQ(written, R"({"a":[-1,18446744073709551615,{},null],"c":{"x":"\n","y":1}})");
}

// Price requests the typed reader takes: their answers must be those of the DOM's reading.
const char* const kTakenByTheTypedReader[] = {
    R"({"op":"price","currency":"USD","price":{"model":"flat","amount":"1"}})",
    R"({"currency":"EUR","price":{"unit_amount":"2.5","model":"per_unit"},"quantity":3,"rounding":null,"op":"price"})",
    R"({"op":"price","currency":"USD","price":{"model":"flat","amount":"1"},"quantities":null,"quantity":null,"events":null})",
    R"({"op":"price","currency":"JPY","rounding":"down","price":{"model":"graduated","tiers":[{"up_to":"5","unit_amount":"1.5"},{"up_to":null,"unit_amount":"2","flat_amount":null}]},"quantities":["3",7,0]})",
    R"({"op":"price","currency":"USD","price":{"model":"graduated","tiers":[{"up_to":"5","unit_amount":"1"},{"up_to":null,"unit_amount":"2"}]},"quantities":["3",null]})",
    R"({"op":"price","currency":"USD","price":{"model":"graduated","tiers":[{"up_to":null,"unit_amount":"2"}]},"quantities":[1],"quantity":null})",
    R"({"op":"price","currency":"USD","price":{"model":"stairstep","tiers":[{"up_to":null,"flat_amount":"1","unit_amount":"1"}]},"quantity":1})",
    R"({"op":"price","currency":"USD","price":{"model":"volume","tiers":"all"},"quantity":1})",
    R"({"op":"price","currency":"USD","price":"flat","quantity":1})",
    R"({"op":"price","currency":"USD","price":null,"quantity":1})",
    R"({"op":"price","currency":840,"price":{"model":"flat","amount":"1"}})",
    R"({"op":"price","currency":"USD","price":{"model":"per_unit","unit_amount":"1","amount":"2"},"quantity":true})",
    R"({"op":"price","currency":"USD","price":{"model":"percentage","rate":"2.9","fixed_amount":"0.30","free_units_per_events":1,"per_transaction_min":"0.5"},"events":["10",0,"99.99"]})",
    R"({"op":"price","currency":"USD","price":{"model":"percentage","rate":"1"},"quantities":[1]})",
    R"({"op":"price","currency":"USD","price":{"model":"package","package_size":"10","package_amount":"5","free_units":null},"quantity":"25.5"})",
    R"({"op":"price","currency":"USD","price":{"model":"graduated_percentage","tiers":[{"up_to":"100","rate":"3"},{"up_to":null,"rate":"1","flat_amount":"2"}]},"quantity":"150"})",
    R"({"op":"price","currency":"USD","price":{"model":"per_unit","unit_amount":"999999999999999999999999"},"quantity":"999999999999999999999999"})",
};

// Texts the typed reader leaves to the DOM, which answers them as it always has.
const char* const kLeftToTheDom[] = {
    R"({"op":"invoice"})",
    R"({"currency":"USD"})",
    R"({"op":["price"]})",
    R"({"op":"price","currency":"USD","price":{"model":"flat","amount":"1"},"extra":1})",
    R"({"op":"price","currency":{"code":"USD"},"price":{"model":"flat","amount":"1"}})",
    R"({"op":"price","currency":"USD","price":{"model":"graduated","tiers":[1]},"quantity":1})",
    R"({"op":"price","currency":"USD","price":{"model":"graduated","tiers":[{"up_to":null,"unit_amount":"1","x":{}}]},"quantity":1})",
    R"({"op":"price","currency":"USD","price":{"model":"flat","amount":"1"},"quantities":[[1]]})",
    R"([{"op":"price"}])",
    // Beyond plain JSON (json/plain_json_scanner.hpp): an integer of more than 18 digits, a
    // fraction, an escape.
    R"({"op":"price","currency":"USD","price":{"model":"percentage","rate":"1","free_units_per_events":99999999999999999999},"events":[]})",
    R"({"op":"price","currency":"USD","price":{"model":"per_unit","unit_amount":"1"},"quantity":2.5})",
    R"({"op":"price","currency":"\u0055SD","price":{"model":"flat","amount":"1"}})",
};

TEST(TypedPriceRequest, TakesPriceRequestsAndAnswersThemAsTheDomDoes) {
  for (const char* text : kTakenByTheTypedReader) {
    EXPECT_TRUE(read_price_request_text(text).has_value()) << text;
    EXPECT_EQ(evaluate(text), answer_inside_a_batch(text)) << text;
  }
}

TEST(TypedPriceRequest, LeavesEverythingElseToTheDom) {
  for (const char* text : kLeftToTheDom) {
    EXPECT_FALSE(read_price_request_text(text).has_value()) << text;
    if (Json::parse(text).is_object()) {
      EXPECT_EQ(evaluate(text), answer_inside_a_batch(text)) << text;
    }
  }
  // Malformed, or naming a member twice (which a batch would refuse as a whole).
  for (const char* text : {R"({"op":"price",)", R"({"op":"price","currency":"USD"} x)", "",
                           R"({"op":"price","op":"price"})",
                           R"({"op":"price","currency":"USD","price":{"model":"flat","amount":"1","amount":"2"}})"}) {
    EXPECT_FALSE(read_price_request_text(text).has_value()) << text;
  }
}

// Every golden price vector that is valid JSON, answered inside a batch (the DOM's reading),
// gives its golden response, as vectors_test checks for the typed reading at the top level.
TEST(TypedPriceRequest, EveryPricingVectorAnswersAlikeInsideABatch) {
  std::ifstream file(std::string(RATECARD_VECTORS_DIR) + "/pricing.json", std::ios::binary);
  std::stringstream content;
  content << file.rdbuf();
  int compared = 0;
  for (const Json& vector : Json::parse(content.str())) {
    if (!vector.contains("request") || !vector["request"].is_object() || vector["request"].value("op", "") != "price") {
      continue;
    }
    const std::string request = dump_canonical(vector["request"]);
    EXPECT_EQ(answer_inside_a_batch(request), dump_canonical(vector["response"])) << vector["name"];
    EXPECT_EQ(evaluate(request), dump_canonical(vector["response"])) << vector["name"];
    ++compared;
  }
  EXPECT_GT(compared, 50);
}

}  // namespace
}  // namespace ratecard
