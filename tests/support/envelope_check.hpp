#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "json/json.hpp"

namespace ratecard::testing {

/// Sends a request (dumped canonically) through evaluate() and returns the parsed response.
[[nodiscard]] Json evaluate_json(const Json& request);

/// Checks one answer of evaluate() against the boundary's promises, for any request text:
/// the response is canonical JSON (parsing and re-dumping gives the same bytes); it is
/// `{"ok":true,"result":{...}}` or `{"ok":false,"error":{"code","message","path"}}` and
/// nothing else; the code is one of the documented codes and never INTERNAL; the message is
/// not empty; the path is a JSON Pointer whose parent exists in the request (when the
/// request is a JSON object; MISSING_FIELD may also name a member of an absent object); a
/// batch answers one well-formed envelope per element.
/// Returns a description of the first broken promise, or nothing when all hold.
[[nodiscard]] std::optional<std::string> envelope_defect(std::string_view request, std::string_view response);

}  // namespace ratecard::testing
