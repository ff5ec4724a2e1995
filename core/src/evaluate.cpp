#include "ratecard/evaluate.hpp"

#include <exception>

#include "calendar/time_zone_table.hpp"
#include "json/request_parser.hpp"
#include "ops/envelope.hpp"

namespace ratecard {

std::string evaluate(std::string_view request_json) noexcept {
  try {
    Result<Json> request = parse_request(request_json);
    if (!request) return dump_canonical(error_envelope(request.error()));
    return evaluate_request(*request);
  } catch (const std::exception& defect) {
    // Only reachable through a defect (or memory exhaustion): still an answer, not a crash.
    return dump_canonical(error_envelope(Error{ErrorCode::kInternal, defect.what(), ""}));
  } catch (...) {
    return R"({"error":{"code":"INTERNAL","message":"unexpected failure","path":""},"ok":false})";
  }
}

std::string_view core_version() noexcept { return RATECARD_VERSION; }

std::string_view tzdata_version() noexcept { return time_zone_table().tzdata_version; }

}  // namespace ratecard
