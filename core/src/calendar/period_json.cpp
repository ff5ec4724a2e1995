#include "calendar/period_json.hpp"

namespace ratecard {

Json billing_period_json(const BillingPeriod& period, const TimeZone& zone) {
  const LocalDateTime local_start = zone.to_local(period.start);
  const LocalDateTime local_end = zone.to_local(period.end);
  Json json = {
      {"kind", period_kind_name(period.kind)},
      {"start", format_instant(period.start)},
      {"end", format_instant(period.end)},
      {"start_date", format_civil_date(local_start.date)},
      {"end_date", format_civil_date(local_end.date)},
      {"start_local", format_local_date_time(local_start)},
      {"end_local", format_local_date_time(local_end)},
  };
  if (period.kind == PeriodKind::kTrial) return json;
  json["number"] = period.number;
  if (period.kind == PeriodKind::kPartial) {
    json["cycle_start"] = format_instant(period.cycle->start);
    json["cycle_end"] = format_instant(period.cycle->end);
  }
  return json;
}

}  // namespace ratecard
