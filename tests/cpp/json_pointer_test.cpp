#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "json/json_pointer.hpp"

namespace ratecard {
namespace {

TEST(JsonPointer, AMemberIsAppendedAfterASlashWithTildeAndSlashEscaped) {
  EXPECT_EQ(pointer_child("", "price"), "/price");
  EXPECT_EQ(pointer_child("/price", "tiers"), "/price/tiers");
  EXPECT_EQ(pointer_child("/metadata", "a/b~c"), "/metadata/a~1b~0c");
  EXPECT_EQ(pointer_child("/metadata", "~/"), "/metadata/~0~1");
  EXPECT_EQ(pointer_child("/metadata", ""), "/metadata/");
}

TEST(JsonPointer, AnElementIsAppendedAsItsIndex) {
  EXPECT_EQ(pointer_child("/lines", std::size_t{0}), "/lines/0");
  EXPECT_EQ(pointer_child("", std::size_t{42}), "/42");
  EXPECT_EQ(pointer_child("/lines", std::numeric_limits<std::uint64_t>::max()), "/lines/18446744073709551615");
}

TEST(JsonPointer, LongPathsAreWholeBeyondTheStackBuffer) {
  const std::string parent = "/" + std::string(120, 'p');
  const std::string key(70, 'k');
  EXPECT_EQ(pointer_child(parent, key), parent + "/" + key);
  EXPECT_EQ(pointer_child(parent, "x/" + key), parent + "/x~1" + key);
  EXPECT_EQ(pointer_child(parent, std::size_t{7}), parent + "/7");
  // Around the 96-byte buffer: 94 + 1 + 1, then 95 + 1 + 1.
  const std::string near(94, 'n');
  EXPECT_EQ(pointer_child(near, "k"), near + "/k");
  EXPECT_EQ(pointer_child(near + "n", "k"), near + "n/k");
  EXPECT_EQ(pointer_child(near, "~"), near + "/~0");
}

}  // namespace
}  // namespace ratecard
