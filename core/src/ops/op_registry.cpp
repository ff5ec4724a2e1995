#include "ops/op_registry.hpp"

#include <algorithm>
#include <iterator>

#include "json/request_parser.hpp"
#include "ops/ops.hpp"

namespace ratecard {
namespace {

constexpr OpDefinition kOps[] = {
    {"aggregate", run_aggregate},
    {"batch", run_batch},
    {"entitlements", run_entitlements},
    {"invoice", run_invoice},
    {"mrr", run_mrr},
    {"periods", run_periods},
    {"price", run_price},
    {"prorate", run_prorate},
    {"quote", run_quote},
    {"recognize", run_recognize},
    {"tax", run_tax},
};

}  // namespace

Result<std::string> OpDefinition::run(ObjectReader& request) const {
  if (writer != nullptr) return writer(request);
  RATECARD_TRY(const Json result, handler(request));
  return dump_canonical(result);
}

const OpDefinition* find_op(std::string_view name) noexcept {
  const auto found = std::find_if(std::begin(kOps), std::end(kOps),
                                  [&](const OpDefinition& op) { return op.name == name; });
  return found == std::end(kOps) ? nullptr : found;
}

}  // namespace ratecard
