#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "json/object_reader.hpp"
#include "ratecard/decimal.hpp"

namespace ratecard {

/// A fixed amount, whatever the quantity.
struct FlatPrice {
  Decimal amount;
};

/// The same amount for every unit.
struct PerUnitPrice {
  Decimal unit_amount;
};

/// A price per started package of `package_size` units, after `free_units`.
struct PackagePrice {
  Decimal package_size;
  Decimal package_amount;
  Decimal free_units;
};

/// How a tiered price reads its tiers.
enum class TierMode { kGraduated, kVolume, kStairstep, kGraduatedPercentage };

/// One tier; `up_to` is empty on the last tier (no upper bound).
struct Tier {
  std::optional<Decimal> up_to;
  Decimal unit_amount;  ///< graduated and volume
  Decimal flat_amount;  ///< every mode
  Decimal rate;         ///< graduated_percentage, in percent
};

/// Graduated, volume, stairstep and graduated-percentage prices.
struct TieredPrice {
  TierMode mode;
  std::vector<Tier> tiers;
};

/// A percentage of each event's amount plus a fixed fee per event, with free units and
/// per-transaction bounds.
struct PercentagePrice {
  Decimal rate;
  Decimal fixed_amount;
  std::optional<std::int64_t> free_units_per_events;
  std::optional<Decimal> free_units_per_total_aggregation;
  std::optional<Decimal> per_transaction_min;
  std::optional<Decimal> per_transaction_max;
};

/// A validated price of any model.
struct Price {
  std::string model;  ///< The model's wire name, e.g. "graduated".
  std::variant<FlatPrice, PerUnitPrice, PackagePrice, TieredPrice, PercentagePrice> spec;

  /// True for models priced over a list of events rather than one quantity.
  [[nodiscard]] bool priced_over_events() const { return std::holds_alternative<PercentagePrice>(spec); }
  /// True for models whose amount does not depend on a quantity.
  [[nodiscard]] bool ignores_quantity() const { return std::holds_alternative<FlatPrice>(spec); }
};

/// Reads and validates a price object (the `price` member of a request, or a price inside
/// an invoice item). Every error carries the path of the offending field.
[[nodiscard]] Result<Price> read_price(ObjectReader& price);

struct RawPrice;
template <typename Shape>
class ShapeReader;

/// The same for a price read from the request's text (price_request_text.hpp): the same
/// validation, in the same order, with the same errors.
[[nodiscard]] Result<Price> read_price(ShapeReader<RawPrice>& price);

}  // namespace ratecard
