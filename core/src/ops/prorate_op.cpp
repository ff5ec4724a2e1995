#include <algorithm>

#include "calendar/billing_schedule.hpp"
#include "calendar/proration_factor.hpp"
#include "calendar/schedule_reader.hpp"
#include "json/json_pointer.hpp"
#include "numbers/big_int_text.hpp"
#include "ops/ops.hpp"
#include "proration/proration.hpp"
#include "proration/proration_json.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

Error prorate_refused(const std::string& path, const std::string& message) {
  return Error{ErrorCode::kInvalidArgument, message, path};
}

// A named option; `default_value` when absent.
template <typename T>
Result<T> read_option(ObjectReader& request, std::string_view key, T default_value,
                      std::optional<T> (*parse)(std::string_view), const char* choices) {
  RATECARD_TRY(const auto text, request.optional_string(key));
  if (!text) return default_value;
  const auto parsed = parse(*text);
  if (!parsed) return prorate_refused(request.path_of(key), quote_for_message(*text) + " is not one of " + choices);
  return *parsed;
}

Result<ProrationItem> read_item(const Json& value, const std::string& path) {
  RATECARD_TRY(ObjectReader item, ObjectReader::open(value, path));
  ProrationItem result;
  RATECARD_TRY(result.id, item.string("id"));
  if (result.id.empty()) return prorate_refused(item.path_of("id"), "an item id must not be empty");
  RATECARD_TRY(ObjectReader price, item.object("price"));
  RATECARD_TRY(result.price, read_price(price));
  if (result.price.priced_over_events()) {
    return prorate_refused(item.path_of("price"),
                   "percentage prices are charged on events in arrears and cannot be prorated");
  }
  RATECARD_TRY(const auto quantity, item.optional_quantity("quantity"));
  result.quantity = quantity.value_or(*Decimal::from_integer(1));
  RATECARD_CHECK(item.finish());
  return result;
}

Result<std::vector<ProrationItem>> read_items(ObjectReader& request, std::string_view key) {
  RATECARD_TRY(const Json* array, request.array(key));
  const std::string path = request.path_of(key);
  std::vector<ProrationItem> items;
  for (std::size_t i = 0; i < array->size(); ++i) {
    RATECARD_TRY(ProrationItem item, read_item((*array)[i], pointer_child(path, i)));
    const bool repeated = std::any_of(items.begin(), items.end(), [&](const ProrationItem& seen) {
      return seen.id == item.id;
    });
    if (repeated) return prorate_refused(pointer_child(pointer_child(path, i), "id"), quote_for_message(item.id) + " is listed twice");
    items.push_back(std::move(item));
  }
  return items;
}

Json cycle_json(const BillingCycle& cycle, const BillingSchedule& schedule) {
  return Json{{"start", format_instant(cycle.start)},
              {"end", format_instant(cycle.end)},
              {"start_date", format_civil_date(schedule.time_zone.to_local(cycle.start).date)},
              {"end_date", format_civil_date(schedule.time_zone.to_local(cycle.end).date)}};
}

}  // namespace

Result<Json> run_prorate(ObjectReader& request) {
  RATECARD_TRY(const Currency currency, request.currency("currency"));
  RATECARD_TRY(ObjectReader schedule_reader, request.object("schedule"));
  RATECARD_TRY(const BillingSchedule schedule, read_billing_schedule(schedule_reader));
  RATECARD_CHECK(schedule_reader.finish());
  RATECARD_TRY(const Instant change_at, request.instant("change_at"));
  if (change_at < schedule.start) {
    return prorate_refused(request.path_of("change_at"), "change_at is before the subscription starts");
  }
  RATECARD_TRY(const ProrationConvention convention,
               read_option(request, "convention", ProrationConvention::kSecond, parse_proration_convention,
                           "\"second\", \"day\", \"actual_360\", \"30_360\""));
  RATECARD_TRY(const ProrationBehavior behavior,
               read_option(request, "behavior", ProrationBehavior::kCreateProrations, parse_proration_behavior,
                           "\"create_prorations\", \"none\", \"always_invoice\""));
  RATECARD_TRY(const DowngradeTiming downgrade_timing,
               read_option(request, "downgrade_timing", DowngradeTiming::kImmediately, parse_downgrade_timing,
                           "\"immediately\", \"period_end\""));
  RATECARD_TRY(const std::vector<ProrationItem> old_items, read_items(request, "old_items"));
  RATECARD_TRY(const std::vector<ProrationItem> new_items, read_items(request, "new_items"));
  RATECARD_TRY(const RoundingMode rounding, request.rounding());

  const bool in_trial = schedule.trial_end && change_at < *schedule.trial_end;
  Json result = Json::object();
  Rational factor;
  Instant period_end = schedule.billing_start();
  if (!in_trial) {
    RATECARD_TRY(const BillingCycle cycle, billing_cycle_containing(schedule, change_at));
    factor = remaining_fraction(schedule, cycle, change_at, convention);
    period_end = cycle.end;
    result["cycle"] = cycle_json(cycle, schedule);
  }
  RATECARD_TRY(const Proration proration, prorate_change(old_items, new_items, factor, behavior, downgrade_timing,
                                                         in_trial, currency.minor_units, rounding));
  const Instant effective_at = proration.deferred ? period_end : change_at;

  Json lines = Json::array();
  for (const ProrationLine& line : proration.lines) {
    lines.push_back(proration_line_json(line, currency.minor_units, change_at, period_end));
  }
  result["behavior"] = proration_behavior_name(behavior);
  result["change_at"] = format_instant(change_at);
  result["convention"] = proration_convention_name(convention);
  result["currency"] = currency.code;
  result["direction"] = change_direction_name(proration.direction);
  result["effective_at"] = format_instant(effective_at);
  result["factor"] = Json{{"numerator", to_decimal_text(factor.numerator())},
                          {"denominator", to_decimal_text(factor.denominator())}};
  result["in_trial"] = in_trial;
  result["invoice_now"] = behavior == ProrationBehavior::kAlwaysInvoice && !proration.lines.empty();
  result["lines"] = std::move(lines);
  result["rounding"] = rounding_mode_name(rounding);
  result["total"] = proration.total.to_fixed(currency.minor_units);
  return result;
}

}  // namespace ratecard
