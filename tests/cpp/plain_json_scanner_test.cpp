#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "json/json.hpp"
#include "json/plain_json_scanner.hpp"
#include "ratecard/limits.hpp"

namespace ratecard {
namespace {

// Records every SAX event as one line of text, so that two event streams compare as strings.
class EventLog {
 public:
  bool null() { return add("null"); }
  bool boolean(bool value) { return add(value ? "true" : "false"); }
  bool number_integer(Json::number_integer_t value) { return add("integer " + std::to_string(value)); }
  bool number_unsigned(Json::number_unsigned_t value) { return add("unsigned " + std::to_string(value)); }
  bool number_float(Json::number_float_t value, const Json::string_t& /*text*/) {
    return add("float " + std::to_string(value));
  }
  bool string(Json::string_t& value) { return add("string " + value); }
  bool binary(Json::binary_t& /*value*/) { return add("binary"); }
  bool key(std::string_view name) { return add("key " + std::string(name)); }
  bool start_object(std::size_t /*size*/) { return add("{"); }
  bool end_object() { return add("}"); }
  bool start_array(std::size_t /*size*/) { return add("["); }
  bool end_array() { return add("]"); }
  template <typename Exception>
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/, const Exception& /*error*/) {
    add("error");
    return false;
  }

  std::vector<std::string> events;

 private:
  bool add(std::string event) {
    events.push_back(std::move(event));
    return true;
  }
};

std::vector<std::string> nlohmann_events(const std::string& text) {
  EventLog log;
  EXPECT_TRUE(Json::sax_parse(text, &log, Json::input_format_t::json, true)) << text;
  return log.events;
}

TEST(PlainJsonScanner, GivesNlohmannsEventsForPlainText) {
  const std::vector<std::string> texts = {
      R"({"op":"price","currency":"USD","price":{"model":"flat","amount":"49.00"}})",
      " \t\r\n{ \"a\" : [ 1 , -2 , 0 , -0 , 999999999999999999 , -999999999999999999 ] ,\n\"b\":{}, \"c\":[]} \n",
      "{\"t\":true,\"f\":false,\"n\":null,\"s\":\"\",\"d\":\"\x7f is DEL\"}",
      R"([[[]],{"k":[{"x":"y"}]}])",
      R"(["",{"":""}])",
      R"("just a string")",
      "12",
      std::string(kMaxRequestDepth, '[') + std::string(kMaxRequestDepth, ']'),
  };
  for (const std::string& text : texts) {
    EventLog log;
    ASSERT_EQ(read_plain_json(text, log), PlainJsonRead::kAccepted) << text;
    EXPECT_EQ(log.events, nlohmann_events(text)) << text;
  }
}

// Text beyond the plain subset is left to nlohmann, which takes it.
TEST(PlainJsonScanner, LeavesWhatIsNotPlainToNlohmann) {
  const std::vector<std::string> texts = {
      R"({"a":"escaped \" quote"})",     // an escape
      R"({"a":"caf\u00e9"})",             // a Unicode escape
      "{\"a\":\"caf\xc3\xa9\"}",          // beyond ASCII
      "\xef\xbb\xbf{}",                   // a byte-order mark
      R"({"a":1.5})",                     // a fraction
      R"({"a":1e3})",                     // an exponent
      "-1E-3",                            // an exponent, negative
      R"({"a":1234567890123456789})",     // 19 digits
      std::string(kMaxRequestDepth + 1, '[') + std::string(kMaxRequestDepth + 1, ']'),  // deeper
  };
  for (const std::string& text : texts) {
    EventLog log;
    EXPECT_EQ(read_plain_json(text, log), PlainJsonRead::kNotPlain) << text;
    nlohmann_events(text);  // which accepts it
  }
}

// Malformed text is refused, as nlohmann refuses it.
TEST(PlainJsonScanner, RefusesMalformedText) {
  const std::vector<std::string> texts = {
      "{\"a\":\"tab\there\"}",  // a control character
      R"({"a":01})",            // a leading zero
      R"({"a":-})",             // no digits
      "- 1",                    // a space after the sign
      R"({"a":1,})",            // a trailing comma
      "[1,]",                   // a trailing comma
      R"({"a" 1})",             // no colon
      R"({a:1})",               // a bare key
      "[1 2]",                  // no comma
      R"({"a":tru})",           // a cut literal
      "nulls",                  // a longer literal
      R"({"a":1} x)",           // text after the value
      "{} {}",                  // two values
      R"({"a":1)",              // unclosed
      "",
      "   ",
  };
  for (const std::string& text : texts) {
    EventLog log;
    EXPECT_EQ(read_plain_json(text, log), PlainJsonRead::kRefused) << text;
    EventLog by_nlohmann;
    EXPECT_FALSE(Json::sax_parse(text, &by_nlohmann, Json::input_format_t::json, true)) << text;
  }
}

// A handler that refuses an event stops the scan: refused, and no event after the refused one.
TEST(PlainJsonScanner, StopsWhenTheHandlerRefuses) {
  struct RefusesKeys : EventLog {
    bool key(std::string_view /*name*/) { return false; }
  } log;
  EXPECT_EQ(read_plain_json(R"({"a":1,"b":2})", log), PlainJsonRead::kRefused);
  EXPECT_EQ(log.events, std::vector<std::string>{"{"});
}

}  // namespace
}  // namespace ratecard
