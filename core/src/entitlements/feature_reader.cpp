#include "entitlements/feature_reader.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "entitlements/request_containers.hpp"
#include "json/choice_reader.hpp"
#include "json/identifier_reader.hpp"
#include "json/json_pointer.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

constexpr Choice<FeatureKind> kKinds[] = {
    {"boolean", FeatureKind::kBoolean}, {"limit", FeatureKind::kLimit}, {"metered", FeatureKind::kMetered}};

constexpr Choice<OveragePolicy> kOveragePolicies[] = {{"hard", OveragePolicy::kHard}, {"soft", OveragePolicy::kSoft}};

constexpr Choice<ResetInterval> kResetIntervals[] = {{"billing_period", ResetInterval::kBillingPeriod},
                                                     {"never", ResetInterval::kNever},
                                                     {"day", ResetInterval::kDay},
                                                     {"week", ResetInterval::kWeek},
                                                     {"month", ResetInterval::kMonth},
                                                     {"year", ResetInterval::kYear}};

constexpr std::int64_t kMaxResetIntervalCount = 1000;
constexpr std::int64_t kMaxAddOnQuantity = 1000000;

// Who defines a feature: the plan and overrides set its terms, add-ons add amounts.
enum class Source { kPlan, kOverride, kAddOn };

// What one definition of a feature says; absent members leave the feature as it is.
struct Terms {
  std::optional<bool> enabled;
  bool unlimited = false;
  std::optional<Decimal> amount;
  std::optional<OveragePolicy> overage;
  std::optional<ResetInterval> reset;
  std::optional<std::int64_t> reset_count;
  bool rollover_given = false;
  std::optional<Decimal> rollover_cap;
  std::optional<std::int64_t> priority;
};

std::string_view amount_key(FeatureKind kind) { return kind == FeatureKind::kLimit ? "limit" : "included"; }

template <typename Reader>
Result<std::optional<Decimal>> read_rollover(Reader& object) {
  RATECARD_TRY(auto rollover, object_member<&RawFeatureDefinition::rollover>(object, "rollover"));
  RATECARD_TRY(std::optional<Decimal> max, rollover.optional_quantity("max"));
  RATECARD_CHECK(rollover.finish());
  return max;
}

template <typename Reader>
Result<Terms> read_terms(Reader& object, FeatureKind kind, Source source) {
  Terms terms;
  if (kind == FeatureKind::kBoolean) {
    RATECARD_TRY(terms.enabled, object.optional_bool("enabled"));
    return terms;
  }
  RATECARD_TRY(terms.amount, object.optional_quantity(amount_key(kind)));
  RATECARD_TRY(std::optional<bool> unlimited, object.optional_bool("unlimited"));
  terms.unlimited = unlimited.value_or(false);
  if (terms.unlimited && terms.amount) {
    return Error{ErrorCode::kInvalidArgument,
                 "give either \"" + std::string(amount_key(kind)) + "\" or \"unlimited\": true, not both",
                 object.path_of("unlimited")};
  }
  if (source == Source::kAddOn) return terms;
  RATECARD_TRY(terms.overage, read_optional_choice(object, "overage", kOveragePolicies));
  if (kind != FeatureKind::kMetered) return terms;
  RATECARD_TRY(terms.reset, read_optional_choice(object, "reset", kResetIntervals));
  RATECARD_TRY(terms.reset_count, object.optional_count("reset_interval_count", 1, kMaxResetIntervalCount));
  if (object.has("rollover")) {
    terms.rollover_given = true;
    RATECARD_TRY(terms.rollover_cap, read_rollover(object));
  } else {
    object.mark_read("rollover");  // an explicit null reads as absent
  }
  RATECARD_TRY(terms.priority, object.optional_count("priority", 0, kMaxGrantPriority));
  return terms;
}

// Applies the terms of the plan or an override: each term given replaces the current one.
void apply_terms(Feature& feature, const Terms& terms) {
  if (terms.enabled) feature.enabled = *terms.enabled;
  if (terms.unlimited) feature.unlimited = true;
  if (terms.amount) {
    feature.amount = *terms.amount;
    feature.unlimited = false;
  }
  if (terms.overage) feature.overage = *terms.overage;
  if (terms.reset) feature.reset = *terms.reset;
  if (terms.reset_count) feature.reset_interval_count = *terms.reset_count;
  if (terms.rollover_given) feature.rollover_cap = terms.rollover_cap;
  if (terms.priority) feature.priority = *terms.priority;
}

