// The request parser: an object that names a member twice is refused with INVALID_JSON at the
// JSON Pointer of the second one (wherever it is: the root, nested objects, arrays, escaped
// names), and every request it accepts reads exactly as nlohmann's own parser reads it.
#include <gtest/gtest.h>

#include <iterator>
#include <string>
#include <vector>

#include "json/json_pointer.hpp"
#include "json/request_parser.hpp"
#include "property.hpp"
#include "ratecard/evaluate.hpp"

namespace ratecard::testing {
namespace {

// Parses `text` and expects it refused as a duplicate at `path`, with the name in the message.
void expect_duplicate(const std::string& text, const std::string& path, const std::string& name) {
  SCOPED_TRACE(text);
  const Result<Json> parsed = parse_request(text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidJson);
  EXPECT_EQ(parsed.error().path, path);
  EXPECT_NE(parsed.error().message.find("\"" + name + "\""), std::string::npos) << parsed.error().message;
}

TEST(RequestParser, ADuplicateMemberIsRefusedAtItsPath) {
  expect_duplicate(R"({"op":"price","currency":"USD","price":{"model":"flat","amount":"1","amount":"2"}})",
                   "/price/amount", "amount");
  expect_duplicate(R"({"op":"price","op":"price"})", "/op", "op");
  expect_duplicate(R"({"op":"batch","requests":[{"op":"price"},{"op":"x","op":"y"}]})", "/requests/1/op", "op");
  expect_duplicate(R"([[{"x":1}],[{"y":[true],"x":1,"y":2}]])", "/1/0/y", "y");
  expect_duplicate(R"({"a":{"b":[1,{"c":2}]},"d":{"e":1,"e":{"f":3}}})", "/d/e", "e");
  // Names compare after unescaping; the path escapes '~' and '/' (RFC 6901).
  expect_duplicate(R"({"op":"price","\u006fp":"quote"})", "/op", "op");
  expect_duplicate(R"({"a/b":{"m~n":1,"m~n":2}})", "/a~1b/m~0n", "m~n");
  expect_duplicate(R"({"a/b":1,"a/b":2})", "/a~1b", "a/b");
  expect_duplicate(R"({"":1,"":2})", "/", "");
}

TEST(RequestParser, TheSameNameInDifferentObjectsIsFine) {
  const Result<Json> parsed = parse_request(R"({"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}],"c":{"a":3}})");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(*parsed, Json::parse(R"({"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}],"c":{"a":3}})"));
}

TEST(RequestParser, TheBoundaryAnswersADuplicateWithInvalidJson) {
  // Before, the last member won and this priced at 2.00.
  const Json response = Json::parse(evaluate(
      R"({"op":"price","currency":"USD","price":{"model":"flat","amount":"1","amount":"2"}})"));
  EXPECT_EQ(response["ok"], false);
  EXPECT_EQ(response["error"]["code"], "INVALID_JSON");
  EXPECT_EQ(response["error"]["path"], "/price/amount");
}

TEST(RequestParser, ALongDuplicateNameGivesAShortMessage) {
  const std::string name(1'000'000, 'k');
  const Result<Json> parsed = parse_request("{\"" + name + "\":1,\"" + name + "\":2}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidJson);
  EXPECT_EQ(parsed.error().path, "/" + name);
  EXPECT_LT(parsed.error().message.size(), 200U);
}

// Every request the parser accepts is the document nlohmann's parser reads, for seeded random
// requests of every op (valid, mutated, batches), compact or pretty-printed.
TEST(RequestParserProperties, AcceptedRequestsReadAsNlohmannReadsThem) {
  Generator gen(property_stream("parser agrees"));
  for (int i = 0; i < property_cases(2000) && !::testing::Test::HasFailure(); ++i) {
    const Json request = gen.any_request();
    const std::string text = request.dump(gen.chance(50) ? -1 : static_cast<int>(gen.integer(0, 4)));
    SCOPED_TRACE(case_trace(i, text));
    const Result<Json> parsed = parse_request(text);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(*parsed, Json::parse(text));
    EXPECT_EQ(dump_canonical(*parsed), dump_canonical(request));
  }
}

// Writes `value` as JSON text, with the member `name` of the object at `target` written twice
// (the second time with `twin` as its value).
std::string dump_with_twin(const Json& value, const std::string& path, const std::string& target,
                           const std::string& name, const Json& twin) {
  if (value.is_array()) {
    std::string text = "[";
    for (std::size_t k = 0; k < value.size(); ++k) {
      if (k > 0) text += ",";
      text += dump_with_twin(value[k], pointer_child(path, k), target, name, twin);
    }
    return text + "]";
  }
  if (!value.is_object()) return value.dump();
  std::string text = "{";
  for (const auto& member : value.items()) {
    if (text.size() > 1) text += ",";
    text += Json(member.key()).dump() + ":" + dump_with_twin(member.value(), pointer_child(path, member.key()), target, name, twin);
  }
  if (path == target) text += "," + Json(name).dump() + ":" + twin.dump();
  return text + "}";
}

// The JSON Pointers of the objects inside a value that have at least one member.
void collect_objects(const Json& value, const std::string& path, std::vector<std::string>& paths) {
  if (value.is_object() && !value.empty()) paths.push_back(path);
  if (value.is_array()) {
    for (std::size_t k = 0; k < value.size(); ++k) collect_objects(value[k], pointer_child(path, k), paths);
  } else if (value.is_object()) {
    for (const auto& member : value.items()) collect_objects(member.value(), pointer_child(path, member.key()), paths);
  }
}

// Naming any member of any object of a request twice, with any value, is refused at its path.
TEST(RequestParserProperties, ATwinMemberAnywhereIsRefusedAtItsPath) {
  Generator gen(property_stream("twin member"));
  int checked = 0;
  for (int i = 0; i < property_cases(2000) && !::testing::Test::HasFailure(); ++i) {
    const Json request = gen.chance(50) ? gen.vector_request() : gen.price_request();
    std::vector<std::string> objects;
    collect_objects(request, "", objects);
    if (objects.empty()) continue;  // a vector whose request is not an object, or is {}
    const std::string target = gen.pick(objects);
    const Json& object = request[Json::json_pointer(target)];
    const std::string name = std::next(object.begin(), static_cast<std::ptrdiff_t>(gen.index(object.size()))).key();
    const Json twin = gen.chance(50) ? object[name] : gen.json_value(1);
    const std::string text = dump_with_twin(request, "", target, name, twin);
    SCOPED_TRACE(case_trace(i, text));
    const Json response = Json::parse(evaluate(text));
    EXPECT_EQ(response["ok"], false);
    EXPECT_EQ(response["error"]["code"], "INVALID_JSON") << response;
    EXPECT_EQ(response["error"]["path"], pointer_child(target, name)) << response;
    ++checked;
  }
  EXPECT_GT(checked, property_cases(2000) * 9 / 10);
}

}  // namespace
}  // namespace ratecard::testing
