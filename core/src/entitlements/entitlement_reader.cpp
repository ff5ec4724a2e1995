#include "entitlements/entitlement_reader.hpp"

#include <algorithm>
#include <set>

#include "calendar/schedule_reader.hpp"
#include "entitlements/feature_reader.hpp"
#include "entitlements/request_containers.hpp"
#include "json/identifier_reader.hpp"
#include "json/json_pointer.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

bool resets(const Feature& feature) {
  return feature.kind == FeatureKind::kMetered && feature.reset != ResetInterval::kNever;
}

// The feature an entry names; INVALID_ARGUMENT at the entry's `feature` when none is defined.
template <typename Reader>
Result<const Feature*> read_feature_reference(Reader& object, const EntitlementInput& input) {
  RATECARD_TRY(std::string key, read_identifier(object, "feature"));
  const Feature* feature = find_feature(input, key);
  if (feature == nullptr) {
    return Error{ErrorCode::kInvalidArgument, "no plan feature, override or add-on defines " + quote_for_message(key),
                 object.path_of("feature")};
  }
  return feature;
}

template <typename Reader>
Error not_for_kind(const Reader& object, std::string_view field, const Feature& feature, std::string_view why) {
  return Error{ErrorCode::kInvalidArgument,
               quote_for_message(feature.key) + " is a " + std::string(feature_kind_name(feature.kind)) +
                   " feature: " + std::string(why),
               object.path_of(field)};
}

template <typename Reader>
Result<Grant> read_grant(Reader& object, const EntitlementInput& input, std::size_t order) {
  Grant grant;
  grant.order = order;
  RATECARD_TRY(grant.id, read_identifier(object, "id"));
  RATECARD_TRY(const Feature* feature, read_feature_reference(object, input));
  grant.feature = feature->key;
  if (feature->kind == FeatureKind::kBoolean) {
    if (object.has("amount")) return not_for_kind(object, "amount", *feature, "a grant turns it on and has no amount");
  } else {
    RATECARD_TRY(grant.amount, object.quantity("amount", Sign::kPositive));
  }
  RATECARD_TRY(std::optional<std::int64_t> priority, object.optional_count("priority", 0, kMaxGrantPriority));
  grant.priority = priority.value_or(kDefaultGrantPriority);
  RATECARD_TRY(grant.effective_at, object.optional_instant("effective_at"));
  RATECARD_TRY(grant.expires_at, object.optional_instant("expires_at"));
  if (grant.effective_at && grant.expires_at && *grant.expires_at <= *grant.effective_at) {
    return Error{ErrorCode::kInvalidArgument, "a grant must expire after it becomes effective",
                 object.path_of("expires_at")};
  }
  RATECARD_TRY(std::optional<bool> recurring, object.optional_bool("recurring"));
  grant.recurring = recurring.value_or(false);
  if (grant.recurring && !resets(*feature)) {
    return not_for_kind(object, "recurring", *feature, "only grants of a metered feature that resets can recur");
  }
  // A recurring grant's unused balance lapses at a reset unless `rollover` says otherwise; a
  // one-time grant keeps it until it expires.
  if (grant.recurring) grant.rollover_cap = Decimal{};
  if (object.has("rollover")) {
    if (!resets(*feature)) {
      return not_for_kind(object, "rollover", *feature, "rollover applies at resets of a metered feature that resets");
    }
    RATECARD_TRY(auto rollover, object_member<&RawGrant::rollover>(object, "rollover"));
    RATECARD_TRY(grant.rollover_cap, rollover.optional_quantity("max"));
    RATECARD_CHECK(rollover.finish());
  } else {
    object.mark_read("rollover");  // an explicit null reads as absent
  }
  RATECARD_CHECK(object.finish());
  return grant;
}

template <typename Reader>
Status read_grants(Reader& request, EntitlementInput& input) {
  if (request.find("grants") == nullptr) return ok_status();
  RATECARD_TRY(const auto* list, array_member<&RawEntitlementRequest::grants>(request, "grants"));
  const std::string list_path = request.path_of("grants");
  input.grants.reserve(list->size());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list->size(); ++i) {
    RATECARD_TRY(auto object, open_element((*list)[i], pointer_child(list_path, i)));
    RATECARD_TRY(Grant grant, read_grant(object, input, i));
    if (!ids.insert(grant.id).second) {
      return Error{ErrorCode::kInvalidArgument, "grant " + quote_for_message(grant.id) + " is listed twice",
                   object.path_of("id")};
    }
    input.grants.push_back(std::move(grant));
  }
  return ok_status();
}

