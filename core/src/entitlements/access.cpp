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

// Answers "may `seats` more seats be assigned?" or "may `assign` be assigned a seat?": yes when
// enough whole seats are free (assignees already holding one keep it), always under a soft
// limit or without a limit; limit_exceeded otherwise.
void answer_seat_question(const Feature& feature, const Decimal& limit, const std::vector<std::string>* assigned,
                          const AccessCheck& check, FeatureStatus& status) {
  SeatAnswer answer;
  const bool always = feature.unlimited || feature.overage == OveragePolicy::kSoft;
  BigInt free_seats(0);
  if (!feature.unlimited) {
    const BigInt whole = (limit - *status.usage).to_rational().floor();
    if (whole.sign() > 0) free_seats = whole;
    answer.available = *Decimal::from_integer(free_seats);
  }
  bool enough = true;
  if (check.seats) {
    const BigInt wanted(*check.seats);
    const BigInt lacking = feature.unlimited || wanted <= free_seats ? BigInt(0) : BigInt(wanted - free_seats);
    answer.missing = *Decimal::from_integer(lacking);
    enough = lacking.is_zero();
  } else {
    const std::size_t held = seats_held(feature, limit, assigned == nullptr ? 0 : assigned->size());
    const auto found = assigned == nullptr ? std::vector<std::string>::const_iterator{}
                                           : std::find(assigned->begin(), assigned->end(), *check.assign);
    answer.already_assigned = assigned != nullptr && found != assigned->end();
    enough = *answer.already_assigned ? static_cast<std::size_t>(found - assigned->begin()) < held
                                      : feature.unlimited || free_seats.sign() > 0;
  }
  status.has_access = always || enough;
  status.reason.reset();
  if (!status.has_access) status.reason = DenialReason::kLimitExceeded;
  status.seat_answer = std::move(answer);
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
  if (check != nullptr && (check->seats || check->assign)) answer_seat_question(feature, limit, assignees, *check, status);
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
    burn.sources.reserve(1 + input.grants.size());
    burn.sources.push_back(allowance);
    for (const Grant& grant : input.grants) {
      if (grant.feature != feature.key) continue;
      burn.sources.push_back(BalanceSource{&grant.id, grant.amount, grant.priority, grant.effective_at,
                                           grant.expires_at, grant.recurring, grant.rollover_cap, grant.order + 1});
    }
  }
  burn.usage.reserve(input.usage.size());
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
  status.grants.reserve(result.sources.size());
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
