#include "ratecard/error.hpp"

namespace ratecard {

std::string_view error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kInvalidJson: return "INVALID_JSON";
    case ErrorCode::kUnknownOp: return "UNKNOWN_OP";
    case ErrorCode::kMissingField: return "MISSING_FIELD";
    case ErrorCode::kUnknownField: return "UNKNOWN_FIELD";
    case ErrorCode::kInvalidType: return "INVALID_TYPE";
    case ErrorCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case ErrorCode::kUnknownCurrency: return "UNKNOWN_CURRENCY";
    case ErrorCode::kUnknownTimeZone: return "UNKNOWN_TIME_ZONE";
    case ErrorCode::kOverflow: return "OVERFLOW";
    case ErrorCode::kLimitExceeded: return "LIMIT_EXCEEDED";
    case ErrorCode::kInternal: return "INTERNAL";
  }
  return "INTERNAL";
}

}  // namespace ratecard
