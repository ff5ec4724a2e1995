#include "entitlements/reset_timeline.hpp"

#include "calendar/billing_periods.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

// The schedule whose periods reset the feature.
BillingSchedule reset_schedule(const Feature& feature, const BillingSchedule& billing) {
  if (feature.reset == ResetInterval::kBillingPeriod) return billing;
  BillingSchedule schedule;
  schedule.start = billing.start;
  schedule.time_zone = billing.time_zone;
  schedule.interval_count = feature.reset_interval_count;
  switch (feature.reset) {
    case ResetInterval::kDay: schedule.interval = BillingInterval::kDay; break;
    case ResetInterval::kWeek: schedule.interval = BillingInterval::kWeek; break;
    case ResetInterval::kMonth: schedule.interval = BillingInterval::kMonth; break;
    case ResetInterval::kYear: schedule.interval = BillingInterval::kYear; break;
    case ResetInterval::kBillingPeriod:
    case ResetInterval::kNever: break;
  }
  schedule.anchor = anchor_at_instant(schedule.time_zone, schedule.start);
  return schedule;
}

}  // namespace

Result<ResetTimeline> reset_timeline(const Feature& feature, const EntitlementInput& input) {
  ResetTimeline timeline;
  if (feature.kind != FeatureKind::kMetered || feature.reset == ResetInterval::kNever || !input.billing) {
    return timeline;
  }
  const BillingSchedule schedule = reset_schedule(feature, *input.billing);
  timeline.start = schedule.start;

  // The periods from the start to the one holding `at`: one query bounded by `at` when they fit
  // in a page, else whole pages (each costs a page of cycles) until they do.
  const Instant after_at{input.at.seconds + 1};
  PeriodQuery query;
  std::int64_t listed = 0;
  while (true) {
    query.until = after_at;
    query.count.reset();
    Result<PeriodList> page = list_billing_periods(schedule, query);
    const bool reaches_at = page.ok();
    if (!page && page.error().code == ErrorCode::kLimitExceeded) {
      query.until.reset();
      query.count = kMaxPeriodsPerRequest;
      page = list_billing_periods(schedule, query);
    }
    if (!page) return Error{page.error().code, page.error().message, "/billing"};
    for (const BillingPeriod& period : page->periods) {
      if (input.at < period.start) return timeline;
      if (listed++ > 0) timeline.resets.push_back(period.start);
      if (input.at < period.end) {
        timeline.next_reset = period.end;
        return timeline;
      }
      query.from = period.end;
    }
    if (reaches_at || page->periods.empty()) return timeline;
    if (listed > kMaxResetPeriods) {
      return Error{ErrorCode::kLimitExceeded,
                   "feature " + quote_for_message(feature.key) + " would replay more than " +
                       std::to_string(kMaxResetPeriods) +
                       " reset periods; start the subscription later or reset less often",
                   "/billing"};
    }
  }
}

}  // namespace ratecard
