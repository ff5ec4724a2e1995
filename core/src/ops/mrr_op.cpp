#include "ops/ops.hpp"
#include "revenue/mrr.hpp"
#include "revenue/mrr_reader.hpp"

namespace ratecard {
namespace {

constexpr MrrMovement kMovements[] = {MrrMovement::kNew, MrrMovement::kExpansion, MrrMovement::kContraction,
                                      MrrMovement::kChurn, MrrMovement::kReactivation};

// The five movements, each {amount, customers}: MRR by each customer's `movement`, or ARR
// by its `arr_movement`.
Json movements_json(const MrrReport& report, int scale, bool arr) {
  Json movements = Json::object();
  for (MrrMovement kind : kMovements) {
    Decimal amount;
    std::int64_t customers = 0;
    for (const CustomerMrr& customer : report.customers) {
      if ((arr ? customer.arr_movement : customer.movement) != kind) continue;
      amount += arr ? customer.current_arr - customer.previous_arr : customer.current - customer.previous;
      ++customers;
    }
    movements[std::string(movement_name(kind))] = {{"amount", amount.to_fixed(scale)}, {"customers", customers}};
  }
  return movements;
}

}  // namespace

Result<Json> run_mrr(ObjectReader& request) {
  RATECARD_TRY(MrrInput input, read_mrr_input(request));
  RATECARD_TRY(MrrReport report, compute_mrr(input));
  const int scale = input.currency.minor_units;

  Json customers = Json::array();
  for (const CustomerMrr& customer : report.customers) {
    Json line{{"customer", customer.customer},
              {"previous_mrr", customer.previous.to_fixed(scale)},
              {"current_mrr", customer.current.to_fixed(scale)},
              {"change", (customer.current - customer.previous).to_fixed(scale)},
              {"movement", movement_name(customer.movement)}};
    if (input.include_arr) {
      line["previous_arr"] = customer.previous_arr.to_fixed(scale);
      line["current_arr"] = customer.current_arr.to_fixed(scale);
      line["arr_change"] = (customer.current_arr - customer.previous_arr).to_fixed(scale);
      line["arr_movement"] = movement_name(customer.arr_movement);
    }
    customers.push_back(std::move(line));
  }
  Json subscriptions = Json::array();
  for (const SubscriptionMrr& subscription : report.subscriptions) {
    Json line{{"id", subscription.id},
              {"customer", subscription.customer},
              {"previous_mrr", subscription.previous.to_fixed(scale)},
              {"current_mrr", subscription.current.to_fixed(scale)}};
    if (input.include_arr) {
      line["previous_arr"] = subscription.previous_arr.to_fixed(scale);
      line["current_arr"] = subscription.current_arr.to_fixed(scale);
    }
    subscriptions.push_back(std::move(line));
  }
  Json result = Json::object();
  result["currency"] = input.currency.code;
  result["rounding"] = rounding_mode_name(input.rounding);
  result["previous_mrr"] = report.previous_total.to_fixed(scale);
  result["current_mrr"] = report.current_total.to_fixed(scale);
  result["net_change"] = (report.current_total - report.previous_total).to_fixed(scale);
  result["movements"] = movements_json(report, scale, false);
  if (input.include_arr) {
    result["previous_arr"] = report.previous_arr_total.to_fixed(scale);
    result["current_arr"] = report.current_arr_total.to_fixed(scale);
    result["net_arr_change"] = (report.current_arr_total - report.previous_arr_total).to_fixed(scale);
    result["arr_movements"] = movements_json(report, scale, true);
  }
  result["customers"] = std::move(customers);
  result["subscriptions"] = std::move(subscriptions);
  return result;
}

}  // namespace ratecard
