#include "json/json_pointer.hpp"
#include "json/request_parser.hpp"
#include "ops/envelope.hpp"
#include "ops/ops.hpp"
#include "ratecard/limits.hpp"

namespace ratecard {

// Each element is answered exactly as if it were evaluated alone (its error paths are
// relative to the element), so batching never changes an answer. Batches do not nest.
Result<std::string> run_batch(ObjectReader& request) {
  RATECARD_TRY(const Json* requests, request.array("requests"));
  if (requests->size() > kMaxBatchRequests) {
    return Error{ErrorCode::kLimitExceeded,
                 "a batch holds at most " + std::to_string(kMaxBatchRequests) + " requests, got " +
                     std::to_string(requests->size()),
                 request.path_of("requests")};
  }
  // {"responses":[envelope,...]}, each envelope written by evaluate_request.
  std::string text = R"({"responses":[)";
  for (std::size_t i = 0; i < requests->size(); ++i) {
    if (i > 0) text += ',';
    const Json& element = (*requests)[i];
    if (element.is_object()) {
      const auto op = element.find("op");
      if (op != element.end() && op->is_string() && op->get_ref<const std::string&>() == "batch") {
        text += dump_canonical(
            error_envelope(Error{ErrorCode::kInvalidArgument, "batches cannot contain batches", "/op"}));
        continue;
      }
    }
    text += evaluate_request(element);
  }
  text += "]}";
  return text;
}

}  // namespace ratecard
