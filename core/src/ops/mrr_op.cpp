#include "ops/ops.hpp"
#include "revenue/mrr.hpp"
#include "revenue/mrr_reader.hpp"

namespace ratecard {
namespace {

constexpr MrrMovement kMovements[] = {MrrMovement::kNew, MrrMovement::kExpansion, MrrMovement::kContraction,
                                      MrrMovement::kChurn, MrrMovement::kReactivation};

Json movements_json(const MrrReport& report, int scale) {
  Json movements = Json::object();
  for (MrrMovement kind : kMovements) {
    Decimal amount;
    std::int64_t customers = 0;
    for (const CustomerMrr& customer : report.customers) {
      if (customer.movement != kind) continue;
      amount += customer.current - customer.previous;
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
    customers.push_back({{"customer", customer.customer},
                         {"previous_mrr", customer.previous.to_fixed(scale)},
                         {"current_mrr", customer.current.to_fixed(scale)},
                         {"change", (customer.current - customer.previous).to_fixed(scale)},
                         {"movement", movement_name(customer.movement)}});
  }
  Json subscriptions = Json::array();
  for (const SubscriptionMrr& subscription : report.subscriptions) {
    subscriptions.push_back({{"id", subscription.id},
                             {"customer", subscription.customer},
                             {"previous_mrr", subscription.previous.to_fixed(scale)},
                             {"current_mrr", subscription.current.to_fixed(scale)}});
  }
  Json result = Json::object();
  result["currency"] = input.currency.code;
  result["rounding"] = rounding_mode_name(input.rounding);
  result["previous_mrr"] = report.previous_total.to_fixed(scale);
  result["current_mrr"] = report.current_total.to_fixed(scale);
  result["net_change"] = (report.current_total - report.previous_total).to_fixed(scale);
  result["movements"] = movements_json(report, scale);
  result["customers"] = std::move(customers);
  result["subscriptions"] = std::move(subscriptions);
  return result;
}

}  // namespace ratecard
