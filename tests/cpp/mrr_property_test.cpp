// Property tests of MRR: for seeded random snapshots in several currencies, the movements add
// up exactly to the change of total MRR, every customer's movement agrees with its change, and
// subscriptions share their customer's rounded MRR exactly.
#include <gtest/gtest.h>

#include <cstdint>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "property.hpp"
#include "ratecard/currency.hpp"
#include "ratecard/overflow.hpp"
#include "revenue/mrr.hpp"

namespace ratecard::testing {
namespace {

Decimal decimal(const char* text) { return *Decimal::parse(text); }

Decimal cents(std::int64_t value) { return *Decimal::from_rational(Rational(BigInt(value), BigInt(100))); }

const MrrInterval kIntervals[] = {MrrInterval::kDay, MrrInterval::kWeek, MrrInterval::kMonth, MrrInterval::kQuarter,
                                  MrrInterval::kYear};
const SubscriptionStatus kStatuses[] = {SubscriptionStatus::kActive, SubscriptionStatus::kActive,
                                        SubscriptionStatus::kPastDue, SubscriptionStatus::kTrialing,
                                        SubscriptionStatus::kCanceled};

std::vector<MrrSubscription> random_snapshot(Generator& gen, const std::string& prefix) {
  std::vector<MrrSubscription> snapshot;
  const std::vector<std::pair<const char*, const char*>> currencies = {
      {"USD", "1"}, {"EUR", "1.0825"}, {"JPY", "0.006607"}};
  const std::int64_t count = gen.integer(0, 12);
  for (std::int64_t i = 0; i < count; ++i) {
    MrrSubscription subscription;
    subscription.id = prefix + std::to_string(i);
    subscription.customer = "cus_" + std::to_string(gen.integer(0, 7));
    const auto& [code, rate] = gen.pick(currencies);
    subscription.currency = *find_currency(code);
    subscription.fx_rate = decimal(rate).to_rational();
    subscription.unit_amount = cents(gen.integer(0, 1'000'000));
    subscription.quantity = cents(100 * gen.integer(1, 20));
    subscription.interval = kIntervals[gen.index(std::size(kIntervals))];
    subscription.interval_count = gen.integer(1, 3);
    subscription.status = kStatuses[gen.index(std::size(kStatuses))];
    if (gen.chance(25)) subscription.discount = MrrDiscount{cents(gen.integer(0, 10000)), {}};
    snapshot.push_back(subscription);
  }
  return snapshot;
}

TEST(MrrProperty, MovementsSumToTheChangeOfMrr) {
  Generator gen(property_stream("mrr movements"));
  for (int i = 0; i < property_cases(1000) && !::testing::Test::HasFailure(); ++i) {
    SCOPED_TRACE(case_trace(i));
    MrrInput input;
    const bool in_yen = gen.chance(33);
    input.currency = *find_currency(in_yen ? "JPY" : "USD");
    input.rounding = gen.chance(50) ? RoundingMode::kHalfEven : RoundingMode::kHalfUp;
    input.previous = random_snapshot(gen, "p");
    input.current = random_snapshot(gen, "c");
    if (in_yen) {
      // Reporting in JPY: the same subscriptions, rates into yen.
      for (auto* snapshot : {&input.previous, &input.current}) {
        for (MrrSubscription& subscription : *snapshot) subscription.fx_rate *= decimal("151.37").to_rational();
      }
    }
    const ArithmeticScope arithmetic;
    const Result<MrrReport> report = compute_mrr(input);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(arithmetic.fault(), ArithmeticFault::kNone);

    std::map<MrrMovement, Decimal> movements;
    for (const CustomerMrr& customer : report->customers) {
      const Decimal change = customer.current - customer.previous;
      movements[customer.movement] += change;
      switch (customer.movement) {
        case MrrMovement::kNew: EXPECT_TRUE(customer.previous.is_zero() && customer.current.sign() > 0); break;
        case MrrMovement::kExpansion: EXPECT_GT(change.sign(), 0); break;
        case MrrMovement::kContraction: EXPECT_LT(change.sign(), 0); break;
        case MrrMovement::kChurn: EXPECT_TRUE(customer.current.is_zero() && customer.previous.sign() > 0); break;
        case MrrMovement::kReactivation: ADD_FAILURE() << "no former customers were given"; break;
        case MrrMovement::kUnchanged: EXPECT_TRUE(change.is_zero()); break;
      }
    }
    Decimal sum;
    for (const auto& entry : movements) sum += entry.second;
    EXPECT_EQ(sum, report->current_total - report->previous_total);

    std::map<std::string, Decimal> previous_shares;
    std::map<std::string, Decimal> current_shares;
    for (const SubscriptionMrr& subscription : report->subscriptions) {
      previous_shares[subscription.customer] += subscription.previous;
      current_shares[subscription.customer] += subscription.current;
    }
    for (const CustomerMrr& customer : report->customers) {
      EXPECT_EQ(previous_shares[customer.customer], customer.previous) << customer.customer;
      EXPECT_EQ(current_shares[customer.customer], customer.current) << customer.customer;
    }
  }
}

TEST(Mrr, NormalizationConventions) {
  MrrSubscription subscription;
  subscription.currency = *find_currency("USD");
  subscription.unit_amount = decimal("1200");
  subscription.quantity = decimal("1");
  subscription.fx_rate = Rational(1);
  subscription.interval = MrrInterval::kYear;
  EXPECT_EQ(subscription_mrr(subscription, false), Rational(100));
  subscription.interval = MrrInterval::kQuarter;
  EXPECT_EQ(subscription_mrr(subscription, false), Rational(400));
  subscription.interval = MrrInterval::kWeek;
  EXPECT_EQ(subscription_mrr(subscription, false), Rational(5200));
  subscription.interval = MrrInterval::kDay;
  EXPECT_EQ(subscription_mrr(subscription, false), Rational(36500));
  subscription.status = SubscriptionStatus::kTrialing;
  EXPECT_TRUE(subscription_mrr(subscription, false).is_zero());
}

TEST(Mrr, FormerCustomersComeBackAsReactivation) {
  EXPECT_EQ(classify_movement(Decimal{}, decimal("5"), true), MrrMovement::kReactivation);
  EXPECT_EQ(classify_movement(Decimal{}, decimal("5"), false), MrrMovement::kNew);
  EXPECT_EQ(classify_movement(decimal("5"), Decimal{}, false), MrrMovement::kChurn);
  EXPECT_EQ(classify_movement(Decimal{}, Decimal{}, true), MrrMovement::kUnchanged);
}

}  // namespace
}  // namespace ratecard::testing
