#include "ops/op_registry.hpp"

#include <algorithm>
#include <iterator>

#include "ops/ops.hpp"

namespace ratecard {
namespace {

// An operation that builds a DOM, written as dump_canonical writes it.
template <OpHandler Run>
Status write_dom_result(ObjectReader& request, CanonicalWriter& out) {
  RATECARD_TRY(Json result, Run(request));
  out.dom(result);
  return ok_status();
}

constexpr OpDefinition kOps[] = {
    {"aggregate", write_dom_result<run_aggregate>},
    {"batch", write_batch},
    {"entitlements", write_dom_result<run_entitlements>},
    {"invoice", write_dom_result<run_invoice>},
    {"mrr", write_dom_result<run_mrr>},
    {"periods", write_dom_result<run_periods>},
    {"price", write_price},
    {"prorate", write_dom_result<run_prorate>},
    {"quote", write_dom_result<run_quote>},
    {"recognize", write_dom_result<run_recognize>},
    {"tax", write_dom_result<run_tax>},
};

}  // namespace

const OpDefinition* find_op(std::string_view name) noexcept {
  const auto found = std::find_if(std::begin(kOps), std::end(kOps),
                                  [&](const OpDefinition& op) { return op.name == name; });
  return found == std::end(kOps) ? nullptr : found;
}

}  // namespace ratecard