template <typename Reader>
Status read_seat_assignments(Reader& request, EntitlementInput& input) {
  if (request.find("seat_assignments") == nullptr) return ok_status();
  RATECARD_TRY(const auto* list,
               array_member<&RawEntitlementRequest::seat_assignments>(request, "seat_assignments"));
  const std::string list_path = request.path_of("seat_assignments");
  for (std::size_t i = 0; i < list->size(); ++i) {
    RATECARD_TRY(auto object, open_element((*list)[i], pointer_child(list_path, i)));
    RATECARD_TRY(const Feature* feature, read_feature_reference(object, input));
    if (feature->kind != FeatureKind::kLimit) {
      return not_for_kind(object, "feature", *feature, "only limit features have seats");
    }
    RATECARD_TRY(std::string assignee, read_identifier(object, "assignee"));
    std::vector<std::string>& assignees = input.seat_assignments[feature->key];
    if (std::find(assignees.begin(), assignees.end(), assignee) != assignees.end()) {
      return Error{ErrorCode::kInvalidArgument,
                   quote_for_message(assignee) + " already holds a seat of " + quote_for_message(feature->key),
                   object.path_of("assignee")};
    }
    assignees.push_back(std::move(assignee));
    RATECARD_CHECK(object.finish());
  }
  return ok_status();
}

// A limit feature's usage is its current level: one entry, no time. A metered feature's usage
// is a list of consumptions, each at an instant no later than `at` (and, for a feature that
// resets, no earlier than the start of the subscription, where its periods begin).
template <typename Reader>
Status check_usage_time(Reader& object, const Feature& feature, const UsageRecord& record,
                        const EntitlementInput& input, std::set<std::string>& levels) {
  if (feature.kind == FeatureKind::kLimit) {
    if (record.at) {
      return not_for_kind(object, "at", feature, "its usage is the current level, with no \"at\"");
    }
    if (input.seat_assignments.count(feature.key) != 0) {
      return not_for_kind(object, "feature", feature, "its usage is the number of its seat_assignments");
    }
    if (!levels.insert(feature.key).second) {
      return not_for_kind(object, "feature", feature, "its usage is one current level, given once");
    }
    return ok_status();
  }
  if (!record.at) {
    return Error{ErrorCode::kMissingField, "\"at\" is required: when the metered usage happened", object.path_of("at")};
  }
  if (input.at < *record.at) {
    return Error{ErrorCode::kInvalidArgument, "usage cannot be recorded after the evaluation time \"at\"",
                 object.path_of("at")};
  }
  if (resets(feature) && input.billing && *record.at < input.billing->start) {
    return Error{ErrorCode::kInvalidArgument, "usage cannot be recorded before the subscription starts (billing.start)",
                 object.path_of("at")};
  }
  return ok_status();
}

template <typename Reader>
Status read_usage(Reader& request, EntitlementInput& input) {
  if (request.find("usage") == nullptr) return ok_status();
  RATECARD_TRY(const auto* list, array_member<&RawEntitlementRequest::usage>(request, "usage"));
  const std::string list_path = request.path_of("usage");
  input.usage.reserve(list->size());
  std::set<std::string> levels;
  for (std::size_t i = 0; i < list->size(); ++i) {
    RATECARD_TRY(auto object, open_element((*list)[i], pointer_child(list_path, i)));
    RATECARD_TRY(const Feature* feature, read_feature_reference(object, input));
    if (feature->kind == FeatureKind::kBoolean) {
      return not_for_kind(object, "feature", *feature, "it has no usage");
    }
    UsageRecord record;
    record.feature = feature->key;
    record.order = i;
    RATECARD_TRY(record.amount, object.quantity("amount"));
    RATECARD_TRY(record.at, object.optional_instant("at"));
    RATECARD_CHECK(check_usage_time(object, *feature, record, input, levels));
    RATECARD_CHECK(object.finish());
    input.usage.push_back(std::move(record));
  }
  return ok_status();
}

// The subscription's billing schedule: required when a metered feature resets, whose periods
// it defines; it must have started by `at`.
template <typename Reader>
Status read_billing(Reader& request, EntitlementInput& input) {
  const auto periodic = std::find_if(input.features.begin(), input.features.end(), resets);
  if (request.find("billing") == nullptr) {
    if (periodic == input.features.end()) return ok_status();
    return Error{ErrorCode::kMissingField,
                 "\"billing\" is required: metered feature " + quote_for_message(periodic->key) +
                     " resets (\"reset\": \"" + std::string(reset_interval_name(periodic->reset)) +
                     "\") on the subscription's schedule",
                 request.path_of("billing")};
  }
  RATECARD_TRY(auto billing, object_member<&RawEntitlementRequest::billing>(request, "billing"));
  RATECARD_TRY(BillingSchedule schedule, read_billing_schedule(billing));
  RATECARD_CHECK(billing.finish());
  if (input.at < schedule.start) {
    return Error{ErrorCode::kInvalidArgument, "the subscription starts after \"at\"", billing.path_of("start")};
  }
  input.billing = std::move(schedule);
  return ok_status();
}

