// Property tests of revenue recognition: for seeded random lines, service periods and
// reversals, every line's rounded schedule sums exactly to its amount net of reversals, each
// period of an unreversed line is within one minor unit of its exact share, and the deferred
// balance ends at zero. A few hand-checked schedules and the period limit follow.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "calendar/instant.hpp"
#include "property.hpp"
#include "ratecard/currency.hpp"
#include "ratecard/overflow.hpp"
#include "revenue/recognition.hpp"

namespace ratecard::testing {
namespace {

Decimal cents(std::int64_t value) { return *Decimal::from_rational(Rational(BigInt(value), BigInt(100))); }

std::int64_t day(int year, unsigned month, unsigned day_of_month) {
  return days_from_civil(CivilDate{year, month, day_of_month});
}

// A random request: a few ratable and point-in-time lines between 2023 and 2026, some with
// reversals of part of their amount.
RecognitionInput random_input(Generator& gen, Granularity granularity) {
  RecognitionInput input;
  input.currency = *find_currency("USD");
  input.granularity = granularity;
  const auto start_day = [&] { return gen.integer(day(2023, 1, 1), day(2025, 12, 31)); };
  const auto length = [&] { return gen.integer(1, 800); };
  const auto coin = [&] { return gen.integer(0, 3); };
  const std::int64_t lines = gen.integer(1, 6);
  for (std::int64_t i = 0; i < lines; ++i) {
    RevenueLine line;
    line.id = "line_" + std::to_string(i);
    line.amount = cents(gen.integer(0, 5'000'000));
    line.ratable = coin() != 0;
    line.kind = line.ratable ? "subscription" : "one_off";
    const std::int64_t start = start_day();
    if (line.ratable) {
      line.first_day = start;
      line.end_day = start + length();
    } else {
      line.recognition_day = start;
    }
    line.booked_day = start - coin() * 10;
    input.lines.push_back(line);
    if (coin() == 0 && !line.amount.is_zero()) {
      // Up to 100/101 of the line, never more than all of it.
      const Rational fraction(BigInt(gen.integer(1, 100)), BigInt(101));
      const BigInt reversed_cents = (line.amount.to_rational() * Rational(100) * fraction).floor();
      if (reversed_cents > 0) {
        RevenueReversal reversal;
        reversal.line = input.lines.size() - 1;
        reversal.amount = *Decimal::from_rational(Rational(reversed_cents, BigInt(100)));
        reversal.day = start + length() - 200;
        input.reversals.push_back(reversal);
      }
    }
  }
  return input;
}

void check_schedule(const RecognitionInput& input, const RevenueSchedule& schedule) {
  Decimal expected_total;
  for (std::size_t i = 0; i < input.lines.size(); ++i) {
    const RevenueLine& line = input.lines[i];
    const LineSchedule& recognized = schedule.lines[i];
    Decimal sum;
    for (const PeriodAmount& part : recognized.recognized) sum += part.amount;
    EXPECT_EQ(sum, line.amount - recognized.reversed) << "line " << i;
    expected_total += line.amount - recognized.reversed;

    if (!recognized.reversed.is_zero() || !line.ratable) continue;
    // An unreversed ratable line: each period is within one cent of amount x days / service days.
    const std::int64_t service_days = line.end_day - line.first_day;
    for (const PeriodAmount& part : recognized.recognized) {
      const std::int64_t from = std::max(line.first_day, first_day_of_period(part.period, input.granularity));
      const std::int64_t to = std::min(line.end_day, first_day_of_period(part.period + 1, input.granularity));
      const Rational exact = line.amount.to_rational() * Rational(to - from) / Rational(service_days);
      const Rational error = (part.amount.to_rational() - exact).abs();
      EXPECT_LT(error, unit_at_scale(2)) << "line " << i << " period " << part.period;
    }
  }
  Decimal period_total;
  for (const Decimal& amount : schedule.recognized) period_total += amount;
  EXPECT_EQ(period_total, expected_total);
  ASSERT_FALSE(schedule.deferred.empty());
  EXPECT_TRUE(schedule.deferred.back().is_zero()) << "everything invoiced is recognized in the end";
}

TEST(RecognitionProperty, SchedulesSumToTheLineAmountNetOfReversals) {
  Generator gen(property_stream("recognition"));
  for (int i = 0; i < property_cases(1000) && !::testing::Test::HasFailure(); ++i) {
    SCOPED_TRACE(case_trace(i));
    const Granularity granularity = gen.chance(20) ? Granularity::kDay : Granularity::kMonth;
    const RecognitionInput input = random_input(gen, granularity);
    const ArithmeticScope arithmetic;
    const Result<RevenueSchedule> schedule = recognize_revenue(input);
    ASSERT_TRUE(schedule.ok()) << schedule.error().message;
    EXPECT_EQ(arithmetic.fault(), ArithmeticFault::kNone);
    check_schedule(input, *schedule);
  }
}

// A request of one subscription line of `amount_cents`, served from `first_day` to `end_day`.
RecognitionInput one_subscription(std::int64_t amount_cents, std::int64_t first_day, std::int64_t end_day,
                                  Granularity granularity = Granularity::kMonth) {
  RecognitionInput input;
  input.currency = *find_currency("USD");
  input.granularity = granularity;
  RevenueLine line;
  line.id = "sub";
  line.kind = "subscription";
  line.amount = cents(amount_cents);
  line.ratable = true;
  line.first_day = first_day;
  line.end_day = end_day;
  line.booked_day = first_day;
  input.lines.push_back(line);
  return input;
}

TEST(Recognition, StripeMonthlyExampleSplitsSeventeenAndFourteen) {
  const RecognitionInput input = one_subscription(3100, day(2019, 1, 15), day(2019, 2, 15));
  const Result<RevenueSchedule> schedule = recognize_revenue(input);
  ASSERT_TRUE(schedule.ok());
  ASSERT_EQ(schedule->recognized.size(), 2u);
  EXPECT_EQ(schedule->recognized[0].to_fixed(2), "17.00");
  EXPECT_EQ(schedule->deferred[0].to_fixed(2), "14.00");
  EXPECT_EQ(schedule->recognized[1].to_fixed(2), "14.00");
}

TEST(Recognition, AFullReversalOnTheFirstDayCancelsEveryPeriod) {
  RecognitionInput input = one_subscription(10000, day(2024, 1, 10), day(2024, 4, 10));
  input.reversals.push_back({0, cents(10000), day(2024, 1, 10)});
  const Result<RevenueSchedule> schedule = recognize_revenue(input);
  ASSERT_TRUE(schedule.ok());
  EXPECT_TRUE(schedule->lines[0].recognized.empty()) << "the reversal mirrors the line period by period";
  for (const Decimal& amount : schedule->recognized) EXPECT_TRUE(amount.is_zero());
}

TEST(Recognition, TooManyPeriodsIsLimitExceeded) {
  const RecognitionInput input = one_subscription(100, day(2000, 1, 1), day(2040, 1, 1), Granularity::kDay);
  const Result<RevenueSchedule> schedule = recognize_revenue(input);
  ASSERT_FALSE(schedule.ok());
  EXPECT_EQ(schedule.error().code, ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace ratecard::testing