// Applies an add-on's contribution, `quantity` times.
Status apply_add_on(Feature& feature, const Terms& terms, std::int64_t quantity, const std::string& path) {
  if (feature.kind == FeatureKind::kBoolean) {
    if (terms.enabled.value_or(true)) feature.enabled = true;
    return ok_status();
  }
  if (terms.unlimited) {
    feature.unlimited = true;
    return ok_status();
  }
  auto added = Decimal::from_rational(terms.amount->to_rational() * Rational(quantity));
  if (!added) return Error{ErrorCode::kOverflow, added.error().message, path};
  feature.amount += *added;
  return ok_status();
}

// A feature defined so far, with where its kind was fixed: the element `index` of the list
// whose path is the table's `list_paths[list]` (the path is written only for an error).
struct DefinedFeature {
  Feature feature;
  std::size_t list = 0;
  std::size_t index = 0;
};

// The features defined so far, by key, and the paths of the lists read.
struct FeatureTable {
  std::map<std::string, DefinedFeature> features;
  std::vector<std::string> list_paths;

  // The path of the `kind` that fixed `defined`'s kind.
  [[nodiscard]] std::string kind_path(const DefinedFeature& defined) const {
    return pointer_child(pointer_child(list_paths[defined.list], defined.index), "kind");
  }
};

// A feature's kind: for a key defined earlier, `kind` may be omitted and must agree when given;
// a new key needs it.
template <typename Reader>
Result<FeatureKind> read_kind(Reader& object, const std::string& key, const FeatureTable& table) {
  const auto existing = table.features.find(key);
  if (existing == table.features.end()) {
    if (!object.has("kind")) {
      return Error{ErrorCode::kMissingField,
                   "\"kind\" is required: no plan feature is called " + quote_for_message(key), object.path_of("kind")};
    }
    return read_choice(object, "kind", kKinds, std::optional<FeatureKind>{});
  }
  RATECARD_TRY(std::optional<FeatureKind> kind, read_optional_choice(object, "kind", kKinds));
  const Feature& feature = existing->second.feature;
  if (kind && *kind != feature.kind) {
    return Error{ErrorCode::kInvalidArgument,
                 quote_for_message(key) + " is a " + std::string(feature_kind_name(feature.kind)) + " feature (" +
                     table.kind_path(existing->second) + "), not " + std::string(feature_kind_name(*kind)),
                 object.path_of("kind")};
  }
  return feature.kind;
}

template <typename Reader>
Result<std::string> read_unique_key(Reader& object, std::set<std::string>& seen) {
  RATECARD_TRY(std::string key, read_identifier(object, "key"));
  if (!seen.insert(key).second) {
    return Error{ErrorCode::kInvalidArgument, quote_for_message(key) + " is defined twice in this list",
                 object.path_of("key")};
  }
  return key;
}

// One feature object of a plan's, an override's or an add-on's list, as read.
struct FeatureDefinition {
  std::string key;
  FeatureKind kind = FeatureKind::kBoolean;
  Terms terms;
  bool is_new = false;  ///< No earlier list defined the key.
};

// A definition that must carry an amount and does not: a new limit feature of the plan or an
// override without its limit, or an add-on's limit or metered feature without what it adds.
template <typename Reader>
Status check_amount_given(const Reader& object, const FeatureDefinition& definition, Source source) {
  if (definition.terms.amount || definition.terms.unlimited) return ok_status();
  if (source == Source::kAddOn && definition.kind != FeatureKind::kBoolean) {
    return Error{ErrorCode::kMissingField,
                 "an add-on adds \"" + std::string(amount_key(definition.kind)) + "\" (or \"unlimited\": true)",
                 object.path_of(amount_key(definition.kind))};
  }
  if (source != Source::kAddOn && definition.is_new && definition.kind == FeatureKind::kLimit) {
    return Error{ErrorCode::kMissingField, "a limit feature needs \"limit\" (or \"unlimited\": true)",
                 object.path_of("limit")};
  }
  return ok_status();
}

// Reads one feature object: its key (once per list), kind (required in the plan, where every
// key is new), terms, and that it has nothing else.
template <typename Reader>
Result<FeatureDefinition> read_definition(Reader& object, Source source, const FeatureTable& table,
                                          std::set<std::string>& seen) {
  FeatureDefinition definition;
  RATECARD_TRY(definition.key, read_unique_key(object, seen));
  definition.is_new = table.features.count(definition.key) == 0;
  if (source == Source::kPlan) {
    RATECARD_TRY(definition.kind, read_choice(object, "kind", kKinds, std::optional<FeatureKind>{}));
  } else {
    RATECARD_TRY(definition.kind, read_kind(object, definition.key, table));
  }
  RATECARD_TRY(definition.terms, read_terms(object, definition.kind, source));
  RATECARD_CHECK(check_amount_given(object, definition, source));
  RATECARD_CHECK(object.finish());
  return definition;
}