// "an \"amount\"", "a \"seats\"": a check field named in a sentence.
std::string with_article(std::string_view field) {
  const bool vowel = field.front() == 'a';
  return std::string(vowel ? "an \"" : "a \"") + std::string(field) + "\"";
}

// A check asks one question: an amount, an assignee, a number of seats or a person to assign.
template <typename Reader>
Status check_one_question(const Reader& request, const AccessCheck& check) {
  const std::string_view asked[] = {check.amount ? "amount" : "", check.assignee ? "assignee" : "",
                                    check.seats ? "seats" : "", check.assign ? "assign" : ""};
  std::string_view first;
  for (std::string_view field : asked) {
    if (field.empty()) continue;
    if (first.empty()) {
      first = field;
      continue;
    }
    return Error{ErrorCode::kInvalidArgument,
                 "ask for either " + with_article(first) + " or " + with_article(field) + ", not both",
                 request.path_of(field)};
  }
  return ok_status();
}

template <typename Reader>
Result<std::optional<AccessCheck>> read_check(Reader& request, const EntitlementInput& input) {
  if (!request.has("feature")) {
    for (std::string_view option : {"amount", "assignee", "seats", "assign"}) {
      if (request.has(option)) {
        return Error{ErrorCode::kInvalidArgument, "\"" + std::string(option) + "\" needs \"feature\"",
                     request.path_of(option)};
      }
    }
    for (std::string_view absent : {"feature", "amount", "assignee", "seats", "assign"}) request.mark_read(absent);
    return std::optional<AccessCheck>{};
  }
  AccessCheck check;
  RATECARD_TRY(check.feature, read_identifier(request, "feature"));
  RATECARD_TRY(check.amount, request.optional_quantity("amount", Sign::kPositive));
  if (request.has("assignee")) {
    RATECARD_TRY(check.assignee, read_identifier(request, "assignee"));
  } else {
    request.mark_read("assignee");  // an explicit null reads as absent
  }
  RATECARD_TRY(check.seats, request.optional_count("seats", 1, kMaxSeatsAsked));
  if (request.has("assign")) {
    RATECARD_TRY(check.assign, read_identifier(request, "assign"));
  } else {
    request.mark_read("assign");  // an explicit null reads as absent
  }
  RATECARD_CHECK(check_one_question(request, check));
  const Feature* feature = find_feature(input, check.feature);
  if (feature != nullptr && check.amount && feature->kind == FeatureKind::kBoolean) {
    return not_for_kind(request, "amount", *feature, "it is on or off, with no amount");
  }
  for (std::string_view seat_field : {"assignee", "seats", "assign"}) {
    if (feature != nullptr && request.has(seat_field) && feature->kind != FeatureKind::kLimit) {
      return not_for_kind(request, seat_field, *feature, "only limit features have seats");
    }
  }
  return std::optional<AccessCheck>(std::move(check));
}

}  // namespace

const Feature* find_feature(const EntitlementInput& input, std::string_view key) {
  const auto found = std::lower_bound(input.features.begin(), input.features.end(), key,
                                      [](const Feature& feature, std::string_view k) { return feature.key < k; });
  return found != input.features.end() && found->key == key ? &*found : nullptr;
}

template <typename Reader>
Result<EntitlementInput> read_entitlement_input(Reader& request) {
  EntitlementInput input;
  RATECARD_TRY(input.at, request.instant("at"));
  RATECARD_TRY(input.features, read_features(request));
  RATECARD_CHECK(read_billing(request, input));
  RATECARD_CHECK(read_grants(request, input));
  RATECARD_CHECK(read_seat_assignments(request, input));
  RATECARD_CHECK(read_usage(request, input));
  RATECARD_TRY(input.check, read_check(request, input));
  RATECARD_CHECK(request.finish());
  return input;
}

template Result<EntitlementInput> read_entitlement_input(ObjectReader& request);
template Result<EntitlementInput> read_entitlement_input(ShapeReader<RawEntitlementRequest>& request);

}  // namespace ratecard
