#pragma once

#include <string>
#include <string_view>

#include "json/json.hpp"

namespace ratecard {

/// Adds a member to the canonical text of an object without writing the object again.
/// `object_text` is dump_canonical(object); `object` is a JSON object without a member `name`;
/// `value_text` is the member's value as canonical JSON text. Afterwards `object_text` is the
/// canonical text of the object with that member, at its sorted position. Costs a write of the
/// members sorted before `name` (to find the position), not of the whole object.
void splice_canonical_member(std::string& object_text, const Json& object, std::string_view name,
                             std::string_view value_text);

}  // namespace ratecard