// The feature a definition applies to: the one defined earlier, or a new one (enabled when the
// plan or an override defines a boolean feature; an add-on enables it when applied), defined by
// element `index` of the table's list `list`.
Feature& defined_feature(FeatureTable& table, const FeatureDefinition& definition, Source source, std::size_t list,
                         std::size_t index) {
  if (!definition.is_new) return table.features.at(definition.key).feature;
  DefinedFeature defined{Feature{}, list, index};
  defined.feature.key = definition.key;
  defined.feature.kind = definition.kind;
  defined.feature.enabled = source != Source::kAddOn && definition.kind == FeatureKind::kBoolean;
  return table.features.emplace(definition.key, std::move(defined)).first->second.feature;
}

// Reads the list `field` of `owner`, one feature object per element, in order, and applies
// each to its feature with `apply(feature, terms, object)`.
template <auto Field, typename Reader, typename Apply>
Status read_feature_list(Reader& owner, std::string_view field, Source source, FeatureTable& table, Apply apply) {
  RATECARD_TRY(const auto* list, array_member<Field>(owner, field));
  const std::size_t list_number = table.list_paths.size();
  table.list_paths.push_back(owner.path_of(field));
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    RATECARD_TRY(auto object, open_element((*list)[i], pointer_child(table.list_paths[list_number], i)));
    RATECARD_TRY(FeatureDefinition definition, read_definition(object, source, table, seen));
    Feature& feature = defined_feature(table, definition, source, list_number, i);
    RATECARD_CHECK(apply(feature, definition.terms, object));
  }
  return ok_status();
}

// The plan and overrides set terms: each term given replaces the feature's.
constexpr auto set_terms = [](Feature& feature, const Terms& terms, const auto& /*object*/) {
  apply_terms(feature, terms);
  return ok_status();
};

template <typename Reader>
Status read_plan(Reader& request, FeatureTable& table) {
  RATECARD_TRY(auto plan, object_member<&RawEntitlementRequest::plan>(request, "plan"));
  RATECARD_CHECK(read_feature_list<&RawPlan::features>(plan, "features", Source::kPlan, table,
                                                       set_terms));
  return plan.finish();
}

template <typename Reader>
Status read_overrides(Reader& request, FeatureTable& table) {
  if (request.find("overrides") == nullptr) return ok_status();
  return read_feature_list<&RawEntitlementRequest::overrides>(request, "overrides", Source::kOverride, table,
                                                              set_terms);
}

template <typename Reader>
Status read_add_on(Reader& add_on, FeatureTable& table) {
  RATECARD_TRY(std::optional<std::int64_t> quantity, add_on.optional_count("quantity", 1, kMaxAddOnQuantity));
  return read_feature_list<&RawAddOn::features>(
      add_on, "features", Source::kAddOn, table, [&](Feature& feature, const Terms& terms, const auto& object) {
        return apply_add_on(feature, terms, quantity.value_or(1), object.path_of("key"));
      });
}

template <typename Reader>
Status read_add_ons(Reader& request, FeatureTable& table) {
  if (request.find("add_ons") == nullptr) return ok_status();
  RATECARD_TRY(const auto* list, array_member<&RawEntitlementRequest::add_ons>(request, "add_ons"));
  const std::string list_path = request.path_of("add_ons");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list->size(); ++i) {
    RATECARD_TRY(auto add_on, open_element((*list)[i], pointer_child(list_path, i)));
    RATECARD_TRY(std::string id, read_identifier(add_on, "id"));
    if (!ids.insert(id).second) {
      return Error{ErrorCode::kInvalidArgument, "add-on " + quote_for_message(id) + " is listed twice",
                   add_on.path_of("id")};
    }
    RATECARD_CHECK(read_add_on(add_on, table));
    RATECARD_CHECK(add_on.finish());
  }
  return ok_status();
}

}  // namespace

std::string_view feature_kind_name(FeatureKind kind) noexcept { return choice_name(kind, kKinds); }

std::string_view reset_interval_name(ResetInterval interval) noexcept { return choice_name(interval, kResetIntervals); }

template <typename Reader>
Result<std::vector<Feature>> read_features(Reader& request) {
  FeatureTable table;
  RATECARD_CHECK(read_plan(request, table));
  RATECARD_CHECK(read_overrides(request, table));
  RATECARD_CHECK(read_add_ons(request, table));
  std::vector<Feature> features;
  features.reserve(table.features.size());
  for (auto& entry : table.features) features.push_back(std::move(entry.second.feature));
  return features;
}

template Result<std::vector<Feature>> read_features(ObjectReader& request);
template Result<std::vector<Feature>> read_features(ShapeReader<RawEntitlementRequest>& request);

}  // namespace ratecard
