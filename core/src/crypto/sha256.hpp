#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ratecard {

/// Which compression code a hash runs. Both give the same digest for every message.
enum class Sha256Engine {
  kFastest,   ///< the CPU's SHA instructions when it has them, otherwise kPortable
  kPortable,  ///< portable C++ (the only one in WebAssembly and on CPUs without SHA instructions)
};

/// Whether this build can hash with this CPU's SHA instructions (x86 with the SHA extensions,
/// detected at run time).
[[nodiscard]] bool sha256_native_available() noexcept;

/// SHA-256 (FIPS 180-4), used for content hashes of invoices and quotes and fingerprints of
/// aggregation states. Portable C++ so that the native build and the WebAssembly build hash
/// the same bytes the same way without any library; natively, the CPU's SHA instructions
/// when present.
class Sha256 {
 public:
  /// The 32-byte digest.
  using Digest = std::array<std::uint8_t, 32>;

  /// Starts a new hash computed by `engine`.
  explicit Sha256(Sha256Engine engine = Sha256Engine::kFastest) noexcept;

  /// Appends bytes to the message.
  void update(std::string_view bytes) noexcept;

  /// Pads the message and returns its digest. Call once; the object is spent afterwards.
  [[nodiscard]] Digest finish() noexcept;

 private:
  using BlockFunction = void (*)(std::array<std::uint32_t, 8>& state, const std::uint8_t* blocks,
                                 std::size_t count) noexcept;

  BlockFunction compress_;
  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t message_bytes_ = 0;
};

/// The SHA-256 digest of `bytes` as 64 lower-case hexadecimal digits.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace ratecard
