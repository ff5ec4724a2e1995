#pragma once

#include <string>

#include "json/json.hpp"
#include "ratecard/error.hpp"

namespace ratecard {

/// Evaluates one parsed request into the canonical text of its response envelope:
/// `{"ok":true,"result":...}` or `{"ok":false,"error":{...}}`. Arithmetic faults inside the op
/// become OVERFLOW.
[[nodiscard]] std::string evaluate_request(const Json& request);

/// The envelope of an error.
[[nodiscard]] Json error_envelope(const Error& error);

}  // namespace ratecard
