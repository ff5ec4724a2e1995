#include "ops/envelope.hpp"

#include "ops/op_registry.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

Status run_op(const Json& request, CanonicalWriter& out) {
  RATECARD_TRY(ObjectReader reader, ObjectReader::open(request, ""));
  RATECARD_TRY(std::string name, reader.string("op"));
  const OpDefinition* op = find_op(name);
  if (op == nullptr) {
    return Error{ErrorCode::kUnknownOp,
                 quote_for_message(name) + " is not an operation (docs/core-api.md lists them)",
                 "/op"};
  }
  RATECARD_CHECK(op->write(reader, out));
  return reader.finish();
}

}  // namespace

// Members in bytewise key order: error (code, message, path), ok.
void write_error_response(const Error& error, CanonicalWriter& out) {
  out.begin_object();
  out.key("error");
  out.begin_object();
  out.key("code");
  out.string(error_code_name(error.code));
  out.key("message");
  out.string(error.message);
  out.key("path");
  out.string(error.path);
  out.end_object();
  out.key("ok");
  out.boolean(false);
  out.end_object();
}

void write_response(const Json& request, CanonicalWriter& out) {
  write_envelope(out, [&request](CanonicalWriter& result_out) { return run_op(request, result_out); });
}

}  // namespace ratecard
