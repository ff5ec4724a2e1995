#include "calendar/billing_periods.hpp"

#include <algorithm>
#include <optional>
#include <string>

namespace ratecard {
namespace {

// Collects periods in order and applies the query's stopping rules.
class PeriodCollector {
 public:
  explicit PeriodCollector(const PeriodQuery& query)
      : query_(query), limit_(query.count.value_or(query.until ? kMaxPeriodsPerRequest : 1)) {}

  /// Offers the next period in order; false once the list is complete.
  Result<bool> offer(BillingPeriod period) {
    if (query_.cancel_at && period.start >= *query_.cancel_at) return finish(false);
    if (query_.until && period.start >= *query_.until) return finish(true);
    if (static_cast<std::int64_t>(list_.periods.size()) == limit_) {
      if (query_.until) {
        return Error{ErrorCode::kLimitExceeded,
                     "more than " + std::to_string(kMaxPeriodsPerRequest) +
                         " periods before \"until\"; ask for fewer, or page with \"from\" and \"count\"",
                     ""};
      }
      return finish(true);
    }
    if (query_.cancel_at && period.end > *query_.cancel_at) {
      period.end = *query_.cancel_at;
      if (period.kind != PeriodKind::kTrial) period.kind = PeriodKind::kPartial;
      list_.periods.push_back(std::move(period));
      return finish(false);
    }
    list_.periods.push_back(std::move(period));
    return true;
  }

  PeriodList take() { return std::move(list_); }

 private:
  bool finish(bool has_more) {
    list_.has_more = has_more;
    return false;
  }

  const PeriodQuery& query_;
  std::int64_t limit_;
  PeriodList list_;
};

}  // namespace

std::string_view period_kind_name(PeriodKind kind) noexcept {
  switch (kind) {
    case PeriodKind::kTrial: return "trial";
    case PeriodKind::kFull: return "full";
    case PeriodKind::kPartial: return "partial";
  }
  return "full";
}

Result<PeriodList> list_billing_periods(const BillingSchedule& schedule, const PeriodQuery& query) {
  PeriodCollector collector(query);
  const Instant from = std::max(query.from.value_or(schedule.start), schedule.start);
  const Instant billing_start = schedule.billing_start();
  if (query.cancel_at && from >= *query.cancel_at) return PeriodList{};  // asked after the end

  if (schedule.trial_end && from < *schedule.trial_end) {
    BillingPeriod trial;
    trial.kind = PeriodKind::kTrial;
    trial.start = schedule.start;
    trial.end = *schedule.trial_end;
    RATECARD_TRY(const bool more, collector.offer(std::move(trial)));
    if (!more) return collector.take();
  }

  RATECARD_TRY(const BillingCycle first, billing_cycle_containing(schedule, billing_start));
  std::int64_t k = first.index;
  if (from > billing_start) {
    RATECARD_TRY(const BillingCycle holding_from, billing_cycle_containing(schedule, from));
    k = holding_from.index;
  }
  // Each step lists a period or skips an empty cycle, and two empty cycles never follow
  // each other (a zone skips at most one day at a time), so this bound is never reached
  // before the list is complete.
  std::optional<BillingCycle> previous;  // cycle k - 1, whose end is cycle k's start
  for (std::int64_t step = 0; step < 2 * kMaxPeriodsPerRequest + 4; ++step, ++k) {
    RATECARD_TRY(BillingCycle cycle, previous ? next_billing_cycle(schedule, *previous) : billing_cycle(schedule, k));
    previous = cycle;
    if (cycle.end <= cycle.start) continue;
    BillingPeriod period;
    period.kind = k == first.index && cycle.start != billing_start ? PeriodKind::kPartial : PeriodKind::kFull;
    period.start = k == first.index ? billing_start : cycle.start;
    period.end = cycle.end;
    period.number = k - first.index;
    period.cycle = std::move(cycle);
    RATECARD_TRY(const bool more, collector.offer(std::move(period)));
    if (!more) return collector.take();
  }
  return Error{ErrorCode::kInternal, "billing periods did not advance", ""};
}

}  // namespace ratecard
