#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/instant.hpp"
#include "calendar/local_time.hpp"
#include "calendar/posix_tz_rule.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// How a local date-time maps onto instants in a zone.
enum class LocalTimeKind {
  kUnique,    ///< exactly one instant shows this wall-clock time
  kRepeated,  ///< two instants do (the hour after clocks go back); the earlier is chosen
  kSkipped,   ///< none does (the hour clocks skip); the time is moved forward by the gap
};

/// A local date-time resolved to one instant.
struct ResolvedLocalTime {
  Instant instant;
  LocalTimeKind kind = LocalTimeKind::kUnique;
};

/// A time zone: an IANA zone from the compiled tzdata table (see time_zone_table.hpp) or a
/// fixed UTC offset. A copy is about 1.3 KB (its caches of DST changes and resolved local
/// times included). Every answer is the same natively and in WebAssembly:
/// both evaluate the same table with the same code, never the host's time zone database.
class TimeZone {
 public:
  /// UTC.
  TimeZone();

  /// A zone with a constant offset, e.g. fixed(19800, "+05:30").
  [[nodiscard]] static TimeZone fixed(std::int32_t offset_seconds, std::string name);

  /// The name it was found by ("Asia/Kolkata", "US/Eastern", "+05:30").
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

  /// The UTC offset in seconds (east positive) at an instant. Before 1970 the zone's offset
  /// at 1970-01-01T00:00:00Z applies; after the last transition of the tzdata table, the
  /// zone's POSIX TZ rule, indefinitely.
  [[nodiscard]] std::int32_t offset_at(Instant instant) const;

  /// The first instant strictly after `after` at which the offset changes, if any.
  [[nodiscard]] std::optional<Instant> next_transition(Instant after) const;

  /// The wall-clock date-time an instant shows in this zone.
  [[nodiscard]] LocalDateTime to_local(Instant instant) const;

  /// The instant a wall-clock date-time names in this zone. The rule for the two special
  /// cases (the "compatible" disambiguation of RFC 5545 and JavaScript's Temporal):
  ///   - a repeated time (clocks went back) is its *earlier* instant: 01:30 on the night
  ///     New York leaves DST is 05:30Z (EDT), not 06:30Z;
  ///   - a skipped time (clocks went forward) moves forward by the length of the gap: 02:30 on
  ///     the night New York enters DST is 03:30 EDT = 07:30Z.
  /// So the mapping never fails, never loops, and never goes backward in time as the local
  /// time advances.
  [[nodiscard]] ResolvedLocalTime resolve(const LocalDateTime& local) const;

  /// resolve(local).instant.
  [[nodiscard]] Instant from_local(const LocalDateTime& local) const { return resolve(local).instant; }

 private:
  std::string name_;
  std::int32_t fixed_offset_ = 0;
  std::optional<std::size_t> zone_;  ///< zone index in the table; empty for fixed offsets
  PosixTzRule rule_;                 ///< the zone's footer rule (table zones only)
  bool has_rule_ = false;

  // The last local times a table zone resolved, by wall-clock seconds: a schedule resolves
  // each boundary twice (one cycle's end is the next one's start). Like the rule's DST
  // windows, this makes a zone object unfit to share between threads; each request finds its own.
  struct ResolvedWall {
    std::int64_t wall = 0;
    ResolvedLocalTime resolved;
  };
  static constexpr std::size_t kResolvedSlots = 4;
  mutable std::array<ResolvedWall, kResolvedSlots> resolved_{};
  mutable std::size_t resolved_count_ = 0;

  [[nodiscard]] ResolvedLocalTime resolve_uncached(std::int64_t wall) const;

  friend Result<TimeZone> find_time_zone(std::string_view name);
};

/// The zone called `name`: an IANA zone or link name of the compiled tzdata (exact case,
/// e.g. "Europe/Berlin", "UTC", "US/Eastern") or a fixed offset "+HH:MM" / "-HH:MM" (up to
/// 23:59). UNKNOWN_TIME_ZONE otherwise, with an empty path; the message suggests the right
/// spelling when only the case differs.
[[nodiscard]] Result<TimeZone> find_time_zone(std::string_view name);

/// Every zone and link name of the compiled table, sorted.
[[nodiscard]] std::vector<std::string_view> time_zone_names();

}  // namespace ratecard
