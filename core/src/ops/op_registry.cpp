#include "ops/op_registry.hpp"

#include <algorithm>
#include <iterator>

#include "ops/ops.hpp"

namespace ratecard {
namespace {

// An operation that builds a DOM, written as dump_canonical writes it.
template <OpHandler Run>
Status run_dom_op(ObjectReader& request, CanonicalWriter& out) {
  RATECARD_TRY(Json result, Run(request));
  out.dom(result);
  return ok_status();
}

constexpr OpDefinition kOps[] = {
    {"aggregate", run_dom_op<run_aggregate>},
    {"batch", run_batch},
    {"entitlements", run_entitlements},
    {"invoice", run_invoice},
    {"mrr", run_dom_op<run_mrr>},
    {"periods", run_dom_op<run_periods>},
    {"price", run_price},
    {"prorate", run_dom_op<run_prorate>},
    {"quote", run_quote},
    {"recognize", run_dom_op<run_recognize>},
    {"tax", run_dom_op<run_tax>},
};

}  // namespace

const OpDefinition* find_op(std::string_view name) noexcept {
  const auto found = std::find_if(std::begin(kOps), std::end(kOps),
                                  [&](const OpDefinition& op) { return op.name == name; });
  return found == std::end(kOps) ? nullptr : found;
}

}  // namespace ratecard
