// libFuzzer target over the core's one entry point. Any input must give a well-formed,
// canonical envelope with a documented error code; a crash, a hang, a leak, undefined
// behaviour, an INTERNAL error or a malformed response aborts the run, and libFuzzer keeps
// the input (scripts/fuzz.sh; regressions go to tests/fuzz/regressions/).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "envelope_check.hpp"
#include "ratecard/evaluate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view request(reinterpret_cast<const char*>(data), size);
  const std::string response = ratecard::evaluate(request);
  if (const auto defect = ratecard::testing::envelope_defect(request, response)) {
    std::fprintf(stderr, "evaluate_fuzzer: %s\nresponse: %.2000s\n", defect->c_str(), response.c_str());
    std::abort();
  }
  return 0;
}
