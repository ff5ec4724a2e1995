#pragma once

#include <cstddef>
#include <cstdint>

namespace ratecard {

/// The compiled time zone data, generated at build time from the system's tzdata by
/// core/tools/generate-time-zone-table.js (see docs/core-api.md, "Time zones"). Plain
/// arrays of fixed-width integers, so native and WebAssembly builds hold the same bytes.
///
/// A *name* (zone or link, e.g. "America/New_York", "US/Eastern") maps to a *zone*; zones
/// with identical data are stored once. A zone is a run of transitions in the transition
/// arrays plus a POSIX TZ footer rule:
///   - the first transition of every zone is at 1970-01-01T00:00:00Z and gives the offset in
///     force then, which also applies to every earlier instant;
///   - each transition's offset applies from its time up to the next transition;
///   - after the zone's last transition the footer rule applies (or, when the footer is
///     empty, the last offset forever).
struct TimeZoneTable {
  const char* tzdata_version;  ///< e.g. "2026f", from tzdata.zi

  const char* names;                   ///< NUL-terminated names, sorted bytewise, back to back
  const std::uint16_t* name_offsets;   ///< where each name starts in `names`
  const std::uint16_t* name_zones;     ///< the zone of each name
  std::size_t name_count;

  const char* footers;                 ///< NUL-terminated POSIX TZ strings, back to back
  const std::uint16_t* footer_offsets;
  std::size_t footer_count;

  const std::uint16_t* zone_first_transitions;  ///< zone_count + 1 entries: zone z owns [first[z], first[z+1])
  const std::uint8_t* zone_footers;             ///< index of each zone's footer
  std::size_t zone_count;

  const std::uint32_t* transition_times;    ///< seconds since 1970-01-01T00:00:00Z
  const std::uint8_t* transition_offsets;   ///< index into `offsets`
  std::size_t transition_count;

  const std::int32_t* offsets;  ///< distinct UTC offsets in seconds, ascending
  std::size_t offset_count;

  std::size_t data_bytes;  ///< the size of the arrays above (reported by the generator)
};

/// The table compiled into this build of the core.
[[nodiscard]] const TimeZoneTable& time_zone_table() noexcept;

}  // namespace ratecard
