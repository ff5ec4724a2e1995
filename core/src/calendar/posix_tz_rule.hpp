#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "calendar/instant.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// The day (and local time) in each year at which a POSIX TZ rule starts or ends DST.
struct PosixDateRule {
  enum class Kind {
    kJulian,         ///< "Jn": day n of 1..365, February 29 never counted
    kZeroBasedDay,   ///< "n": day n of 0..365, February 29 counted in leap years
    kMonthWeekDay,   ///< "Mm.w.d": weekday d (0 = Sunday) of week w (5 = last) of month m
  };
  Kind kind = Kind::kMonthWeekDay;
  unsigned day = 0;      ///< kJulian, kZeroBasedDay
  unsigned month = 1;    ///< kMonthWeekDay: 1..12
  unsigned week = 1;     ///< kMonthWeekDay: 1..5
  unsigned weekday = 0;  ///< kMonthWeekDay: 0..6, Sunday first
  /// Local time of day of the change, in the offset in force before it; RFC 8536 allows
  /// -167..167 hours, so a rule may fire on a neighbouring day ("M3.5.0/-1", "J365/25").
  std::int32_t time = 7200;
};

/// The DST half of a POSIX TZ rule.
struct PosixDst {
  std::int32_t offset = 0;  ///< UTC offset in seconds during DST, east positive
  PosixDateRule start;      ///< DST starts at this local standard time
  PosixDateRule end;        ///< DST ends at this local daylight time
};

/// A change of a rule's offset: the UTC second it happens and whether DST is in force after it.
struct DstEvent {
  std::int64_t time = 0;
  bool dst_after = false;
};

/// The DST starts and ends of four consecutive years from `first_year`, in time order.
struct DstWindow {
  int first_year = 0;
  bool known = false;
  std::array<DstEvent, 8> events{};
};

/// A POSIX TZ rule string as found in a TZif footer (RFC 8536, section 3.3), such as
/// "EST5EDT,M3.2.0,M11.1.0" or "<+0530>-5:30": the zone's offsets for every year after
/// its last listed transition. Offsets here are east of UTC (POSIX writes them west).
struct PosixTzRule {
  std::int32_t standard_offset = 0;  ///< UTC offset in seconds outside DST, east positive
  std::optional<PosixDst> dst;       ///< absent: the standard offset all year

  /// The UTC offset the rule gives at an instant.
  [[nodiscard]] std::int32_t offset_at(Instant instant) const;

  /// The first instant strictly after `after` at which the offset changes, if any.
  [[nodiscard]] std::optional<Instant> next_transition(Instant after) const;

  /// DST's starts and ends in the four years from `first_year`, in time order (the rule has
  /// `dst`). Computed once per window and kept in a few slots: a zone is asked about the same
  /// few years over and over while a schedule's boundaries are resolved. A rule is therefore
  /// not shared between threads.
  [[nodiscard]] const std::array<DstEvent, 8>& dst_events(int first_year) const;

 private:
  static constexpr std::size_t kWindowSlots = 8;
  mutable std::array<DstWindow, kWindowSlots> windows_{};
};

/// Parses a POSIX TZ string with the RFC 8536 extensions (signed rule times up to 167
/// hours). INVALID_ARGUMENT with an empty path when malformed.
[[nodiscard]] Result<PosixTzRule> parse_posix_tz_rule(std::string_view text);

}  // namespace ratecard
