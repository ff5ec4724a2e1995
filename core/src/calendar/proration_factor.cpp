#include "calendar/proration_factor.hpp"

#include <algorithm>

namespace ratecard {
namespace {

Rational fraction(std::int64_t numerator, std::int64_t denominator) {
  return Rational(BigInt(numerator), BigInt(denominator));
}

// 30E/360 days from `start` (whose day is the anchor day it was clamped from) to `date`.
std::int64_t days_30e_360(const CivilDate& start, unsigned start_day, const CivilDate& date) {
  const auto day30 = [](unsigned day) { return static_cast<std::int64_t>(std::min(day, 30u)); };
  return 360 * (std::int64_t{date.year} - start.year) +
         30 * (static_cast<std::int64_t>(date.month) - static_cast<std::int64_t>(start.month)) + day30(date.day) -
         day30(start_day);
}

}  // namespace

std::optional<ProrationConvention> parse_proration_convention(std::string_view name) {
  if (name == "second") return ProrationConvention::kSecond;
  if (name == "day") return ProrationConvention::kDay;
  if (name == "actual_360") return ProrationConvention::kActual360;
  if (name == "30_360") return ProrationConvention::kThirty360;
  return std::nullopt;
}

std::string_view proration_convention_name(ProrationConvention convention) noexcept {
  switch (convention) {
    case ProrationConvention::kSecond: return "second";
    case ProrationConvention::kDay: return "day";
    case ProrationConvention::kActual360: return "actual_360";
    case ProrationConvention::kThirty360: return "30_360";
  }
  return "second";
}

Rational remaining_fraction(const BillingSchedule& schedule, const BillingCycle& cycle, Instant change,
                            ProrationConvention convention) {
  if (convention == ProrationConvention::kSecond) {
    return fraction(cycle.end.seconds - change.seconds, cycle.end.seconds - cycle.start.seconds);
  }
  const std::int64_t start = days_from_civil(cycle.start_date);
  const std::int64_t end = days_from_civil(cycle.end_date);
  const CivilDate change_date = schedule.time_zone.to_local(change).date;
  // A boundary moved forward out of skipped time can put the change's date just outside
  // the cycle's nominal dates; it still belongs to this cycle.
  const std::int64_t changed = std::clamp(days_from_civil(change_date), start, end);
  const bool counts_months =
      schedule.interval == BillingInterval::kMonth || schedule.interval == BillingInterval::kYear;
  if (convention == ProrationConvention::kDay || !counts_months) return fraction(end - changed, end - start);

  const std::int64_t nominal = schedule.interval_count * (schedule.interval == BillingInterval::kMonth ? 30 : 360);
  if (convention == ProrationConvention::kActual360) return fraction(std::min(end - changed, nominal), nominal);
  const std::int64_t elapsed =
      std::clamp<std::int64_t>(days_30e_360(cycle.start_date, cycle.anchor_day, change_date), 0, nominal);
  return fraction(nominal - elapsed, nominal);
}

}  // namespace ratecard
