#include "numbers/big_int_text.hpp"

#include <cstdint>
#include <vector>

#include "numbers/int128_math.hpp"

namespace ratecard {

std::string to_decimal_text(const BigInt& value) {
  if (fits_int128(value)) return int128::to_text(to_int128(value));
  // Beyond 127 bits: chunks of 19 digits (10^19 < 2^64) from the right until the rest fits.
  constexpr std::uint64_t kChunk = 10'000'000'000'000'000'000ULL;
  constexpr std::size_t kChunkDigits = 19;
  BigInt rest = value.sign() < 0 ? BigInt(-value) : value;
  std::vector<std::uint64_t> chunks;
  while (!fits_int128(rest)) {
    chunks.push_back(static_cast<std::uint64_t>(rest % kChunk));
    rest /= kChunk;
  }
  std::string text = value.sign() < 0 ? "-" : "";
  int128::append_digits(text, static_cast<UInt128>(to_int128(rest)));
  for (auto chunk = chunks.rbegin(); chunk != chunks.rend(); ++chunk) {
    const std::string digits = std::to_string(*chunk);
    text.append(kChunkDigits - digits.size(), '0');
    text += digits;
  }
  return text;
}

}  // namespace ratecard
