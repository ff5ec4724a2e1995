// The core as WebAssembly: the same one-function boundary as the CLI and the Node addon.
// Everything else (typed helpers, errors as BillingError) lives in the JavaScript package.
#include <emscripten/bind.h>

#include <string>

#include "ratecard/evaluate.hpp"

namespace {

// JavaScript passes the request as UTF-8 bytes (a Uint8Array encoded by TextEncoder), so a
// string with a lone surrogate reaches the core exactly as it does through the Node addon.
std::string evaluate_json(const std::string& request_json) { return ratecard::evaluate(request_json); }

// What computed the answers: a stored result can be recomputed by the same core and tzdata.
std::string core_version() { return std::string(ratecard::core_version()); }
std::string tzdata_version() { return std::string(ratecard::tzdata_version()); }

}  // namespace

EMSCRIPTEN_BINDINGS(ratecard) {
  emscripten::function("evaluateJson", &evaluate_json);
  emscripten::function("coreVersion", &core_version);
  emscripten::function("tzdataVersion", &tzdata_version);
}
