#include "entitlements/access.hpp"

#include <algorithm>

#include "entitlements/burn_down.hpp"

namespace ratecard {
namespace {

bool grant_active(const Grant& grant, Instant at) {
  if (grant.effective_at && *grant.effective_at > at) return false;
  return !grant.expires_at || at < *grant.expires_at;
}

Decimal positive_part(const Decimal& value) { return value.sign() > 0 ? value : Decimal{}; }

FeatureStatus evaluate_boolean(const Feature& feature, const EntitlementInput& input) {
  FeatureStatus status;
  status.has_access = feature.enabled;
  for (const Grant& grant : input.grants) {
    if (grant.feature == feature.key && grant_active(grant, input.at)) status.has_access = true;
  }
  if (!status.has_access) status.reason = DenialReason::kDisabled;
  return status;
}

// How many assignees, in assignment order, hold a seat: all of them unless the limit is hard,
// then the whole seats within the limit.
std::size_t seats_held(const Feature& feature, const Decimal& limit, std::size_t assigned) {
  if (feature.unlimited || feature.overage == OveragePolicy::kSoft) return assigned;
  const BigInt whole_seats = limit.to_rational().floor();
  return whole_seats < BigInt(assigned) ? static_cast<std::size_t>(whole_seats) : assigned;
}

// Lists the assignees denied a seat and, when the check names an assignee, answers for them
// alone: access when they hold a seat, not_assigned or limit_exceeded otherwise.
// A feature without assignments has no seat list (and an assignee asked about holds none).
void answer_seats(const Feature& feature, const Decimal& limit, const std::vector<std::string>* assigned,
                  const AccessCheck* check, FeatureStatus& status) {
  static const std::vector<std::string> kNobody;
  const std::vector<std::string>& assignees = assigned == nullptr ? kNobody : *assigned;
  const std::size_t held = seats_held(feature, limit, assignees.size());
  if (assigned != nullptr) {
    status.denied_assignees =
        std::vector<std::string>(assignees.begin() + static_cast<std::ptrdiff_t>(held), assignees.end());
  }
  if (check == nullptr || !check->assignee) return;
  const auto found = std::find(assignees.begin(), assignees.end(), *check->assignee);
  status.has_access = found != assignees.end() && static_cast<std::size_t>(found - assignees.begin()) < held;
  status.reason.reset();
  if (found == assignees.end()) {
    status.reason = DenialReason::kNotAssigned;
  } else if (!status.has_access) {
    status.reason = DenialReason::kLimitExceeded;
  }
}

FeatureStatus evaluate_limit(const Feature& feature, const EntitlementInput& input, const AccessCheck* check) {
  FeatureStatus status;
  Decimal limit = feature.amount;
  for (const Grant& grant : input.grants) {
    if (grant.feature == feature.key && grant_active(grant, input.at)) limit += grant.amount;
  }
  Decimal usage;
  const auto seats = input.seat_assignments.find(feature.key);
  const std::vector<std::string>* assignees = seats == input.seat_assignments.end() ? nullptr : &seats->second;
  if (assignees != nullptr) {
    usage = *Decimal::from_integer(BigInt(assignees->size()));
  } else {
    for (const UsageRecord& record : input.usage) {
      if (record.feature == feature.key) usage = record.amount;
    }
  }
  status.usage = usage;
  if (feature.unlimited) {
    status.has_access = true;
    status.overage = Decimal{};
  } else {
    status.limit = limit;
    status.balance = positive_part(limit - usage);
    status.overage = positive_part(usage - limit);
    const Decimal wanted = usage + (check != nullptr && check->amount ? *check->amount : Decimal{});
    status.has_access = feature.overage == OveragePolicy::kSoft || wanted <= limit;
    if (!status.has_access) status.reason = DenialReason::kLimitExceeded;
  }

  answer_seats(feature, limit, assignees, check, status);
  return status;
}

FeatureStatus evaluate_metered(const Feature& feature, const EntitlementInput& input, const ResetTimeline& timeline,
                               const AccessCheck* check) {
  BurnDownInput burn;
  burn.at = input.at;
  burn.resets = timeline.resets;
  burn.next_reset = timeline.next_reset;
  if (!feature.unlimited) {
    BalanceSource allowance;
    allowance.amount = feature.amount;
    allowance.priority = feature.priority;
    allowance.effective_at = timeline.start;
    allowance.recurring = feature.reset != ResetInterval::kNever;
    allowance.rollover_cap = feature.rollover_cap;
    allowance.order = 0;
    burn.sources.push_back(allowance);
    for (const Grant& grant : input.grants) {
      if (grant.feature != feature.key) continue;
      burn.sources.push_back(BalanceSource{&grant.id, grant.amount, grant.priority, grant.effective_at,
                                           grant.expires_at, grant.recurring, grant.rollover_cap, grant.order + 1});
    }
  }
  for (const UsageRecord& record : input.usage) {
    if (record.feature == feature.key) burn.usage.push_back({*record.at, record.amount});
  }
  std::stable_sort(burn.usage.begin(), burn.usage.end(),
                   [](const Consumption& a, const Consumption& b) { return a.at < b.at; });
  const BurnDownResult result = burn_down(burn);

  FeatureStatus status;
  status.usage = result.usage;
  status.next_reset_at = timeline.next_reset;
  if (feature.unlimited) {
    status.has_access = true;
    status.overage = Decimal{};
    return status;
  }
  status.balance = result.balance;
  status.overage = result.overage;
  status.limit = result.usage - result.overage + result.balance;
  for (const SourceBalance& source : result.sources) {
    if (source.source->id != nullptr) {
      status.grants.push_back({*source.source->id, source.balance, source.source->expires_at});
    }
  }
  const bool enough = check != nullptr && check->amount ? *check->amount <= result.balance : result.balance.sign() > 0;
  status.has_access = feature.overage == OveragePolicy::kSoft || enough;
  if (!status.has_access) status.reason = DenialReason::kInsufficientBalance;
  return status;
}

}  // namespace

std::string_view denial_reason_name(DenialReason reason) noexcept {
  switch (reason) {
    case DenialReason::kNotEntitled: return "not_entitled";
    case DenialReason::kDisabled: return "disabled";
    case DenialReason::kLimitExceeded: return "limit_exceeded";
    case DenialReason::kInsufficientBalance: return "insufficient_balance";
    case DenialReason::kNotAssigned: return "not_assigned";
  }
  return "not_entitled";
}

FeatureStatus evaluate_feature(const Feature& feature, const EntitlementInput& input, const ResetTimeline& timeline,
                               const AccessCheck* check) {
  FeatureStatus status;
  switch (feature.kind) {
    case FeatureKind::kBoolean: status = evaluate_boolean(feature, input); break;
    case FeatureKind::kLimit: status = evaluate_limit(feature, input, check); break;
    case FeatureKind::kMetered: status = evaluate_metered(feature, input, timeline, check); break;
  }
  status.key = feature.key;
  status.kind = feature.kind;
  return status;
}

FeatureStatus not_entitled(std::string key) {
  FeatureStatus status;
  status.key = std::move(key);
  status.reason = DenialReason::kNotEntitled;
  return status;
}

}  // namespace ratecard
