#include <gtest/gtest.h>

#include <string>

#include "crypto/sha256.hpp"

namespace ratecard {
namespace {

// The FIPS 180-4 example messages (NIST CSRC "SHA256.pdf" and "SHA2_Additional.pdf").
TEST(Sha256, NistEmptyMessage) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, NistAbc) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, Nist448BitMessage) {
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, Nist896BitMessage) {
  EXPECT_EQ(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                       "mnopqrstnopqrstu"),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(Sha256, NistOneMillionA) {
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Lengths around the padding boundary (55 bytes fit one block, 56 need a second); the
// expected digests come from Python's hashlib.
TEST(Sha256, PaddingBoundaries) {
  EXPECT_EQ(sha256_hex(std::string(55, 'x')), "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
  EXPECT_EQ(sha256_hex(std::string(56, 'x')), "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
  EXPECT_EQ(sha256_hex(std::string(63, 'x')), "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2");
  EXPECT_EQ(sha256_hex(std::string(64, 'x')), "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
  EXPECT_EQ(sha256_hex(std::string(119, 'x')), "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c");
}

TEST(Sha256, Utf8BytesAreHashedAsBytes) {
  EXPECT_EQ(sha256_hex("prix fixe \xe2\x80\x93 12,50 \xe2\x82\xac"),
            "55a4f8dd49bf0f68a7f1d3ccbae5a5aee960ea1ced10e3d3421031bfe37d9acc");
}

TEST(Sha256, PiecewiseUpdatesEqualOneUpdate) {
  const std::string message(1000, 'q');
  const std::string expected = sha256_hex(message);
  for (const std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{63}, std::size_t{64}, std::size_t{65}}) {
    Sha256 hash;
    for (std::size_t offset = 0; offset < message.size(); offset += piece) {
      hash.update(std::string_view(message).substr(offset, piece));
    }
    const Sha256::Digest digest = hash.finish();
    std::string hex;
    for (const std::uint8_t byte : digest) {
      constexpr const char* kHex = "0123456789abcdef";
      hex += kHex[byte >> 4U];
      hex += kHex[byte & 0x0fU];
    }
    EXPECT_EQ(hex, expected) << "pieces of " << piece;
  }
}

}  // namespace
}  // namespace ratecard
