// Replays every input that ever made the fuzzer fail (tests/fuzz/regressions/, one raw
// request per file) and checks the envelope promises the fuzzer checks: canonical JSON, a
// documented error code, never INTERNAL, paths into the request.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "envelope_check.hpp"
#include "ratecard/evaluate.hpp"

namespace ratecard {
namespace {

TEST(FuzzRegressions, EveryKeptInputGivesAWellFormedAnswer) {
  std::size_t replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(RATECARD_FUZZ_REGRESSIONS_DIR)) {
    if (!entry.is_regular_file() || entry.path().extension() == ".md") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string request = buffer.str();
    const std::string response = evaluate(request);
    EXPECT_EQ(testing::envelope_defect(request, response), std::nullopt)
        << entry.path().filename() << " answered " << response;
    ++replayed;
  }
  std::printf("[ figures  ] replayed %zu fuzzer regression input(s)\n", replayed);
  // CMake counts the directory's inputs (tests/cpp/CMakeLists.txt): a wrong directory or a
  // filter that skips files would otherwise replay nothing and pass.
  EXPECT_EQ(replayed, std::size_t{RATECARD_FUZZ_REGRESSION_COUNT}) << "inputs in " << RATECARD_FUZZ_REGRESSIONS_DIR;
}

}  // namespace
}  // namespace ratecard
