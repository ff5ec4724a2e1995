#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "json/json.hpp"
#include "json/json_pointer.hpp"
#include "json/member_reads.hpp"
#include "text/quote.hpp"

namespace ratecard {

/// One member of an object of a known shape, as the request text has it, before validation:
/// absent, or its value when a scalar, or an empty object or array standing for a container
/// whose content the shape keeps in a typed field of its own.
struct RawMember {
  bool present = false;
  Json value;
};

/// The members of an object whose names are known in advance: one slot per name of the
/// shape's `kNames` (sorted bytewise), in the same order.
template <std::size_t N>
using RawMembers = std::array<RawMember, N>;

/// Reads an object of a known shape with the same calls, errors and paths as ObjectReader, so
/// that one validation serves both a DOM and a request read straight from its text. `Shape`
/// has `static constexpr std::array<std::string_view, N> kNames` and `RawMembers<N> members`;
/// for its array members `elements(key)` (a pointer to the typed elements) and for an object
/// member `child(key)` (its shape).
template <typename Shape>
class ShapeReader {
 public:
  /// Reads `shape`, an object found at `path`.
  ShapeReader(const Shape& shape, std::string path) : shape_(&shape), path_(std::move(path)) {}

  /// The object's own path.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// The path of one member.
  [[nodiscard]] std::string path_of(std::string_view key) const { return pointer_child(path_, key); }

  /// The member, or nullptr when absent or null. Marks it as read.
  [[nodiscard]] const Json* find(std::string_view key) {
    const std::size_t index = index_of(key);
    if (index == kCount) return nullptr;
    read_ |= bit(index);
    const RawMember& member = shape_->members[index];
    return member.present && !member.value.is_null() ? &member.value : nullptr;
  }
  /// The member; MISSING_FIELD when absent or null.
  [[nodiscard]] Result<const Json*> require(std::string_view key) {
    const Json* member = find(key);
    if (member == nullptr) {
      return Error{ErrorCode::kMissingField, "\"" + std::string(key) + "\" is required", path_of(key)};
    }
    return member;
  }
  /// Counts the member as read without reading it (see ObjectReader::mark_read).
  void mark_read(std::string_view key) {
    const std::size_t index = index_of(key);
    if (index != kCount) read_ |= bit(index);
  }
  /// True when the member is present and not null (does not mark it as read).
  [[nodiscard]] bool has(std::string_view key) const {
    const std::size_t index = index_of(key);
    return index != kCount && shape_->members[index].present && !shape_->members[index].value.is_null();
  }
  /// True when the member is present, even as null (does not mark it as read).
  [[nodiscard]] bool contains(std::string_view key) const {
    const std::size_t index = index_of(key);
    return index != kCount && shape_->members[index].present;
  }

  /// @name Typed members, as the ObjectReader calls of the same names
  /// @{
  [[nodiscard]] Result<std::string> string(std::string_view key) { return read_required_member(*this, key, read_string); }
  [[nodiscard]] Result<std::optional<std::string>> optional_string(std::string_view key) {
    return read_optional_member(*this, key, read_string);
  }
  [[nodiscard]] Result<std::optional<bool>> optional_bool(std::string_view key) {
    return read_optional_member(*this, key, read_bool);
  }
  [[nodiscard]] Result<Decimal> money(std::string_view key, Sign sign = Sign::kNonNegative) {
    return read_required_member(*this, key, money_value_reader(sign));
  }
  [[nodiscard]] Result<std::optional<Decimal>> optional_money(std::string_view key, Sign sign = Sign::kNonNegative) {
    return read_optional_member(*this, key, money_value_reader(sign));
  }
  [[nodiscard]] Result<Decimal> quantity(std::string_view key, Sign sign = Sign::kNonNegative) {
    return read_required_member(*this, key, quantity_value_reader(sign));
  }
  [[nodiscard]] Result<std::optional<Decimal>> optional_quantity(std::string_view key, Sign sign = Sign::kNonNegative) {
    return read_optional_member(*this, key, quantity_value_reader(sign));
  }
  [[nodiscard]] Result<Decimal> percent(std::string_view key) { return read_required_member(*this, key, read_percent); }
  [[nodiscard]] Result<std::optional<std::int64_t>> optional_count(std::string_view key, std::int64_t min,
                                                                   std::int64_t max) {
    return read_optional_member(*this, key, count_value_reader(min, max));
  }
  [[nodiscard]] Result<Currency> currency(std::string_view key) { return read_required_member(*this, key, read_currency); }
  /// The request's rounding mode; half_up when absent.
  [[nodiscard]] Result<RoundingMode> rounding(std::string_view key = "rounding") {
    const Json* member = find(key);
    if (member == nullptr) return RoundingMode::kHalfUp;
    return read_rounding_mode(*member, path_of(key));
  }
  /// @}

  /// The typed elements of an array member; MISSING_FIELD when absent, INVALID_TYPE when not an array.
  template <typename S = Shape>
  [[nodiscard]] auto array(std::string_view key) -> Result<decltype(std::declval<const S&>().elements(key))> {
    RATECARD_TRY(const Json* member, require(key));
    if (!member->is_array()) {
      return Error{ErrorCode::kInvalidType, "expected an array, got " + describe_json_type(*member), path_of(key)};
    }
    return shape_->elements(key);
  }

  /// A reader of an object member; MISSING_FIELD when absent, INVALID_TYPE when not an object.
  template <typename S = Shape>
  [[nodiscard]] auto object(std::string_view key)
      -> Result<ShapeReader<std::decay_t<decltype(std::declval<const S&>().child(key))>>> {
    using Child = std::decay_t<decltype(std::declval<const S&>().child(key))>;
    RATECARD_TRY(const Json* member, require(key));
    if (!member->is_object()) {
      return Error{ErrorCode::kInvalidType, "expected an object, got " + describe_json_type(*member), path_of(key)};
    }
    return ShapeReader<Child>(shape_->child(key), path_of(key));
  }

  /// UNKNOWN_FIELD for the first member (in key order) that was never read.
  [[nodiscard]] Status finish() const {
    for (std::size_t i = 0; i < kCount; ++i) {
      if (shape_->members[i].present && (read_ & bit(i)) == 0) {
        return Error{ErrorCode::kUnknownField, quote_for_message(Shape::kNames[i]) + " is not a field of this object",
                     path_of(Shape::kNames[i])};
      }
    }
    return ok_status();
  }

 private:
  static constexpr std::size_t kCount = std::tuple_size_v<decltype(Shape::kNames)>;
  static_assert(kCount <= 32, "a shape has at most 32 members");

  static constexpr std::uint32_t bit(std::size_t index) { return std::uint32_t{1} << index; }

  // The slot of `key`; kCount for a name the shape does not have.
  static std::size_t index_of(std::string_view key) {
    for (std::size_t i = 0; i < kCount; ++i) {
      if (Shape::kNames[i] == key) return i;
    }
    return kCount;
  }

  const Shape* shape_;
  std::string path_;
  std::uint32_t read_ = 0;
};

}  // namespace ratecard
