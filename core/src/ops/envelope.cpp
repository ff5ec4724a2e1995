#include "ops/envelope.hpp"

#include "ops/op_registry.hpp"
#include "ratecard/overflow.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

Result<Json> run_op(const Json& request) {
  RATECARD_TRY(ObjectReader reader, ObjectReader::open(request, ""));
  RATECARD_TRY(std::string name, reader.string("op"));
  const OpDefinition* op = find_op(name);
  if (op == nullptr) {
    return Error{ErrorCode::kUnknownOp,
                 quote_for_message(name) + " is not an operation (docs/core-api.md lists them)",
                 "/op"};
  }
  RATECARD_TRY(Json result, op->handler(reader));
  RATECARD_CHECK(reader.finish());
  return result;
}

}  // namespace

Json error_envelope(const Error& error) {
  return Json{{"ok", false},
              {"error", {{"code", error_code_name(error.code)}, {"message", error.message}, {"path", error.path}}}};
}

Json evaluate_request(const Json& request) {
  const ArithmeticScope arithmetic;
  Result<Json> result = run_op(request);
  switch (arithmetic.fault()) {
    case ArithmeticFault::kNone: break;
    case ArithmeticFault::kOverflow:
      return error_envelope(
          Error{ErrorCode::kOverflow, "an intermediate result is beyond the exact range of the core", ""});
    case ArithmeticFault::kDivisionByZero:
      return error_envelope(Error{ErrorCode::kInternal, "a computation divided by zero (a defect in the core)", ""});
  }
  if (!result) return error_envelope(result.error());
  return Json{{"ok", true}, {"result", std::move(result).value()}};
}

}  // namespace ratecard
