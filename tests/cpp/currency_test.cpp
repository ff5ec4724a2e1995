#include <gtest/gtest.h>

#include <set>
#include <string>

#include "ratecard/currency.hpp"

namespace ratecard {
namespace {

TEST(Currency, MinorUnitsFollowIso4217) {
  const std::pair<const char*, int> expected[] = {
      {"USD", 2}, {"EUR", 2}, {"JPY", 0}, {"KRW", 0}, {"VND", 0}, {"CLP", 0}, {"ISK", 0}, {"BHD", 3},
      {"KWD", 3}, {"JOD", 3}, {"OMR", 3}, {"TND", 3}, {"IQD", 3}, {"LYD", 3}, {"CLF", 4}, {"UYW", 4}};
  for (const auto& [code, minor_units] : expected) {
    const auto currency = find_currency(code);
    ASSERT_TRUE(currency.has_value()) << code;
    EXPECT_EQ(currency->minor_units, minor_units) << code;
  }
}

TEST(Currency, UnknownAndWithdrawnCodesAreNotFound) {
  for (const char* code : {"usd", "XXX", "XAU", "HRK", "ZWL", "SLL", "", "USDX"}) {
    EXPECT_FALSE(find_currency(code).has_value()) << code;
  }
}

TEST(Currency, TableIsSortedUniqueAndWellFormed) {
  std::set<std::string> seen;
  std::string previous;
  for (const Currency& currency : all_currencies()) {
    const std::string code(currency.code);
    EXPECT_EQ(code.size(), 3U);
    EXPECT_LT(previous, code);
    EXPECT_TRUE(seen.insert(code).second);
    EXPECT_GE(currency.minor_units, 0);
    EXPECT_LE(currency.minor_units, 4);
    previous = code;
  }
  EXPECT_GT(seen.size(), 150U);
}

}  // namespace
}  // namespace ratecard
