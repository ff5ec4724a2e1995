#include "ops/envelope.hpp"

#include "json/request_parser.hpp"
#include "ops/op_registry.hpp"
#include "ratecard/overflow.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

Result<std::string> run_op(const Json& request) {
  RATECARD_TRY(ObjectReader reader, ObjectReader::open(request, ""));
  RATECARD_TRY(std::string name, reader.string("op"));
  const OpDefinition* op = find_op(name);
  if (op == nullptr) {
    return Error{ErrorCode::kUnknownOp,
                 quote_for_message(name) + " is not an operation (docs/core-api.md lists them)",
                 "/op"};
  }
  RATECARD_TRY(std::string result, op->run(reader));
  RATECARD_CHECK(reader.finish());
  return result;
}

}  // namespace

Json error_envelope(const Error& error) {
  return Json{{"ok", false},
              {"error", {{"code", error_code_name(error.code)}, {"message", error.message}, {"path", error.path}}}};
}

std::string evaluate_request(const Json& request) {
  const ArithmeticScope arithmetic;
  Result<std::string> result = run_op(request);
  switch (arithmetic.fault()) {
    case ArithmeticFault::kNone: break;
    case ArithmeticFault::kOverflow:
      return dump_canonical(error_envelope(
          Error{ErrorCode::kOverflow, "an intermediate result is beyond the exact range of the core", ""}));
    case ArithmeticFault::kDivisionByZero:
      return dump_canonical(
          error_envelope(Error{ErrorCode::kInternal, "a computation divided by zero (a defect in the core)", ""}));
  }
  if (!result) return dump_canonical(error_envelope(result.error()));
  // {"ok":true,"result":...}: "ok" sorts before "result".
  constexpr std::string_view kOpening = R"({"ok":true,"result":)";
  std::string envelope;
  envelope.reserve(kOpening.size() + result->size() + 1);
  envelope.append(kOpening).append(*result) += '}';
  return envelope;
}

}  // namespace ratecard
