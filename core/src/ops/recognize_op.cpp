#include "ops/ops.hpp"
#include "revenue/recognition.hpp"
#include "revenue/recognition_reader.hpp"

namespace ratecard {
namespace {

// "2024-01" for a month, "2024-01-15" for a day.
std::string period_label(std::int64_t period, Granularity granularity) {
  const std::string date = format_civil_date(civil_from_days(first_day_of_period(period, granularity)));
  return granularity == Granularity::kMonth ? date.substr(0, 7) : date;
}

Json line_json(const RevenueLine& line, const LineSchedule& schedule, const RecognitionRequest& request) {
  const int scale = request.input.currency.minor_units;
  Json recognized = Json::array();
  for (const PeriodAmount& part : schedule.recognized) {
    recognized.push_back({{"period", period_label(part.period, request.input.granularity)},
                          {"recognized", part.amount.to_fixed(scale)}});
  }
  Json json = {{"id", line.id},
               {"kind", line.kind},
               {"amount", line.amount.to_fixed(scale)},
               {"reversed", schedule.reversed.to_fixed(scale)},
               {"schedule", std::move(recognized)}};
  if (line.bundle) {
    json["bundle"] = *line.bundle;
    json["standalone_price"] = line.standalone_price->to_fixed(scale);
    json["discount"] = (*line.standalone_price - line.amount).to_fixed(scale);
  }
  return json;
}

}  // namespace

Result<Json> run_recognize(ObjectReader& request) {
  RATECARD_TRY(RecognitionRequest read, read_recognition_request(request));
  const RecognitionInput& input = read.input;
  RATECARD_TRY(RevenueSchedule schedule, recognize_revenue(input));
  const int scale = input.currency.minor_units;

  Json periods = Json::array();
  Decimal total;
  for (std::size_t p = 0; p < schedule.recognized.size(); ++p) {
    const std::int64_t period = schedule.first_period + static_cast<std::int64_t>(p);
    periods.push_back(
        {{"period", period_label(period, input.granularity)},
         {"start", format_instant(local_day_start(read.time_zone, first_day_of_period(period, input.granularity)))},
         {"end", format_instant(local_day_start(read.time_zone, first_day_of_period(period + 1, input.granularity)))},
         {"recognized", schedule.recognized[p].to_fixed(scale)},
         {"deferred", schedule.deferred[p].to_fixed(scale)}});
    total += schedule.recognized[p];
  }
  Json lines = Json::array();
  for (std::size_t i = 0; i < input.lines.size(); ++i)
    lines.push_back(line_json(input.lines[i], schedule.lines[i], read));

  return Json{
      {"currency", input.currency.code},    {"granularity", input.granularity == Granularity::kMonth ? "month" : "day"},
      {"time_zone", read.time_zone.name()}, {"total", total.to_fixed(scale)},
      {"periods", std::move(periods)},      {"lines", std::move(lines)}};
}

}  // namespace ratecard
