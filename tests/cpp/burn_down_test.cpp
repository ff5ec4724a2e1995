// The metered balance engine on hand-made timelines: consumption order, expiry, resets with
// and without rollover, recurring grants.
#include "entitlements/burn_down.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ratecard {
namespace {

Decimal q(const char* text) { return *Decimal::parse(text); }

Instant at(const char* text) { return *parse_instant(text); }

const std::string kPromo = "promo";
const std::string kTopUp = "top_up";

// The plan's monthly allowance of `included`, with an optional rollover cap.
BalanceSource allowance(const char* included, std::optional<Decimal> cap) {
  BalanceSource source;
  source.amount = q(included);
  source.priority = 100;
  source.effective_at = at("2026-01-01T00:00:00Z");
  source.recurring = true;
  source.rollover_cap = cap;
  return source;
}

BurnDownInput monthly(std::vector<BalanceSource> sources, std::vector<Consumption> usage, const char* now) {
  BurnDownInput input;
  input.sources = std::move(sources);
  input.usage = std::move(usage);
  input.at = at(now);
  for (const char* reset : {"2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"}) {
    if (at(reset) <= input.at)
      input.resets.push_back(at(reset));
    else if (!input.next_reset)
      input.next_reset = at(reset);
  }
  return input;
}

TEST(BurnDown, UnusedAllowanceLapsesAtTheResetWithoutRollover) {
  const BurnDownResult result =
      burn_down(monthly({allowance("1000", q("0"))}, {{at("2026-01-10T00:00:00Z"), q("600")}}, "2026-02-05T00:00:00Z"));
  EXPECT_EQ(result.usage, q("0")) << "a new period started on 02-01";
  EXPECT_EQ(result.balance, q("1000")) << "the 400 left in January lapsed";
}

TEST(BurnDown, RolloverCarriesTheUnusedAllowanceUpToTheCap) {
  const BurnDownResult capped = burn_down(
      monthly({allowance("1000", q("300"))}, {{at("2026-01-10T00:00:00Z"), q("600")}}, "2026-02-05T00:00:00Z"));
  EXPECT_EQ(capped.balance, q("1300")) << "400 unused, 300 carried, plus February's 1000";
  const BurnDownResult uncapped = burn_down(
      monthly({allowance("1000", std::nullopt)}, {{at("2026-01-10T00:00:00Z"), q("600")}}, "2026-02-05T00:00:00Z"));
  EXPECT_EQ(uncapped.balance, q("1400"));
}

TEST(BurnDown, RolledOverUnitsCanRollAgainWithinTheCap) {
  // January: 1000 unused -> 300 carried; February: 1300, 100 used -> 1200 left, 300 carried.
  const BurnDownResult result = burn_down(
      monthly({allowance("1000", q("300"))}, {{at("2026-02-10T00:00:00Z"), q("100")}}, "2026-03-05T00:00:00Z"));
  EXPECT_EQ(result.balance, q("1300"));
}

TEST(BurnDown, OneTimeGrantSurvivesResetsUntilItExpires) {
  BalanceSource promo;
  promo.id = &kPromo;
  promo.amount = q("500");
  promo.priority = 100;
  promo.effective_at = at("2026-01-05T00:00:00Z");
  promo.expires_at = at("2026-03-15T00:00:00Z");
  // January: 1200 used, allowance 1000 first (it lapses at the reset, so it counts as
  // expiring on 02-01, before the promo), then 200 of the promo.
  // The result points into its input (each source balance's `source`): keep the input alive.
  const BurnDownInput until_february =
      monthly({allowance("1000", q("0")), promo}, {{at("2026-01-20T00:00:00Z"), q("1200")}}, "2026-02-05T00:00:00Z");
  const BurnDownResult february = burn_down(until_february);
  EXPECT_EQ(february.balance, q("1300")) << "1000 new allowance + 300 promo";
  ASSERT_EQ(february.sources.size(), 2u);
  EXPECT_EQ(february.sources[1].source->id, &kPromo);
  EXPECT_EQ(february.sources[1].balance, q("300"));

  const BurnDownResult april = burn_down(
      monthly({allowance("1000", q("0")), promo}, {{at("2026-01-20T00:00:00Z"), q("1200")}}, "2026-04-02T00:00:00Z"));
  EXPECT_EQ(april.balance, q("1000")) << "the promo expired on 03-15";
}

TEST(BurnDown, RecurringGrantRefillsAndKeepsItsCappedRollover) {
  BalanceSource top_up;
  top_up.id = &kTopUp;
  top_up.amount = q("100");
  top_up.priority = 1;
  top_up.effective_at = at("2026-01-01T00:00:00Z");
  top_up.recurring = true;
  top_up.rollover_cap = q("50");
  // January: 30 used from the top-up (priority 1 first): 70 left, 50 carried, +100 = 150.
  const BurnDownInput input =
      monthly({allowance("1000", q("0")), top_up}, {{at("2026-01-20T00:00:00Z"), q("30")}}, "2026-02-05T00:00:00Z");
  const BurnDownResult result = burn_down(input);  // points into `input`, which outlives it
  ASSERT_EQ(result.sources.size(), 2u);
  EXPECT_EQ(result.sources[0].source->id, &kTopUp);
  EXPECT_EQ(result.sources[0].balance, q("150"));
  EXPECT_EQ(result.balance, q("1150"));
}

TEST(BurnDown, OverageIsPerPeriod) {
  const BurnDownResult january =
      burn_down(monthly({allowance("100", q("0"))}, {{at("2026-01-20T00:00:00Z"), q("130")}}, "2026-01-31T00:00:00Z"));
  EXPECT_EQ(january.overage, q("30"));
  EXPECT_EQ(january.usage, q("130"));
  const BurnDownResult february =
      burn_down(monthly({allowance("100", q("0"))}, {{at("2026-01-20T00:00:00Z"), q("130")}}, "2026-02-01T00:00:00Z"));
  EXPECT_EQ(february.overage, q("0")) << "a reset exactly at `at` has happened";
  EXPECT_EQ(february.balance, q("100"));
}

TEST(BurnDown, GrantExpiringAtAResetDoesNotRollOver) {
  BalanceSource promo;
  promo.id = &kPromo;
  promo.amount = q("500");
  promo.expires_at = at("2026-02-01T00:00:00Z");
  promo.rollover_cap = std::nullopt;
  const BurnDownResult result = burn_down(monthly({promo}, {}, "2026-02-01T00:00:00Z"));
  EXPECT_EQ(result.balance, q("0"));
  EXPECT_TRUE(result.sources.empty());
}

}  // namespace
}  // namespace ratecard
