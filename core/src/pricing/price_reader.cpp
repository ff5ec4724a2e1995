#include <limits>

#include "json/json_pointer.hpp"
#include "pricing/price.hpp"
#include "pricing/price_request_shape.hpp"
#include "ratecard/limits.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

constexpr std::string_view kModels =
    "flat, per_unit, package, graduated, volume, stairstep, percentage or graduated_percentage";

template <typename Reader>
Result<Price> read_flat(Reader& price) {
  RATECARD_TRY(Decimal amount, price.money("amount"));
  return Price{"flat", FlatPrice{amount}};
}

template <typename Reader>
Result<Price> read_per_unit(Reader& price) {
  RATECARD_TRY(Decimal unit_amount, price.money("unit_amount"));
  return Price{"per_unit", PerUnitPrice{unit_amount}};
}

template <typename Reader>
Result<Price> read_package(Reader& price) {
  RATECARD_TRY(Decimal package_size, price.quantity("package_size", Sign::kPositive));
  RATECARD_TRY(Decimal package_amount, price.money("package_amount"));
  RATECARD_TRY(std::optional<Decimal> free_units, price.optional_quantity("free_units"));
  return Price{"package", PackagePrice{package_size, package_amount, free_units.value_or(Decimal{})}};
}

// Reads `up_to` of tier `index` of `count`: required on every tier, null only on the last,
// and strictly above the previous bound (the first bound above zero).
template <typename TierReader>
Result<std::optional<Decimal>> read_up_to(TierReader& tier, std::size_t index, std::size_t count,
                                          const std::optional<Decimal>& previous) {
  const bool last = index + 1 == count;
  if (!tier.contains("up_to")) {
    return Error{ErrorCode::kMissingField,
                 last ? "\"up_to\" is required; the last tier has \"up_to\": null"
                      : "\"up_to\" is required: the tier's inclusive upper bound",
                 tier.path_of("up_to")};
  }
  const Json* bound = tier.find("up_to");
  if (bound == nullptr) {
    if (!last) {
      return Error{ErrorCode::kInvalidArgument, "only the last tier may have \"up_to\": null", tier.path_of("up_to")};
    }
    return std::optional<Decimal>{};
  }
  if (last) {
    return Error{ErrorCode::kInvalidArgument, "the last tier must have \"up_to\": null so every quantity has a tier",
                 tier.path_of("up_to")};
  }
  RATECARD_TRY(Decimal up_to, read_quantity(*bound, tier.path_of("up_to"), Sign::kPositive));
  if (previous && up_to <= *previous) {
    return Error{ErrorCode::kInvalidArgument,
                 "tiers must be strictly increasing: " + up_to.to_string() + " is not above the previous \"up_to\" " +
                     previous->to_string(),
                 tier.path_of("up_to")};
  }
  return std::optional<Decimal>(up_to);
}

template <typename TierReader>
Result<Tier> read_tier(TierReader& tier, TierMode mode) {
  Tier result;
  switch (mode) {
    case TierMode::kGraduated:
    case TierMode::kVolume: {
      if (!tier.has("unit_amount") && !tier.has("flat_amount")) {
        return Error{ErrorCode::kMissingField, "a tier needs \"unit_amount\", \"flat_amount\" or both",
                     tier.path_of("unit_amount")};
      }
      RATECARD_TRY(std::optional<Decimal> unit_amount, tier.optional_money("unit_amount"));
      RATECARD_TRY(std::optional<Decimal> flat_amount, tier.optional_money("flat_amount"));
      result.unit_amount = unit_amount.value_or(Decimal{});
      result.flat_amount = flat_amount.value_or(Decimal{});
      break;
    }
    case TierMode::kStairstep: {
      RATECARD_TRY(result.flat_amount, tier.money("flat_amount"));
      break;
    }
    case TierMode::kGraduatedPercentage: {
      RATECARD_TRY(result.rate, tier.percent("rate"));
      RATECARD_TRY(std::optional<Decimal> flat_amount, tier.optional_money("flat_amount"));
      result.flat_amount = flat_amount.value_or(Decimal{});
      break;
    }
  }
  return result;
}

// Opens tier `index` of a price read from a DOM, or from the request's text.
Result<ObjectReader> open_tier(const Json& tiers, std::size_t index, std::string path) {
  return ObjectReader::open(tiers[index], std::move(path));
}

