#include "revenue/recognition.hpp"

#include <algorithm>
#include <map>

#include "calendar/instant.hpp"
#include "ratecard/rational.hpp"
#include "ratecard/rounding.hpp"

namespace ratecard {
namespace {

// Exact amounts by period key.
using ExactParts = std::map<std::int64_t, Rational>;

void add_to(ExactParts& parts, std::int64_t period, const Rational& amount) {
  if (!amount.is_zero()) parts[period] += amount;
}

// Spreads `amount` evenly over the service days [first, end), except that the days before
// `catch_up_day` are all recognized on that day (used by reversals; pass `first` for none).
void spread_ratably(ExactParts& parts, const Rational& amount, std::int64_t first, std::int64_t end,
                    std::int64_t catch_up_day, Granularity granularity) {
  const Rational per_day = amount / Rational(end - first);
  const std::int64_t caught_up = std::clamp(catch_up_day, first, end) - first;
  if (caught_up > 0) add_to(parts, period_of_day(catch_up_day, granularity), per_day * Rational(caught_up));
  std::int64_t day = first + caught_up;
  while (day < end) {
    const std::int64_t period = period_of_day(day, granularity);
    const std::int64_t period_end = std::min(end, first_day_of_period(period + 1, granularity));
    add_to(parts, period, per_day * Rational(period_end - day));
    day = period_end;
  }
}

// The exact recognition of a line (sign +1) or of a reversal of it (sign -1, from `day`).
ExactParts exact_recognition(const RevenueLine& line, const Decimal& amount, int sign, std::int64_t reversal_day,
                             Granularity granularity) {
  ExactParts parts;
  const Rational signed_amount = amount.to_rational() * Rational(sign);
  if (line.ratable) {
    spread_ratably(parts, signed_amount, line.first_day, line.end_day, sign < 0 ? reversal_day : line.first_day,
                   granularity);
  } else {
    const std::int64_t day = sign < 0 ? std::max(line.recognition_day, reversal_day) : line.recognition_day;
    add_to(parts, period_of_day(day, granularity), signed_amount);
  }
  return parts;
}

// Rounds exact parts that sum to an amount at the minor unit, by largest remainder on their
// magnitudes, so that a reversal mirrors the line it reverses.
Result<std::vector<PeriodAmount>> round_parts(const ExactParts& parts, int sign, int minor_units) {
  std::vector<Rational> magnitudes;
  magnitudes.reserve(parts.size());
  for (const auto& part : parts) magnitudes.push_back(part.second.abs());
  RATECARD_TRY(Allocation allocation, allocate_largest_remainder(magnitudes, minor_units, RoundingMode::kHalfUp));
  std::vector<PeriodAmount> rounded;
  rounded.reserve(parts.size());
  std::size_t i = 0;
  for (const auto& part : parts) {
    const Decimal& amount = allocation.parts[i++];
    rounded.push_back({part.first, sign < 0 ? -amount : amount});
  }
  return rounded;
}

// The first and last period any line, reversal or booking touches.
struct PeriodRange {
  std::int64_t first = 0;
  std::int64_t last = 0;
  bool empty = true;

  void include(std::int64_t period) {
    first = empty ? period : std::min(first, period);
    last = empty ? period : std::max(last, period);
    empty = false;
  }
};

PeriodRange schedule_range(const RecognitionInput& input) {
  PeriodRange range;
  for (const RevenueLine& line : input.lines) {
    range.include(period_of_day(line.booked_day, input.granularity));
    if (line.ratable) {
      range.include(period_of_day(line.first_day, input.granularity));
      range.include(period_of_day(line.end_day - 1, input.granularity));
    } else {
      range.include(period_of_day(line.recognition_day, input.granularity));
    }
  }
  for (const RevenueReversal& reversal : input.reversals) {
    range.include(period_of_day(reversal.day, input.granularity));
  }
  return range;
}

}  // namespace

std::int64_t period_of_day(std::int64_t day, Granularity granularity) {
  if (granularity == Granularity::kDay) return day;
  const CivilDate date = civil_from_days(day);
  return static_cast<std::int64_t>(date.year) * 12 + static_cast<std::int64_t>(date.month) - 1;
}

std::int64_t first_day_of_period(std::int64_t period, Granularity granularity) {
  if (granularity == Granularity::kDay) return period;
  CivilDate date;
  date.year = static_cast<int>(period / 12);
  date.month = static_cast<unsigned>(period % 12) + 1;
  date.day = 1;
  return days_from_civil(date);
}

Result<RevenueSchedule> recognize_revenue(const RecognitionInput& input) {
  RevenueSchedule schedule;
  schedule.lines.resize(input.lines.size());
  const PeriodRange range = schedule_range(input);
  if (range.empty) return schedule;
  const std::int64_t count = range.last - range.first + 1;
  if (count > kMaxSchedulePeriods) {
    return Error{ErrorCode::kLimitExceeded,
                 "the schedule would have " + std::to_string(count) + " periods; at most " +
                     std::to_string(kMaxSchedulePeriods) + " (use monthly granularity or split the request)",
                 ""};
  }
  schedule.first_period = range.first;
  const auto slot = [&](std::int64_t period) { return static_cast<std::size_t>(period - range.first); };
  schedule.recognized.assign(static_cast<std::size_t>(count), Decimal{});
  std::vector<Decimal> invoiced(static_cast<std::size_t>(count));
  const int minor_units = input.currency.minor_units;

  std::vector<std::map<std::int64_t, Decimal>> net(input.lines.size());
  for (std::size_t i = 0; i < input.lines.size(); ++i) {
    const RevenueLine& line = input.lines[i];
    invoiced[slot(period_of_day(line.booked_day, input.granularity))] += line.amount;
    RATECARD_TRY(std::vector<PeriodAmount> parts,
                 round_parts(exact_recognition(line, line.amount, 1, 0, input.granularity), 1, minor_units));
    for (const PeriodAmount& part : parts) net[i][part.period] += part.amount;
  }
  for (const RevenueReversal& reversal : input.reversals) {
    const RevenueLine& line = input.lines[reversal.line];
    invoiced[slot(period_of_day(reversal.day, input.granularity))] -= reversal.amount;
    schedule.lines[reversal.line].reversed += reversal.amount;
    RATECARD_TRY(
        std::vector<PeriodAmount> parts,
        round_parts(exact_recognition(line, reversal.amount, -1, reversal.day, input.granularity), -1, minor_units));
    for (const PeriodAmount& part : parts) net[reversal.line][part.period] += part.amount;
  }

  for (std::size_t i = 0; i < input.lines.size(); ++i) {
    for (const auto& [period, amount] : net[i]) {
      schedule.recognized[slot(period)] += amount;
      if (!amount.is_zero()) schedule.lines[i].recognized.push_back({period, amount});
    }
  }
  Decimal balance;
  schedule.deferred.reserve(static_cast<std::size_t>(count));
  for (std::size_t p = 0; p < static_cast<std::size_t>(count); ++p) {
    balance += invoiced[p] - schedule.recognized[p];
    schedule.deferred.push_back(balance);
  }
  return schedule;
}

}  // namespace ratecard
