// Runs every golden vector in tests/vectors/*.json through evaluate() and compares bytes
// with the canonical form of the vector's expected response. The same files are run by
// the addon, WASM-in-Node and WASM-in-Chromium suites.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "json/request_parser.hpp"
#include "ratecard/evaluate.hpp"

namespace ratecard {
namespace {

struct Vector {
  std::string file;
  std::string name;
  std::string request_text;
  std::string expected;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::filesystem::path> vector_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(RATECARD_VECTORS_DIR)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<Vector> load_vectors() {
  std::vector<Vector> vectors;
  for (const auto& file : vector_files()) {
    const Json cases = Json::parse(read_file(file));
    for (const Json& vector : cases) {
      // "request_text" carries requests that are not valid JSON or whose numbers would not
      // survive a round trip through another JSON library; "request" the rest.
      const std::string request = vector.contains("request_text") ? vector.at("request_text").get<std::string>()
                                                                   : dump_canonical(vector.at("request"));
      vectors.push_back({file.filename().string(), vector.at("name").get<std::string>(), request,
                         dump_canonical(vector.at("response"))});
    }
  }
  return vectors;
}

TEST(GoldenVectors, EveryVectorGivesItsResponseByteForByte) {
  const std::vector<Vector> vectors = load_vectors();
  ASSERT_FALSE(vectors.empty());
  for (const Vector& vector : vectors) {
    EXPECT_EQ(evaluate(vector.request_text), vector.expected) << vector.file << ": " << vector.name;
  }
}

// An empty file (or one that is not a list) would pass every other check while testing nothing.
TEST(GoldenVectors, EveryFileHoldsAListOfVectors) {
  const std::vector<std::filesystem::path> files = vector_files();
  ASSERT_FALSE(files.empty()) << "no tests/vectors/*.json";
  for (const auto& file : files) {
    const Json cases = Json::parse(read_file(file));
    EXPECT_TRUE(cases.is_array()) << file.filename() << " is not a JSON array";
    EXPECT_FALSE(cases.empty()) << file.filename() << " holds no vector";
  }
}

TEST(GoldenVectors, NamesAreUniquePerFile) {
  std::vector<std::string> keys;
  for (const Vector& vector : load_vectors()) keys.push_back(vector.file + "/" + vector.name);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end()) << "duplicate vector name";
}

}  // namespace
}  // namespace ratecard
