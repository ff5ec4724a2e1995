#pragma once

#include <string>
#include <string_view>

namespace ratecard {

/// A user-supplied text made safe for an error message: JSON-quoted and cut to a
/// readable length, so a 50 MB string cannot make a 50 MB message.
[[nodiscard]] std::string quote_for_message(std::string_view text);

}  // namespace ratecard
