#include "json/object_reader.hpp"

#include <algorithm>

#include "json/json_pointer.hpp"
#include "text/quote.hpp"

namespace ratecard {

Result<ObjectReader> ObjectReader::open(const Json& value, std::string path) {
  if (!value.is_object()) {
    return Error{ErrorCode::kInvalidType, "expected an object, got " + describe_json_type(value), std::move(path)};
  }
  return ObjectReader(value, std::move(path));
}

std::string ObjectReader::path_of(std::string_view key) const { return pointer_child(path_, key); }

const Json* ObjectReader::find(std::string_view key) {
  if (std::find(read_keys_.begin(), read_keys_.end(), key) == read_keys_.end()) read_keys_.emplace_back(key);
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

Result<std::string> ObjectReader::string(std::string_view key) {
  RATECARD_TRY(const Json* member, require(key));
  return read_string(*member, path_of(key));
}

Result<std::optional<std::string>> ObjectReader::optional_string(std::string_view key) {
  const Json* member = find(key);
  if (member == nullptr) return std::optional<std::string>{};
  RATECARD_TRY(std::string text, read_string(*member, path_of(key)));
  return std::optional<std::string>(std::move(text));
}

Result<std::optional<bool>> ObjectReader::optional_bool(std::string_view key) {
  const Json* member = find(key);
  if (member == nullptr) return std::optional<bool>{};
  RATECARD_TRY(bool flag, read_bool(*member, path_of(key)));
  return std::optional<bool>(flag);
}

Result<Decimal> ObjectReader::money(std::string_view key, Sign sign) {
  RATECARD_TRY(const Json* member, require(key));
  return read_money(*member, path_of(key), sign);
}

Result<std::optional<Decimal>> ObjectReader::optional_money(std::string_view key, Sign sign) {
  const Json* member = find(key);
  if (member == nullptr) return std::optional<Decimal>{};
  RATECARD_TRY(Decimal amount, read_money(*member, path_of(key), sign));
  return std::optional<Decimal>(amount);
}

Result<Decimal> ObjectReader::quantity(std::string_view key, Sign sign) {
  RATECARD_TRY(const Json* member, require(key));
  return read_quantity(*member, path_of(key), sign);
}

Result<std::optional<Decimal>> ObjectReader::optional_quantity(std::string_view key, Sign sign) {
  const Json* member = find(key);
  if (member == nullptr) return std::optional<Decimal>{};
  RATECARD_TRY(Decimal amount, read_quantity(*member, path_of(key), sign));
  return std::optional<Decimal>(amount);
}

Result<Decimal> ObjectReader::percent(std::string_view key) {
  RATECARD_TRY(const Json* member, require(key));
  return read_percent(*member, path_of(key));
}

Result<std::optional<Decimal>> ObjectReader::optional_percent(std::string_view key) {
  const Json* member = find(key);
  if (member == nullptr) return std::optional<Decimal>{};
  RATECARD_TRY(Decimal rate, read_percent(*member, path_of(key)));
  return std::optional<Decimal>(rate);
}

Result<std::optional<std::int64_t>> ObjectReader::optional_count(std::string_view key, std::int64_t min,
                                                                 std::int64_t max) {
  const Json* member = find(key);
  if (member == nullptr) return std::optional<std::int64_t>{};
  RATECARD_TRY(std::int64_t count, read_count(*member, path_of(key), min, max));
  return std::optional<std::int64_t>(count);
}

Result<Currency> ObjectReader::currency(std::string_view key) {
  RATECARD_TRY(const Json* member, require(key));
  return read_currency(*member, path_of(key));
}

Result<Instant> ObjectReader::instant(std::string_view key) {
  RATECARD_TRY(const Json* member, require(key));
  return read_instant(*member, path_of(key));
}

Result<std::optional<Instant>> ObjectReader::optional_instant(std::string_view key) {
  const Json* member = find(key);
  if (member == nullptr) return std::optional<Instant>{};
  RATECARD_TRY(Instant instant, read_instant(*member, path_of(key)));
  return std::optional<Instant>(instant);
}

Result<CivilDate> ObjectReader::civil_date(std::string_view key) {
  RATECARD_TRY(const Json* member, require(key));
  return read_civil_date(*member, path_of(key));
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
