#include "entitlements/access.hpp"
#include "entitlements/entitlement_reader.hpp"
#include "entitlements/entitlement_request_text.hpp"
#include "entitlements/feature_reader.hpp"
#include "entitlements/reset_timeline.hpp"
#include "entitlements/status_writer.hpp"
#include "ops/envelope.hpp"
#include "ops/ops.hpp"

namespace ratecard {
namespace {

Result<FeatureStatus> evaluate(const Feature& feature, const EntitlementInput& input, const AccessCheck* check) {
  RATECARD_TRY(ResetTimeline timeline, reset_timeline(feature, input));
  return evaluate_feature(feature, input, timeline, check);
}

// The answer to a check: the feature's status, or not_entitled when nothing defines it.
Result<FeatureStatus> answer_check(const EntitlementInput& input, const AccessCheck& check) {
  const Feature* feature = find_feature(input, check.feature);
  if (feature == nullptr) return not_entitled(check.feature);
  return evaluate(*feature, input, &check);
}

// Reads a request (from a DOM or from its text), computes its result and writes it.
template <typename Reader>
Status write_entitlements_of(Reader& request, CanonicalWriter& out) {
  RATECARD_TRY(EntitlementInput input, read_entitlement_input(request));
  if (input.check) {
    RATECARD_TRY(FeatureStatus status, answer_check(input, *input.check));
    write_check_result(out, status, *input.check);
    return ok_status();
  }
  std::vector<FeatureStatus> statuses;
  statuses.reserve(input.features.size());
  for (const Feature& feature : input.features) {
    RATECARD_TRY(FeatureStatus status, evaluate(feature, input, nullptr));
    statuses.push_back(std::move(status));
  }
  write_features_result(out, input.at, statuses);
  return ok_status();
}

}  // namespace

Status run_entitlements(ObjectReader& request, CanonicalWriter& out) { return write_entitlements_of(request, out); }

bool write_entitlements_response_from_text(std::string_view text, CanonicalWriter& out) {
  const std::optional<RawEntitlementRequest> raw = read_entitlement_request_text(text);
  if (!raw) return false;
  write_envelope(out, [&raw](CanonicalWriter& result_out) -> Status {
    ShapeReader<RawEntitlementRequest> request(*raw, "");
    request.mark_read("op");  // "entitlements", as the reader checked
    RATECARD_CHECK(write_entitlements_of(request, result_out));
    return request.finish();
  });
  return true;
}

}  // namespace ratecard
