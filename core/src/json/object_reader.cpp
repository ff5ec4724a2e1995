#include "json/object_reader.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "json/json_pointer.hpp"
#include "json/member_reads.hpp"
#include "text/quote.hpp"

namespace ratecard {

Result<ObjectReader> ObjectReader::open(const Json& value, std::string path) {
  if (!value.is_object()) {
    return Error{ErrorCode::kInvalidType, "expected an object, got " + describe_json_type(value), std::move(path)};
  }
  return ObjectReader(value, std::move(path));
}

std::string ObjectReader::path_of(std::string_view key) const { return pointer_child(path_, key); }

void ObjectReader::mark_read(std::string_view key) {
  if (std::find(read_keys_.begin(), read_keys_.end(), key) == read_keys_.end()) read_keys_.emplace_back(key);
}

const Json* ObjectReader::find(std::string_view key) {
  mark_read(key);
  const auto found = object_->find(key);
  if (found == object_->end() || found->is_null()) return nullptr;
  return &*found;
}

bool ObjectReader::has(std::string_view key) const {
  const auto found = object_->find(key);
  return found != object_->end() && !found->is_null();
}

bool ObjectReader::contains(std::string_view key) const { return object_->find(key) != object_->end(); }

Result<const Json*> ObjectReader::require(std::string_view key) {
  const Json* member = find(key);
  if (member == nullptr) {
    return Error{ErrorCode::kMissingField, "\"" + std::string(key) + "\" is required", path_of(key)};
  }
  return member;
}

Result<std::string> ObjectReader::string(std::string_view key) { return read_required_scalar(*this, key, read_string); }

Result<std::optional<std::string>> ObjectReader::optional_string(std::string_view key) {
  return read_optional_scalar(*this, key, read_string);
}

Result<std::optional<bool>> ObjectReader::optional_bool(std::string_view key) {
  return read_optional_scalar(*this, key, read_bool);
}

Result<Decimal> ObjectReader::money(std::string_view key, Sign sign) {
  return read_required_scalar(*this, key, money_value_reader(sign));
}

Result<std::optional<Decimal>> ObjectReader::optional_money(std::string_view key, Sign sign) {
  return read_optional_scalar(*this, key, money_value_reader(sign));
}

Result<Decimal> ObjectReader::quantity(std::string_view key, Sign sign) {
  return read_required_scalar(*this, key, quantity_value_reader(sign));
}

Result<std::optional<Decimal>> ObjectReader::optional_quantity(std::string_view key, Sign sign) {
  return read_optional_scalar(*this, key, quantity_value_reader(sign));
}

Result<Decimal> ObjectReader::percent(std::string_view key) { return read_required_scalar(*this, key, read_percent); }

Result<std::optional<Decimal>> ObjectReader::optional_percent(std::string_view key) {
  return read_optional_scalar(*this, key, read_percent);
}

Result<std::optional<std::int64_t>> ObjectReader::optional_count(std::string_view key, std::int64_t min,
                                                                 std::int64_t max) {
  return read_optional_scalar(*this, key, count_value_reader(min, max));
}

Result<Currency> ObjectReader::currency(std::string_view key) { return read_required_scalar(*this, key, read_currency); }

Result<Instant> ObjectReader::instant(std::string_view key) { return read_required_scalar(*this, key, read_instant); }

Result<std::optional<Instant>> ObjectReader::optional_instant(std::string_view key) {
  return read_optional_scalar(*this, key, read_instant);
}

Result<CivilDate> ObjectReader::civil_date(std::string_view key) {
  return read_required_scalar(*this, key, read_civil_date);
}

Result<RoundingMode> ObjectReader::rounding(std::string_view key) {
  const Json* member = find(key);
  if (member == nullptr) return RoundingMode::kHalfUp;
  return read_rounding_mode(*member, path_of(key));
}

Result<const Json*> ObjectReader::array(std::string_view key) {
  RATECARD_TRY(const Json* member, require(key));
  if (!member->is_array()) {
    return Error{ErrorCode::kInvalidType, "expected an array, got " + describe_json_type(*member), path_of(key)};
  }
  return member;
}

Result<ObjectReader> ObjectReader::object(std::string_view key) {
  RATECARD_TRY(const Json* member, require(key));
  return ObjectReader::open(*member, path_of(key));
}

Status ObjectReader::finish() const {
  for (const auto& member : object_->items()) {
    if (std::find(read_keys_.begin(), read_keys_.end(), member.key()) == read_keys_.end()) {
      return Error{ErrorCode::kUnknownField, quote_for_message(member.key()) + " is not a field of this object",
                   path_of(member.key())};
    }
  }
  return ok_status();
}

}  // namespace ratecard
