// The SHA-256 compression function on the x86 SHA extensions (SHA-NI), chosen at run time
// when the CPU has them. The build flags stay generic: only these functions are compiled for
// the extensions (a target attribute), and nothing calls them on a CPU without them.
// Elsewhere (other CPUs, WebAssembly, other compilers) there is none and Sha256 runs the
// portable code.
#include "crypto/sha256_blocks.hpp"

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__) && !defined(__EMSCRIPTEN__)
#define RATECARD_SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#else
#define RATECARD_SHA256_X86 0
#endif

namespace ratecard {

#if RATECARD_SHA256_X86
namespace {

#define RATECARD_SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

// Four rounds: the message words of `schedule` plus their round constants, two rounds per
// instruction. `abef` and `cdgh` hold the working variables in the order the instruction
// wants (a in the highest lane); after two rounds the old a, b, e, f are the new c, d, g, h.
RATECARD_SHA_TARGET inline void sha256_x86_four_rounds(__m128i& abef, __m128i& cdgh, __m128i schedule,
                                                       std::size_t group) {
  const __m128i constants =
      _mm_loadu_si128(reinterpret_cast<const __m128i*>(kSha256RoundConstants.data() + 4 * group));
  const __m128i words = _mm_add_epi32(schedule, constants);
  cdgh = _mm_sha256rnds2_epu32(cdgh, abef, words);
  abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(words, 0x0E));
}

RATECARD_SHA_TARGET void sha256_blocks_x86(std::array<std::uint32_t, 8>& state, const std::uint8_t* blocks,
                                           std::size_t count) noexcept {
  // Big-endian words: reverse the bytes of each 32-bit lane.
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  const __m128i abcd = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state.data()));
  const __m128i efgh = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state.data() + 4));
  const __m128i badc = _mm_shuffle_epi32(abcd, 0xB1);
  const __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1B);
  __m128i abef = _mm_alignr_epi8(badc, hgfe, 8);    // lanes f, e, b, a
  __m128i cdgh = _mm_blend_epi16(hgfe, badc, 0xF0);  // lanes h, g, d, c
  for (std::size_t block = 0; block < count; ++block) {
    const std::uint8_t* bytes = blocks + block * kSha256BlockBytes;
    const __m128i abef_before = abef;
    const __m128i cdgh_before = cdgh;
    // The schedule as four groups of four words, group j in schedule[j % 4].
    __m128i schedule[4];
    for (std::size_t group = 0; group < 4; ++group) {
      schedule[group] =
          _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 16 * group)), byte_swap);
      sha256_x86_four_rounds(abef, cdgh, schedule[group], group);
    }
#pragma GCC unroll 12
    for (std::size_t group = 4; group < 16; ++group) {
      // W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16] for the four words t of this group.
      const __m128i& previous = schedule[(group + 3) % 4];
      const __m128i partial = _mm_add_epi32(_mm_sha256msg1_epu32(schedule[group % 4], schedule[(group + 1) % 4]),
                                            _mm_alignr_epi8(previous, schedule[(group + 2) % 4], 4));
      schedule[group % 4] = _mm_sha256msg2_epu32(partial, previous);
      sha256_x86_four_rounds(abef, cdgh, schedule[group % 4], group);
    }
    abef = _mm_add_epi32(abef, abef_before);
    cdgh = _mm_add_epi32(cdgh, cdgh_before);
  }
  const __m128i abfe = _mm_shuffle_epi32(abef, 0x1B);  // lanes a, b, e, f
  const __m128i ghcd = _mm_shuffle_epi32(cdgh, 0xB1);  // lanes g, h, c, d
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state.data()), _mm_blend_epi16(abfe, ghcd, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state.data() + 4), _mm_alignr_epi8(ghcd, abfe, 8));
}

#undef RATECARD_SHA_TARGET

bool cpu_has_sha_extensions() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid_max(0, nullptr) < 7) return false;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) return false;
  const bool ssse3 = (ecx & (1U << 9U)) != 0;
  const bool sse41 = (ecx & (1U << 19U)) != 0;
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0) return false;
  const bool sha = (ebx & (1U << 29U)) != 0;
  return ssse3 && sse41 && sha;
}

}  // namespace

Sha256BlockFunction sha256_blocks_native() noexcept {
  static const Sha256BlockFunction detected = cpu_has_sha_extensions() ? &sha256_blocks_x86 : nullptr;
  return detected;
}

#else

Sha256BlockFunction sha256_blocks_native() noexcept { return nullptr; }

#endif

}  // namespace ratecard
