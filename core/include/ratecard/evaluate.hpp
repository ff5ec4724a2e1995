#pragma once

#include <string>
#include <string_view>

namespace ratecard {

/// The core's one entry point: a JSON request in, a canonical JSON response out
/// (`{"ok":true,"result":...}` or `{"ok":false,"error":{"code","message","path"}}`,
/// compact, keys sorted). Never throws; every failure is an error response.
[[nodiscard]] std::string evaluate(std::string_view request_json) noexcept;

/// The core's version, e.g. "0.1.0".
[[nodiscard]] std::string_view core_version() noexcept;

/// The tzdata release whose time zones are compiled into the core, e.g. "2026f". Billing
/// periods in a zone depend on it, so bindings report it next to core_version().
[[nodiscard]] std::string_view tzdata_version() noexcept;

}  // namespace ratecard
