#include "ratecard/evaluate.hpp"

#include <algorithm>
#include <exception>

#include "calendar/time_zone_table.hpp"
#include "json/canonical_writer.hpp"
#include "json/request_parser.hpp"
#include "ops/envelope.hpp"
#include "ops/ops.hpp"

namespace ratecard {
namespace {

// The response is written into one buffer reserved up front: most responses are within
// twice the size of their request, and a small request still gets room for its answer.
constexpr std::size_t kMinResponseReserve = 1024;

std::string error_response(const Error& error) {
  std::string response;
  CanonicalWriter out(response);
  write_error_response(error, out);
  return response;
}

}  // namespace

std::string evaluate(std::string_view request_json) noexcept {
  try {
    std::string response;
    response.reserve(std::max(kMinResponseReserve, 2 * request_json.size()));
    CanonicalWriter out(response);
    if (write_price_response_from_text(request_json, out)) return response;
    if (write_entitlements_response_from_text(request_json, out)) return response;
    if (write_invoice_response_from_text(request_json, out)) return response;
    Result<Json> request = parse_request(request_json);
    if (!request) return error_response(request.error());
    write_response(*request, out);
    return response;
  } catch (const std::exception& defect) {
    // Only reachable through a defect (or memory exhaustion): still an answer, not a crash.
    return error_response(Error{ErrorCode::kInternal, defect.what(), ""});
  } catch (...) {
    return R"({"error":{"code":"INTERNAL","message":"unexpected failure","path":""},"ok":false})";
  }
}

std::string_view core_version() noexcept { return RATECARD_VERSION; }

std::string_view tzdata_version() noexcept { return time_zone_table().tzdata_version; }

}  // namespace ratecard
