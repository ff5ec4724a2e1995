#pragma once

#include <string>
#include <string_view>

namespace ratecard {

/// The stable error codes of the core's boundary. Codes are part of the public
/// contract (docs/core-api.md): new ones may be added, existing ones never change meaning.
enum class ErrorCode {
  kInvalidJson,       ///< The request is not well-formed JSON.
  kUnknownOp,         ///< `op` names no operation.
  kMissingField,      ///< A required field is absent.
  kUnknownField,      ///< A field the operation does not define (usually a typo).
  kInvalidType,       ///< A field has the wrong JSON type (string where a number is needed, ...).
  kInvalidArgument,   ///< A field has the right type but a value the operation refuses.
  kUnknownCurrency,   ///< A currency code is not an active ISO 4217 code.
  kUnknownTimeZone,   ///< A time zone name is not in the compiled tzdata (nor a fixed offset).
  kOverflow,          ///< A value or a result is outside the exact range of the core.
  kLimitExceeded,     ///< The request is larger or deeper than the documented limits.
  kInternal,          ///< A defect in the core; never expected, always a bug.
};

/// The wire name of a code, e.g. "INVALID_ARGUMENT".
[[nodiscard]] std::string_view error_code_name(ErrorCode code) noexcept;

/// An error as a value: a stable code, a human message and the JSON Pointer of the
/// offending field in the request ("" for the whole request).
struct Error {
  ErrorCode code;        ///< What kind of failure; stable, see ErrorCode.
  std::string message;   ///< For people: what is wrong and, where possible, how to fix it.
  std::string path;      ///< JSON Pointer into the request ("/price/tiers/2/up_to"), "" for all of it.
};

}  // namespace ratecard
