#pragma once

#include <cstdint>
#include <string>

#include "calendar/instant.hpp"
#include "json/json.hpp"
#include "ratecard/currency.hpp"
#include "ratecard/decimal.hpp"
#include "ratecard/result.hpp"
#include "ratecard/rounding.hpp"

namespace ratecard {

/// Which signs a number may have.
enum class Sign { kAny, kNonNegative, kPositive };

/// A JSON string. INVALID_TYPE otherwise.
[[nodiscard]] Result<std::string> read_string(const Json& value, const std::string& path);

/// A JSON boolean. INVALID_TYPE otherwise.
[[nodiscard]] Result<bool> read_bool(const Json& value, const std::string& path);

/// A money amount: a decimal string only (never a JSON number), with the given sign.
[[nodiscard]] Result<Decimal> read_money(const Json& value, const std::string& path, Sign sign);

/// A quantity: a decimal string or an integer JSON number, with the given sign.
/// JSON numbers with a fraction or an exponent are refused (INVALID_ARGUMENT).
[[nodiscard]] Result<Decimal> read_quantity(const Json& value, const std::string& path, Sign sign);

/// A percentage rate: a decimal string between 0 and 100 inclusive.
[[nodiscard]] Result<Decimal> read_percent(const Json& value, const std::string& path);

/// A count: an integer JSON number between min and max.
[[nodiscard]] Result<std::int64_t> read_count(const Json& value, const std::string& path, std::int64_t min,
                                              std::int64_t max);

/// An active ISO 4217 code. UNKNOWN_CURRENCY otherwise.
[[nodiscard]] Result<Currency> read_currency(const Json& value, const std::string& path);

/// One of the rounding mode names.
[[nodiscard]] Result<RoundingMode> read_rounding_mode(const Json& value, const std::string& path);

/// An RFC 3339 date-time string with seconds and an offset ("2026-01-31T09:30:00Z").
[[nodiscard]] Result<Instant> read_instant(const Json& value, const std::string& path);

/// A "YYYY-MM-DD" date string.
[[nodiscard]] Result<CivilDate> read_civil_date(const Json& value, const std::string& path);

/// The JSON type of a value in words, for messages ("a string", "an object", ...).
[[nodiscard]] std::string describe_json_type(const Json& value);

}  // namespace ratecard
