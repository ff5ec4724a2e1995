#include "json/value_readers.hpp"

#include <limits>

#include "text/quote.hpp"

namespace ratecard {
namespace {

Error invalid_type(const Json& value, const std::string& path, std::string_view expected) {
  return Error{ErrorCode::kInvalidType, "expected " + std::string(expected) + ", got " + describe_json_type(value),
               path};
}

Error with_path(Error error, const std::string& path) {
  error.path = path;
  return error;
}

Status check_sign(const Decimal& number, const std::string& path, Sign sign) {
  if (sign == Sign::kNonNegative && number.sign() < 0) {
    return Error{ErrorCode::kInvalidArgument, "must not be negative, got " + number.to_string(), path};
  }
  if (sign == Sign::kPositive && number.sign() <= 0) {
    return Error{ErrorCode::kInvalidArgument, "must be greater than zero, got " + number.to_string(), path};
  }
  return ok_status();
}

Result<Decimal> parse_decimal_text(const std::string& text, const std::string& path) {
  auto parsed = Decimal::parse(text);
  if (!parsed) return with_path(std::move(parsed).error(), path);
  return parsed;
}

}  // namespace

std::string describe_json_type(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "an integer";
    case Json::value_t::number_float: return "a number with a fraction or exponent";
    case Json::value_t::binary:
    case Json::value_t::discarded: break;
  }
  return "an unsupported value";
}

Result<std::string> read_string(const Json& value, const std::string& path) {
  if (!value.is_string()) return invalid_type(value, path, "a string");
  return value.get_ref<const std::string&>();
}

Result<bool> read_bool(const Json& value, const std::string& path) {
  if (!value.is_boolean()) return invalid_type(value, path, "true or false");
  return value.get<bool>();
}

Result<Decimal> read_money(const Json& value, const std::string& path, Sign sign) {
  if (value.is_number()) {
    return Error{ErrorCode::kInvalidType,
                 "amounts are decimal strings such as \"12.50\", never JSON numbers", path};
  }
  if (!value.is_string()) return invalid_type(value, path, "a decimal string such as \"12.50\"");
  RATECARD_TRY(Decimal number, parse_decimal_text(value.get_ref<const std::string&>(), path));
  RATECARD_CHECK(check_sign(number, path, sign));
  return number;
}

Result<Decimal> read_quantity(const Json& value, const std::string& path, Sign sign) {
  Decimal number;
  if (value.is_number_float()) {
    return Error{ErrorCode::kInvalidArgument,
                 "JSON numbers with a fraction, an exponent or more than 19 digits are not exact; "
                 "pass a decimal string such as \"2.5\"",
                 path};
  }
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    auto converted = Decimal::from_integer(BigInt(value.get<std::int64_t>()));
    if (!converted) return with_path(std::move(converted).error(), path);
    number = *converted;
  } else if (value.is_number_unsigned()) {
    auto converted = Decimal::from_integer(BigInt(value.get<std::uint64_t>()));
    if (!converted) return with_path(std::move(converted).error(), path);
    number = *converted;
  } else if (value.is_string()) {
    RATECARD_TRY(number, parse_decimal_text(value.get_ref<const std::string&>(), path));
  } else {
    return invalid_type(value, path, "a decimal string or an integer");
  }
  RATECARD_CHECK(check_sign(number, path, sign));
  return number;
}

Result<Decimal> read_percent(const Json& value, const std::string& path) {
  if (value.is_number()) {
    return Error{ErrorCode::kInvalidType, "rates are decimal strings such as \"2.9\", never JSON numbers", path};
  }
  if (!value.is_string()) return invalid_type(value, path, "a decimal string such as \"2.9\"");
  RATECARD_TRY(Decimal rate, parse_decimal_text(value.get_ref<const std::string&>(), path));
  static const Decimal kHundred = *Decimal::from_integer(BigInt(100));
  if (rate.sign() < 0 || rate > kHundred) {
    return Error{ErrorCode::kInvalidArgument, "a rate is a percentage from 0 to 100, got " + rate.to_string(), path};
  }
  return rate;
}

Result<std::int64_t> read_count(const Json& value, const std::string& path, std::int64_t min, std::int64_t max) {
  std::int64_t count = 0;
  if (value.is_number_unsigned()) {
    const auto raw = value.get<std::uint64_t>();
    count = raw > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                ? std::numeric_limits<std::int64_t>::max()
                : static_cast<std::int64_t>(raw);
  } else if (value.is_number_integer()) {
    count = value.get<std::int64_t>();
  } else if (value.is_number_float()) {
    return Error{ErrorCode::kInvalidArgument, "a count is a whole JSON number such as 3", path};
  } else {
    return invalid_type(value, path, "an integer");
  }
  if (count < min || count > max) {
    return Error{ErrorCode::kInvalidArgument,
                 "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                     value.dump(),
                 path};
  }
  return count;
}

Result<Currency> read_currency(const Json& value, const std::string& path) {
  RATECARD_TRY(std::string code, read_string(value, path));
  const auto currency = find_currency(code);
  if (!currency) {
    return Error{ErrorCode::kUnknownCurrency,
                 quote_for_message(code) + " is not an active ISO 4217 currency code (use upper case, e.g. \"USD\")",
                 path};
  }
  return *currency;
}

Result<RoundingMode> read_rounding_mode(const Json& value, const std::string& path) {
  RATECARD_TRY(std::string name, read_string(value, path));
  const auto mode = parse_rounding_mode(name);
  if (!mode) {
    return Error{ErrorCode::kInvalidArgument,
                 quote_for_message(name) + " is not a rounding mode; use half_up, half_even, up or down", path};
  }
  return *mode;
}

Result<Instant> read_instant(const Json& value, const std::string& path) {
  RATECARD_TRY(std::string text, read_string(value, path));
  auto instant = parse_instant(text);
  if (!instant) return with_path(std::move(instant).error(), path);
  return instant;
}

Result<CivilDate> read_civil_date(const Json& value, const std::string& path) {
  RATECARD_TRY(std::string text, read_string(value, path));
  auto date = parse_civil_date(text);
  if (!date) return with_path(std::move(date).error(), path);
  return date;
}

}  // namespace ratecard
