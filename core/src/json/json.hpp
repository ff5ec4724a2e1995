#pragma once

#include <nlohmann/json.hpp>

namespace ratecard {

/// The core's JSON value. Objects keep their keys sorted (std::map), which is what makes
/// every response canonical.
using Json = nlohmann::json;

}  // namespace ratecard
