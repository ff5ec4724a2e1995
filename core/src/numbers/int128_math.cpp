#include "numbers/int128_math.hpp"

#include <utility>

namespace ratecard::int128 {
namespace {

unsigned trailing_zeros(UInt128 value) noexcept {
  const auto low = static_cast<std::uint64_t>(value);
  if (low != 0) return static_cast<unsigned>(__builtin_ctzll(low));
  return 64U + static_cast<unsigned>(__builtin_ctzll(static_cast<std::uint64_t>(value >> 64)));
}

std::uint64_t gcd64(std::uint64_t a, std::uint64_t b) noexcept {
  if (a == 0) return b;
  if (b == 0) return a;
  const int shift = __builtin_ctzll(a | b);
  a >>= __builtin_ctzll(a);
  while (b != 0) {
    b >>= __builtin_ctzll(b);
    if (a > b) std::swap(a, b);
    b -= a;
  }
  return a << shift;
}

}  // namespace

UInt128 gcd(UInt128 a, UInt128 b) noexcept {
  if (a == 0) return b;
  if (b == 0) return a;
  const unsigned shift = trailing_zeros(a | b);
  a >>= trailing_zeros(a);
  b >>= trailing_zeros(b);
  // Both odd from here; subtract the smaller from the larger until one is zero.
  while ((a >> 64) != 0 || (b >> 64) != 0) {
    if (a > b) std::swap(a, b);
    b -= a;
    if (b == 0) return a << shift;
    b >>= trailing_zeros(b);
  }
  return static_cast<UInt128>(gcd64(static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(b))) << shift;
}

void append_digits(std::string& text, UInt128 value) {
  constexpr std::uint64_t kChunk = 1'000'000'000'000'000'000ULL;  // 10^18
  if (value <= UINT64_MAX) {
    text += std::to_string(static_cast<std::uint64_t>(value));
    return;
  }
  // At most three chunks of 18 digits (2^128 < 10^39); all but the first padded.
  std::uint64_t chunks[3];
  int count = 0;
  while (value > UINT64_MAX || count == 0) {
    chunks[count++] = static_cast<std::uint64_t>(value % kChunk);
    value /= kChunk;
  }
  text += std::to_string(static_cast<std::uint64_t>(value));
  while (count > 0) {
    const std::string part = std::to_string(chunks[--count]);
    text.append(18 - part.size(), '0');
    text += part;
  }
}

std::string to_text(Int128 value) {
  std::string text;
  if (value < 0) text += '-';
  append_digits(text, magnitude(value));
  return text;
}

}  // namespace ratecard::int128
