#include "entitlements/status_writer.hpp"

#include "entitlements/feature_reader.hpp"

namespace ratecard {
namespace {

void write_optional_decimal(CanonicalWriter& out, std::string_view key, const std::optional<Decimal>& value) {
  out.key(key);
  if (value) {
    out.string(value->to_string());
  } else {
    out.null();
  }
}

void write_optional_instant(CanonicalWriter& out, std::string_view key, const std::optional<Instant>& value) {
  out.key(key);
  if (value) {
    out.string(format_instant(*value));
  } else {
    out.null();
  }
}

void write_strings(CanonicalWriter& out, std::string_view key, const std::vector<std::string>& values) {
  out.key(key);
  out.begin_array();
  for (const std::string& value : values) out.string(value);
  out.end_array();
}

// Members in bytewise key order: balance, expires_at, id.
void write_grants(CanonicalWriter& out, const std::vector<GrantBalance>& grants) {
  out.key("grants");
  out.begin_array();
  for (const GrantBalance& grant : grants) {
    out.begin_object();
    out.key("balance");
    out.string(grant.balance.to_string());
    write_optional_instant(out, "expires_at", grant.expires_at);
    out.key("id");
    out.string(grant.id);
    out.end_object();
  }
  out.end_array();
}

// The members of a status, in bytewise key order, merged with the check's echoed fields
// (`check` may be nullptr): already_assigned, amount, assign, assignee, balance,
// denied_assignees, feature, grants, has_access, kind, limit, next_reset_at, overage, reason,
// seats, seats_available, seats_missing, usage.
void write_status_members(CanonicalWriter& out, const FeatureStatus& status, const AccessCheck* check) {
  const SeatAnswer* answer = status.seat_answer ? &*status.seat_answer : nullptr;
  if (answer != nullptr && answer->already_assigned) {
    out.key("already_assigned");
    out.boolean(*answer->already_assigned);
  }
  if (check != nullptr && check->amount) {
    out.key("amount");
    out.string(check->amount->to_string());
  }
  if (check != nullptr && check->assign) {
    out.key("assign");
    out.string(*check->assign);
  }
  if (check != nullptr && check->assignee) {
    out.key("assignee");
    out.string(*check->assignee);
  }
  write_optional_decimal(out, "balance", status.balance);
  if (status.denied_assignees) write_strings(out, "denied_assignees", *status.denied_assignees);
  out.key("feature");
  out.string(status.key);
  if (status.kind == FeatureKind::kMetered && status.balance) write_grants(out, status.grants);
  out.key("has_access");
  out.boolean(status.has_access);
  out.key("kind");
  if (status.kind) {
    out.string(feature_kind_name(*status.kind));
  } else {
    out.null();
  }
  write_optional_decimal(out, "limit", status.limit);
  write_optional_instant(out, "next_reset_at", status.next_reset_at);
  write_optional_decimal(out, "overage", status.overage);
  if (status.reason) {
    out.key("reason");
    out.string(denial_reason_name(*status.reason));
  }
  if (check != nullptr && check->seats) {
    out.key("seats");
    out.integer(*check->seats);
  }
  if (answer != nullptr) write_optional_decimal(out, "seats_available", answer->available);
  if (answer != nullptr && answer->missing) {
    out.key("seats_missing");
    out.string(answer->missing->to_string());
  }
  write_optional_decimal(out, "usage", status.usage);
}

}  // namespace

void write_check_result(CanonicalWriter& out, const FeatureStatus& status, const AccessCheck& check) {
  out.begin_object();
  write_status_members(out, status, &check);
  out.end_object();
}

// Members in bytewise key order: at, features.
void write_features_result(CanonicalWriter& out, Instant at, const std::vector<FeatureStatus>& statuses) {
  out.begin_object();
  out.key("at");
  out.string(format_instant(at));
  out.key("features");
  out.begin_array();
  for (const FeatureStatus& status : statuses) {
    out.begin_object();
    write_status_members(out, status, nullptr);
    out.end_object();
  }
  out.end_array();
  out.end_object();
}

}  // namespace ratecard
