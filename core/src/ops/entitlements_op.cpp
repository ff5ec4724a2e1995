#include "entitlements/access.hpp"
#include "entitlements/entitlement_reader.hpp"
#include "entitlements/feature_reader.hpp"
#include "entitlements/reset_timeline.hpp"
#include "ops/ops.hpp"

namespace ratecard {
namespace {

Json optional_decimal(const std::optional<Decimal>& value) { return value ? Json(value->to_string()) : Json(nullptr); }

Json optional_instant(const std::optional<Instant>& value) {
  return value ? Json(format_instant(*value)) : Json(nullptr);
}

Json status_json(const FeatureStatus& status) {
  Json json = Json::object();
  json["feature"] = status.key;
  json["kind"] = status.kind ? Json(feature_kind_name(*status.kind)) : Json(nullptr);
  json["has_access"] = status.has_access;
  if (status.reason) json["reason"] = denial_reason_name(*status.reason);
  json["limit"] = optional_decimal(status.limit);
  json["usage"] = optional_decimal(status.usage);
  json["balance"] = optional_decimal(status.balance);
  json["overage"] = optional_decimal(status.overage);
  json["next_reset_at"] = optional_instant(status.next_reset_at);
  if (status.kind == FeatureKind::kMetered && status.balance) {
    Json grants = Json::array();
    for (const GrantBalance& grant : status.grants) {
      grants.push_back({{"id", grant.id},
                        {"balance", grant.balance.to_string()},
                        {"expires_at", optional_instant(grant.expires_at)}});
    }
    json["grants"] = std::move(grants);
  }
  if (status.denied_assignees) json["denied_assignees"] = *status.denied_assignees;
  if (status.seat_answer) {
    const SeatAnswer& answer = *status.seat_answer;
    json["seats_available"] = optional_decimal(answer.available);
    if (answer.missing) json["seats_missing"] = answer.missing->to_string();
    if (answer.already_assigned) json["already_assigned"] = *answer.already_assigned;
  }
  return json;
}

Result<FeatureStatus> evaluate(const Feature& feature, const EntitlementInput& input, const AccessCheck* check) {
  RATECARD_TRY(ResetTimeline timeline, reset_timeline(feature, input));
  return evaluate_feature(feature, input, timeline, check);
}

}  // namespace

Result<Json> run_entitlements(ObjectReader& request) {
  RATECARD_TRY(EntitlementInput input, read_entitlement_input(request));
  if (input.check) {
    const AccessCheck& check = *input.check;
    const Feature* feature = find_feature(input, check.feature);
    FeatureStatus status = not_entitled(check.feature);
    if (feature != nullptr) {
      RATECARD_TRY(status, evaluate(*feature, input, &check));
    }
    Json result = status_json(status);
    if (check.amount) result["amount"] = check.amount->to_string();
    if (check.assignee) result["assignee"] = *check.assignee;
    if (check.seats) result["seats"] = *check.seats;
    if (check.assign) result["assign"] = *check.assign;
    return result;
  }
  Json features = Json::array();
  for (const Feature& feature : input.features) {
    RATECARD_TRY(FeatureStatus status, evaluate(feature, input, nullptr));
    features.push_back(status_json(status));
  }
  return Json{{"at", format_instant(input.at)}, {"features", std::move(features)}};
}

}  // namespace ratecard
