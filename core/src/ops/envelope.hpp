#pragma once

#include <cstddef>

#include "json/canonical_writer.hpp"
#include "json/json.hpp"
#include "ratecard/error.hpp"
#include "ratecard/overflow.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// Writes the envelope of an error: `{"error":{"code":...,"message":...,"path":...},"ok":false}`.
void write_error_response(const Error& error, CanonicalWriter& out);

/// Writes the response envelope of an op run by `run(out)`, which writes its result and returns
/// a Status: `{"ok":true,"result":...}`, or `{"ok":false,"error":{...}}` when it fails. An
/// arithmetic fault inside it becomes OVERFLOW. The success envelope is written before the op
/// runs (ok, then result) and dropped when it fails, so a result goes to the buffer once.
template <typename Run>
void write_envelope(CanonicalWriter& out, Run&& run) {
  const ArithmeticScope arithmetic;
  const std::size_t start = out.mark();
  out.begin_object();
  out.key("ok");
  out.boolean(true);
  out.key("result");
  const Status status = run(out);
  switch (arithmetic.fault()) {
    case ArithmeticFault::kNone: break;
    case ArithmeticFault::kOverflow:
      out.truncate(start);
      write_error_response(
          Error{ErrorCode::kOverflow, "an intermediate result is beyond the exact range of the core", ""}, out);
      return;
    case ArithmeticFault::kDivisionByZero:
      out.truncate(start);
      write_error_response(Error{ErrorCode::kInternal, "a computation divided by zero (a defect in the core)", ""},
                           out);
      return;
  }
  if (!status) {
    out.truncate(start);
    write_error_response(status.error(), out);
    return;
  }
  out.end_object();
}

/// Evaluates one parsed request and writes its response envelope (see write_envelope).
void write_response(const Json& request, CanonicalWriter& out);

}  // namespace ratecard
