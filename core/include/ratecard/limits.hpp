#pragma once

#include <cstddef>

namespace ratecard {

// The documented limits of the core (docs/core-api.md, "Limits and guarantees"). A request
// beyond any of them is refused with LIMIT_EXCEEDED, detected before the work or the memory
// it would take: the size and the JSON limits while the request is read, the others as soon
// as the array that carries them is found.

/// The largest request the core reads, in bytes (16 MiB).
inline constexpr std::size_t kMaxRequestBytes = std::size_t{16} * 1024 * 1024;
/// The deepest nesting of objects and arrays the core reads.
inline constexpr std::size_t kMaxRequestDepth = 64;
/// The most JSON values (objects, arrays, strings, numbers, booleans, nulls) in one request:
/// bounds the memory of the parsed request to about 100 MB whatever its shape.
inline constexpr std::size_t kMaxRequestValues = 1'000'000;
/// The most requests in one `batch`.
inline constexpr std::size_t kMaxBatchRequests = 10'000;
/// The most tiers in one price.
inline constexpr std::size_t kMaxTiers = 1'000;
/// The most events one `percentage` price is applied to in one request.
inline constexpr std::size_t kMaxPriceEvents = 100'000;

}  // namespace ratecard
