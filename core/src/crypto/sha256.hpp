#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ratecard {

/// SHA-256 (FIPS 180-4), used for content hashes of invoices and quotes and fingerprints of
/// aggregation states. A small portable implementation so that the native build and the
/// WebAssembly build hash the same bytes the same way without any library.
class Sha256 {
 public:
  /// The 32-byte digest.
  using Digest = std::array<std::uint8_t, 32>;

  /// Starts a new hash.
  Sha256() noexcept;

  /// Appends bytes to the message.
  void update(std::string_view bytes) noexcept;

  /// Pads the message and returns its digest. Call once; the object is spent afterwards.
  [[nodiscard]] Digest finish() noexcept;

 private:
  void compress(const std::uint8_t* block) noexcept;

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t message_bytes_ = 0;
};

/// The SHA-256 digest of `bytes` as 64 lower-case hexadecimal digits.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace ratecard
