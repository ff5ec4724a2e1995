#include "crypto/sha256.hpp"

#include <algorithm>
#include <cstring>

#include "crypto/sha256_blocks.hpp"

namespace ratecard {
namespace {

// The first 32 bits of the fractional parts of the square roots of the first 8 primes.
constexpr std::array<std::uint32_t, 8> kInitialState = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

Sha256BlockFunction block_function(Sha256Engine engine) noexcept {
  if (engine == Sha256Engine::kFastest) {
    if (const Sha256BlockFunction native = sha256_blocks_native()) return native;
  }
  return &sha256_blocks_portable;
}

}  // namespace

bool sha256_native_available() noexcept { return sha256_blocks_native() != nullptr; }

Sha256::Sha256(Sha256Engine engine) noexcept : compress_(block_function(engine)), state_(kInitialState) {}

void Sha256::update(std::string_view bytes) noexcept {
  if (bytes.empty()) return;
  message_bytes_ += bytes.size();
  const auto* next = reinterpret_cast<const std::uint8_t*>(bytes.data());
  std::size_t left = bytes.size();
  if (buffered_ > 0) {
    const std::size_t taken = std::min(left, buffer_.size() - buffered_);
    std::memcpy(buffer_.data() + buffered_, next, taken);
    buffered_ += taken;
    next += taken;
    left -= taken;
    if (buffered_ < buffer_.size()) return;
    compress_(state_, buffer_.data(), 1);
    buffered_ = 0;
  }
  // Whole blocks straight from the message, the rest kept for the next update or finish.
  const std::size_t blocks = left / kSha256BlockBytes;
  if (blocks > 0) compress_(state_, next, blocks);
  next += blocks * kSha256BlockBytes;
  left -= blocks * kSha256BlockBytes;
  if (left > 0) std::memcpy(buffer_.data(), next, left);
  buffered_ = left;
}

Sha256::Digest Sha256::finish() noexcept {
  const std::uint64_t message_bits = message_bytes_ * 8U;
  // Padding: one 1 bit, zeros up to 56 bytes into a block, then the length in bits.
  buffer_[buffered_++] = 0x80;
  if (buffered_ > 56) {
    std::fill(buffer_.begin() + static_cast<std::ptrdiff_t>(buffered_), buffer_.end(), std::uint8_t{0});
    compress_(state_, buffer_.data(), 1);
    buffered_ = 0;
  }
  std::fill(buffer_.begin() + static_cast<std::ptrdiff_t>(buffered_), buffer_.begin() + 56, std::uint8_t{0});
  for (unsigned i = 0; i < 8; ++i) buffer_[56 + i] = static_cast<std::uint8_t>(message_bits >> (56U - 8U * i));
  compress_(state_, buffer_.data(), 1);
  Digest digest{};
  for (std::size_t i = 0; i < 8; ++i) {
    for (unsigned byte = 0; byte < 4; ++byte) {
      digest[4 * i + byte] = static_cast<std::uint8_t>(state_[i] >> (24U - 8U * byte));
    }
  }
  return digest;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 hash;
  hash.update(bytes);
  const Sha256::Digest digest = hash.finish();
  constexpr std::string_view kHexDigits = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * digest.size());
  for (const std::uint8_t byte : digest) {
    hex.push_back(kHexDigits[byte >> 4U]);
    hex.push_back(kHexDigits[byte & 0x0fU]);
  }
  return hex;
}

}  // namespace ratecard
