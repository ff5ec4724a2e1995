#include "ratecard/big_int.hpp"

#include <climits>
#include <cstdint>
#include <optional>

#include "numbers/int128_math.hpp"

namespace ratecard {
namespace {

// |value| when it has at most 128 bits, read from Boost's limbs (least significant first).
std::optional<UInt128> small_magnitude(const BigInt& value) {
  const auto& backend = value.backend();
  constexpr std::size_t kLimbBits = sizeof(*backend.limbs()) * CHAR_BIT;
  if (backend.size() * kLimbBits > 128) return std::nullopt;
  UInt128 magnitude = 0;
  for (std::size_t i = backend.size(); i-- > 0;) magnitude = (magnitude << kLimbBits) | backend.limbs()[i];
  return magnitude;
}

}  // namespace

BigInt to_big_int(Int128 value) {
  const UInt128 magnitude = int128::magnitude(value);
  BigInt result = static_cast<std::uint64_t>(magnitude >> 64);
  if (!result.is_zero()) result <<= 64;
  result += static_cast<std::uint64_t>(magnitude);
  return value < 0 ? BigInt(-result) : result;
}

bool fits_int128(const BigInt& value) {
  const std::optional<UInt128> magnitude = small_magnitude(value);
  return magnitude && (*magnitude >> 127) == 0;
}

Int128 to_int128(const BigInt& value) {
  const auto magnitude = static_cast<Int128>(*small_magnitude(value));
  return value.sign() < 0 ? -magnitude : magnitude;
}

}  // namespace ratecard
