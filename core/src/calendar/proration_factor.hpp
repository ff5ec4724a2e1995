#pragma once

#include <optional>
#include <string_view>

#include "calendar/billing_schedule.hpp"
#include "ratecard/rational.hpp"

namespace ratecard {

/// How the part of a billing cycle left after a change is measured.
enum class ProrationConvention {
  kSecond,     ///< exact seconds: (end - change) / (end - start), as Stripe does
  kDay,        ///< whole local days in the billing zone; the change's day counts as remaining
  kActual360,  ///< actual remaining local days over 30-day months (360-day years), at most 1
  kThirty360,  ///< 30E/360: days elapsed counted with 30-day months, remaining = nominal - elapsed
};

/// "second", "day", "actual_360" or "30_360".
[[nodiscard]] std::optional<ProrationConvention> parse_proration_convention(std::string_view name);
/// The wire name of a convention.
[[nodiscard]] std::string_view proration_convention_name(ProrationConvention convention) noexcept;

/// The fraction of `cycle` (a whole cycle of `schedule`) that remains after `change`, which
/// lies in [cycle.start, cycle.end): an exact value in [0, 1], 1 when the change is at the
/// cycle's start. With S, C and E the local dates (billing zone) of the cycle start, the
/// change and the cycle end, and N the cycle's nominal length in days (interval_count times
/// 1, 7, 30 or 360 for day, week, month, year):
///   - second:     (end - change) / (end - start), in seconds, so 23- and 25-hour days count
///                 as they are;
///   - day:        (E - C) / (E - S);
///   - actual_360: min(1, (E - C) / N) for monthly and yearly cycles;
///   - 30_360:     (N - D) / N, D being the 30E/360 days from S to C: the months between them
///                 count 30 days, a 31st counts as the 30th, and S keeps the anchor day it was
///                 clamped from (a cycle that starts Feb 28 for an anchor on the 31st starts
///                 on "Feb 30"); clamped to [0, 1].
/// For daily and weekly cycles both 360 conventions equal `day` (no months to count).
[[nodiscard]] Rational remaining_fraction(const BillingSchedule& schedule, const BillingCycle& cycle,
                                          Instant change, ProrationConvention convention);

}  // namespace ratecard
