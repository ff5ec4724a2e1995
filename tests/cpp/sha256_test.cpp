#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>

#include "crypto/sha256.hpp"

namespace ratecard {
namespace {

std::string hex_of(const Sha256::Digest& digest) {
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string hex;
  for (const std::uint8_t byte : digest) {
    hex += kHex[byte >> 4U];
    hex += kHex[byte & 0x0fU];
  }
  return hex;
}

// The digest of `message` by `engine`, fed in pieces of `piece` bytes (0: in one update).
std::string digest_hex(Sha256Engine engine, std::string_view message, std::size_t piece = 0) {
  Sha256 hash(engine);
  if (piece == 0) {
    hash.update(message);
  } else {
    for (std::size_t offset = 0; offset < message.size(); offset += piece) hash.update(message.substr(offset, piece));
  }
  return hex_of(hash.finish());
}

// Random bytes from the engine's raw output (whose values the standard fixes), not through a
// distribution (whose values depend on the standard library).
std::string random_bytes(std::mt19937_64& random, std::size_t length) {
  std::string bytes(length, '\0');
  for (char& byte : bytes) byte = static_cast<char>(random() & 0xffU);
  return bytes;
}

// Every known-answer test runs through the portable code and through the fastest code of this
// machine (the CPU's SHA instructions where it has them).
class Sha256Engines : public ::testing::TestWithParam<Sha256Engine> {};

INSTANTIATE_TEST_SUITE_P(Engines, Sha256Engines, ::testing::Values(Sha256Engine::kPortable, Sha256Engine::kFastest),
                         [](const ::testing::TestParamInfo<Sha256Engine>& engine) {
                           return engine.param == Sha256Engine::kPortable ? "Portable" : "Fastest";
                         });

// The FIPS 180-4 example messages (NIST CSRC "SHA256.pdf" and "SHA2_Additional.pdf").
TEST_P(Sha256Engines, NistEmptyMessage) {
  EXPECT_EQ(digest_hex(GetParam(), ""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_P(Sha256Engines, NistAbc) {
  EXPECT_EQ(digest_hex(GetParam(), "abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_P(Sha256Engines, Nist448BitMessage) {
  EXPECT_EQ(digest_hex(GetParam(), "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_P(Sha256Engines, Nist896BitMessage) {
  EXPECT_EQ(digest_hex(GetParam(),
                       "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                       "mnopqrstnopqrstu"),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_P(Sha256Engines, NistOneMillionA) {
  const std::string message(1000000, 'a');
  EXPECT_EQ(digest_hex(GetParam(), message), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(digest_hex(GetParam(), message, 1000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Lengths around the padding boundary (55 bytes fit one block, 56 need a second); the
// expected digests come from Python's hashlib.
TEST_P(Sha256Engines, PaddingBoundaries) {
  EXPECT_EQ(digest_hex(GetParam(), std::string(55, 'x')), "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
  EXPECT_EQ(digest_hex(GetParam(), std::string(56, 'x')), "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
  EXPECT_EQ(digest_hex(GetParam(), std::string(63, 'x')), "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2");
  EXPECT_EQ(digest_hex(GetParam(), std::string(64, 'x')), "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
  EXPECT_EQ(digest_hex(GetParam(), std::string(119, 'x')), "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c");
}

TEST_P(Sha256Engines, Utf8BytesAreHashedAsBytes) {
  EXPECT_EQ(digest_hex(GetParam(), "prix fixe \xe2\x80\x93 12,50 \xe2\x82\xac"),
            "55a4f8dd49bf0f68a7f1d3ccbae5a5aee960ea1ced10e3d3421031bfe37d9acc");
}

TEST_P(Sha256Engines, PiecewiseUpdatesEqualOneUpdate) {
  const std::string message(1000, 'q');
  const std::string expected = digest_hex(GetParam(), message);
  for (const std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{63}, std::size_t{64}, std::size_t{65}}) {
    EXPECT_EQ(digest_hex(GetParam(), message, piece), expected) << "pieces of " << piece;
  }
}

TEST(Sha256, HexOfTheFastestEngine) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// On an x86 CPU whose flags list the SHA extensions (Linux's /proc/cpuinfo says sha_ni), the
// native code must be found: otherwise the comparisons below would compare portable with portable.
TEST(Sha256, FindsTheCpuShaInstructions) {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::stringstream flags;
  flags << cpuinfo.rdbuf();
  const bool listed = flags.str().find(" sha_ni") != std::string::npos;
#if defined(__x86_64__) || defined(__i386__)
  if (!cpuinfo) GTEST_SKIP() << "no /proc/cpuinfo to compare with";
  EXPECT_EQ(sha256_native_available(), listed);
#else
  (void)listed;
  EXPECT_FALSE(sha256_native_available());
#endif
}

// The native code against the portable code: every length from 0 to 300 bytes (each padding
// case of up to five blocks), in one update and in random pieces, and a long message.
TEST(Sha256, NativeEqualsPortable) {
  if (!sha256_native_available()) GTEST_SKIP() << "this CPU has no SHA instructions: only the portable code runs";
  std::mt19937_64 random(20261207);
  for (std::size_t length = 0; length <= 300; ++length) {
    const std::string message = random_bytes(random, length);
    const std::string portable = digest_hex(Sha256Engine::kPortable, message);
    EXPECT_EQ(digest_hex(Sha256Engine::kFastest, message), portable) << length << " bytes";
    const std::size_t piece = 1 + static_cast<std::size_t>(random() % 97U);
    EXPECT_EQ(digest_hex(Sha256Engine::kFastest, message, piece), portable) << length << " bytes in pieces of " << piece;
  }
  const std::string long_message = random_bytes(random, 100003);
  EXPECT_EQ(digest_hex(Sha256Engine::kFastest, long_message, 4099), digest_hex(Sha256Engine::kPortable, long_message));
}

}  // namespace
}  // namespace ratecard