Result<ShapeReader<RawTier>> open_tier(const std::vector<RawTier>& tiers, std::size_t index, std::string path) {
  return ShapeReader<RawTier>(tiers[index], std::move(path));
}

template <typename Reader>
Result<Price> read_tiered(Reader& price, std::string model, TierMode mode) {
  RATECARD_TRY(const auto* tiers, price.array("tiers"));
  const std::string tiers_path = price.path_of("tiers");
  if (tiers->empty()) return Error{ErrorCode::kInvalidArgument, "at least one tier is required", tiers_path};
  if (tiers->size() > kMaxTiers) {
    return Error{ErrorCode::kLimitExceeded,
                 "a price has at most " + std::to_string(kMaxTiers) + " tiers, got " + std::to_string(tiers->size()),
                 tiers_path};
  }
  TieredPrice tiered{mode, {}};
  tiered.tiers.reserve(tiers->size());
  std::optional<Decimal> previous;
  for (std::size_t i = 0; i < tiers->size(); ++i) {
    RATECARD_TRY(auto tier, open_tier(*tiers, i, pointer_child(tiers_path, i)));
    RATECARD_TRY(std::optional<Decimal> up_to, read_up_to(tier, i, tiers->size(), previous));
    RATECARD_TRY(Tier parsed, read_tier(tier, mode));
    RATECARD_CHECK(tier.finish());
    parsed.up_to = up_to;
    previous = up_to;
    tiered.tiers.push_back(std::move(parsed));
  }
  return Price{std::move(model), std::move(tiered)};
}

template <typename Reader>
Result<Price> read_percentage(Reader& price) {
  PercentagePrice percentage;
  RATECARD_TRY(percentage.rate, price.percent("rate"));
  RATECARD_TRY(std::optional<Decimal> fixed_amount, price.optional_money("fixed_amount"));
  percentage.fixed_amount = fixed_amount.value_or(Decimal{});
  RATECARD_TRY(percentage.free_units_per_events,
               price.optional_count("free_units_per_events", 0, std::numeric_limits<std::int64_t>::max()));
  RATECARD_TRY(percentage.free_units_per_total_aggregation, price.optional_quantity("free_units_per_total_aggregation"));
  RATECARD_TRY(percentage.per_transaction_min, price.optional_money("per_transaction_min"));
  RATECARD_TRY(percentage.per_transaction_max, price.optional_money("per_transaction_max"));
  if (percentage.per_transaction_min && percentage.per_transaction_max &&
      *percentage.per_transaction_min > *percentage.per_transaction_max) {
    return Error{ErrorCode::kInvalidArgument,
                 "\"per_transaction_min\" " + percentage.per_transaction_min->to_string() +
                     " is above \"per_transaction_max\" " + percentage.per_transaction_max->to_string(),
                 price.path_of("per_transaction_min")};
  }
  return Price{"percentage", percentage};
}

template <typename Reader>
Result<Price> read_any_price(Reader& price) {
  RATECARD_TRY(std::string model, price.string("model"));
  Result<Price> parsed = Error{ErrorCode::kInternal, "", ""};
  if (model == "flat") {
    parsed = read_flat(price);
  } else if (model == "per_unit") {
    parsed = read_per_unit(price);
  } else if (model == "package") {
    parsed = read_package(price);
  } else if (model == "graduated") {
    parsed = read_tiered(price, model, TierMode::kGraduated);
  } else if (model == "volume") {
    parsed = read_tiered(price, model, TierMode::kVolume);
  } else if (model == "stairstep") {
    parsed = read_tiered(price, model, TierMode::kStairstep);
  } else if (model == "percentage") {
    parsed = read_percentage(price);
  } else if (model == "graduated_percentage") {
    parsed = read_tiered(price, model, TierMode::kGraduatedPercentage);
  } else {
    return Error{ErrorCode::kInvalidArgument,
                 quote_for_message(model) + " is not a price model; use " + std::string(kModels),
                 price.path_of("model")};
  }
  if (!parsed) return parsed;
  RATECARD_CHECK(price.finish());
  return parsed;
}

}  // namespace

Result<Price> read_price(ObjectReader& price) { return read_any_price(price); }

Result<Price> read_price(ShapeReader<RawPrice>& price) { return read_any_price(price); }

}  // namespace ratecard
