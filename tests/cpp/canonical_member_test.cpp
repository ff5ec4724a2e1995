#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "json/canonical_member.hpp"
#include "json/request_parser.hpp"

namespace ratecard {
namespace {

// Splicing a member into an object's canonical text gives the canonical text of the object
// with the member.
void expect_splice_equals_dump(const Json& object, const std::string& name, const Json& value) {
  std::string text = dump_canonical(object);
  splice_canonical_member(text, object, name, dump_canonical(value));
  Json whole = object;
  whole[name] = value;
  EXPECT_EQ(text, dump_canonical(whole)) << "adding " << name << " to " << dump_canonical(object);
}

TEST(CanonicalMember, EveryPosition) {
  const Json value = {{"nested", {1, "two", nullptr}}, {"text", "a \"quoted\", {braced} text"}};
  expect_splice_equals_dump(Json::object(), "only", value);
  expect_splice_equals_dump({{"b", 1}, {"c", 2}}, "a", value);
  expect_splice_equals_dump({{"a", 1}, {"c", 2}}, "b", value);
  expect_splice_equals_dump({{"a", 1}, {"b", 2}}, "c", value);
  expect_splice_equals_dump({{"a", "x"}}, "z", "hash");
}

// "invoice" sorts before "invoice_request" (a prefix sorts first); keys compare bytewise, so
// non-ASCII keys sort after every ASCII key; escaped keys are measured as written.
TEST(CanonicalMember, KeysSortBytewise) {
  const Json object = {{"billing_starts_at", "2026-01-01T00:00:00Z"}, {"invoice_request", {{"op", "invoice"}}}};
  expect_splice_equals_dump(object, "invoice", {{"content_hash", "00"}});
  expect_splice_equals_dump({{"\xc3\xa9t\xc3\xa9", 1}, {"zebra", 2}}, "\xc3\xa9", 3);
  expect_splice_equals_dump({{"quote\"d", 1}, {"tab\tkey", 2}}, "s", "\u00e9");
}

// Random objects of keys that share prefixes, with nested values, and a random new key.
TEST(CanonicalMember, RandomObjects) {
  std::mt19937_64 random(14);
  const std::vector<std::string> parts = {"a", "b", "_", "content", "hash", "\xc3\xa9", "\"", "Z"};
  const auto random_key = [&] {
    std::string key;
    const std::size_t length = random() % 4U;
    for (std::size_t i = 0; i < length; ++i) key += parts[random() % parts.size()];
    return key;
  };
  for (int round = 0; round < 2000; ++round) {
    Json object = Json::object();
    const std::size_t members = random() % 6U;
    for (std::size_t i = 0; i < members; ++i) {
      object[random_key()] = random() % 2U == 0 ? Json(random_key()) : Json{{random_key(), {1, 2}}, {"x", nullptr}};
    }
    std::string name = random_key();
    while (object.contains(name)) name += "+";
    expect_splice_equals_dump(object, name, Json::array({random_key(), static_cast<std::uint64_t>(random() % 1000U)}));
  }
}

}  // namespace
}  // namespace ratecard
