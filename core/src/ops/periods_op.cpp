#include "calendar/billing_periods.hpp"
#include "calendar/period_json.hpp"
#include "calendar/schedule_reader.hpp"
#include "ops/ops.hpp"

namespace ratecard {
namespace {

Result<PeriodQuery> read_query(ObjectReader& request, const BillingSchedule& schedule) {
  PeriodQuery query;
  RATECARD_TRY(query.cancel_at, request.optional_instant("cancel_at"));
  if (query.cancel_at && *query.cancel_at <= schedule.start) {
    return Error{ErrorCode::kInvalidArgument, "cancel_at must be after start", request.path_of("cancel_at")};
  }
  RATECARD_TRY(query.from, request.optional_instant("from"));
  RATECARD_TRY(query.count, request.optional_count("count", 1, kMaxPeriodsPerRequest));
  RATECARD_TRY(query.until, request.optional_instant("until"));
  if (query.count && query.until) {
    return Error{ErrorCode::kInvalidArgument, "give \"count\" or \"until\", not both", request.path_of("until")};
  }
  return query;
}

}  // namespace

Result<Json> run_periods(ObjectReader& request) {
  RATECARD_TRY(const BillingSchedule schedule, read_billing_schedule(request));
  RATECARD_TRY(const PeriodQuery query, read_query(request, schedule));
  Result<PeriodList> listed = list_billing_periods(schedule, query);
  if (!listed) {
    Error error = std::move(listed).error();
    if (error.code == ErrorCode::kLimitExceeded) error.path = request.path_of("until");
    return error;
  }
  const PeriodList& list = *listed;
  Json periods = Json::array();
  for (const BillingPeriod& period : list.periods) periods.push_back(billing_period_json(period, schedule.time_zone));
  return Json{{"has_more", list.has_more}, {"periods", std::move(periods)}, {"time_zone", schedule.time_zone.name()}};
}

}  // namespace ratecard
