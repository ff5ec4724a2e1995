#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.hpp"
#include "json/value_readers.hpp"

namespace ratecard {

/// Reads the members of one JSON object with their JSON Pointer paths, and remembers which
/// members were read so that finish() can refuse the ones nobody asked for (typos such as
/// "unit_price" fail loudly instead of being ignored). An explicit null counts as absent.
class ObjectReader {
 public:
  /// Opens `value` found at `path`; INVALID_TYPE when it is not an object.
  [[nodiscard]] static Result<ObjectReader> open(const Json& value, std::string path);

  /// The object's own path.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// The path of one member.
  [[nodiscard]] std::string path_of(std::string_view key) const;

  /// The member, or nullptr when absent or null. Marks it as read.
  [[nodiscard]] const Json* find(std::string_view key);
  /// The member; MISSING_FIELD when absent or null.
  [[nodiscard]] Result<const Json*> require(std::string_view key);
  /// Counts the member as read without reading it: one this object accepts but ignores here
  /// (an explicit null, a field echoed back), which finish() must then not refuse.
  void mark_read(std::string_view key);
  /// True when the member is present and not null (does not mark it as read).
  [[nodiscard]] bool has(std::string_view key) const;
  /// True when the member is present, even as null (does not mark it as read).
  [[nodiscard]] bool contains(std::string_view key) const;

  [[nodiscard]] Result<std::string> string(std::string_view key);
  [[nodiscard]] Result<std::optional<std::string>> optional_string(std::string_view key);
  [[nodiscard]] Result<std::optional<bool>> optional_bool(std::string_view key);
  [[nodiscard]] Result<Decimal> money(std::string_view key, Sign sign = Sign::kNonNegative);
  [[nodiscard]] Result<std::optional<Decimal>> optional_money(std::string_view key, Sign sign = Sign::kNonNegative);
  [[nodiscard]] Result<Decimal> quantity(std::string_view key, Sign sign = Sign::kNonNegative);
  [[nodiscard]] Result<std::optional<Decimal>> optional_quantity(std::string_view key,
                                                                 Sign sign = Sign::kNonNegative);
  [[nodiscard]] Result<Decimal> percent(std::string_view key);
  [[nodiscard]] Result<std::optional<Decimal>> optional_percent(std::string_view key);
  [[nodiscard]] Result<std::optional<std::int64_t>> optional_count(std::string_view key, std::int64_t min,
                                                                   std::int64_t max);
  [[nodiscard]] Result<Currency> currency(std::string_view key);
  [[nodiscard]] Result<Instant> instant(std::string_view key);
  [[nodiscard]] Result<std::optional<Instant>> optional_instant(std::string_view key);
  [[nodiscard]] Result<CivilDate> civil_date(std::string_view key);
  /// The request's rounding mode; half_up when absent.
  [[nodiscard]] Result<RoundingMode> rounding(std::string_view key = "rounding");
  /// An array member (possibly empty); MISSING_FIELD when absent, INVALID_TYPE when not an array.
  [[nodiscard]] Result<const Json*> array(std::string_view key);
  /// An object member; MISSING_FIELD when absent, INVALID_TYPE when not an object.
  [[nodiscard]] Result<ObjectReader> object(std::string_view key);

  /// UNKNOWN_FIELD for the first member (in key order) that was never read.
  [[nodiscard]] Status finish() const;

 private:
  ObjectReader(const Json& object, std::string path) : object_(&object), path_(std::move(path)) {}

  const Json* object_;
  std::string path_;
  std::vector<std::string> read_keys_;
};

}  // namespace ratecard
