#include "ops/envelope.hpp"
#include "ops/ops.hpp"
#include "ratecard/limits.hpp"

namespace ratecard {

// Each element is answered exactly as if it were evaluated alone (its error paths are
// relative to the element), so batching never changes an answer. Batches do not nest.
Status run_batch(ObjectReader& request, CanonicalWriter& out) {
  RATECARD_TRY(const Json* requests, request.array("requests"));
  if (requests->size() > kMaxBatchRequests) {
    return Error{ErrorCode::kLimitExceeded,
                 "a batch holds at most " + std::to_string(kMaxBatchRequests) + " requests, got " +
                     std::to_string(requests->size()),
                 request.path_of("requests")};
  }
  out.begin_object();
  out.key("responses");
  out.begin_array();
  for (const Json& element : *requests) {
    if (element.is_object()) {
      const auto op = element.find("op");
      if (op != element.end() && op->is_string() && op->get_ref<const std::string&>() == "batch") {
        write_error_response(Error{ErrorCode::kInvalidArgument, "batches cannot contain batches", "/op"}, out);
        continue;
      }
    }
    write_response(element, out);
  }
  out.end_array();
  out.end_object();
  return ok_status();
}

}  // namespace ratecard
