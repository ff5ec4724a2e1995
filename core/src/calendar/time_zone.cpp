#include "calendar/time_zone.hpp"

#include <algorithm>

#include "calendar/time_zone_table.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

// Farther than any UTC offset (RFC 8536 bounds them to under 26 hours): every instant a
// local time can name lies within this distance of its local seconds.
constexpr std::int64_t kResolveWindow = 2 * kSecondsPerDay;

std::string_view table_name(const TimeZoneTable& table, std::size_t index) {
  return std::string_view(table.names + table.name_offsets[index]);
}

// The index of `name` in the table, if present (the names are sorted bytewise).
std::optional<std::size_t> find_name(const TimeZoneTable& table, std::string_view name) {
  std::size_t low = 0;
  std::size_t high = table.name_count;
  while (low < high) {
    const std::size_t middle = low + (high - low) / 2;
    const int order = table_name(table, middle).compare(name);
    if (order == 0) return middle;
    if (order < 0) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return std::nullopt;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return lower(x) == lower(y);
         });
}

// "+HH:MM" or "-HH:MM" with HH <= 23, MM <= 59.
std::optional<std::int32_t> parse_fixed_offset(std::string_view text) {
  const auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || !digit(1) || !digit(2) || text[3] != ':' ||
      !digit(4) || !digit(5)) {
    return std::nullopt;
  }
  const int hours = (text[1] - '0') * 10 + (text[2] - '0');
  const int minutes = (text[4] - '0') * 10 + (text[5] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return (hours * 3600 + minutes * 60) * (text[0] == '-' ? -1 : 1);
}

// The message names no tzdata version, so the same request gets the same bytes whatever
// tzdata the core was built with (`ratecard --version` reports it).
Error unknown_zone(std::string_view name, const TimeZoneTable& table) {
  std::string message = quote_for_message(name) + " is not an IANA time zone";
  for (std::size_t i = 0; i < table.name_count; ++i) {
    if (equal_ignoring_case(table_name(table, i), name)) {
      return Error{ErrorCode::kUnknownTimeZone,
                   message + "; names are case-sensitive: did you mean \"" + std::string(table_name(table, i)) + "\"?",
                   ""};
    }
  }
  return Error{ErrorCode::kUnknownTimeZone,
               message + " (use an IANA name such as \"Europe/Berlin\" or \"UTC\", or a fixed offset such as \"+05:30\")",
               ""};
}

}  // namespace

TimeZone::TimeZone() : name_("UTC") {}

TimeZone TimeZone::fixed(std::int32_t offset_seconds, std::string name) {
  TimeZone zone;
  zone.name_ = std::move(name);
  zone.fixed_offset_ = offset_seconds;
  return zone;
}

std::int32_t TimeZone::offset_at(Instant instant) const {
  if (!zone_) return fixed_offset_;
  const TimeZoneTable& table = time_zone_table();
  const std::uint32_t* first = table.transition_times + table.zone_first_transitions[*zone_];
  const std::uint32_t* last = table.transition_times + table.zone_first_transitions[*zone_ + 1];
  // The last transition at or before the instant; the first one (1970) also covers earlier instants.
  const std::uint32_t* at = std::upper_bound(first + 1, last, instant.seconds,
                                             [](std::int64_t t, std::uint32_t time) { return t < time; }) - 1;
  if (at == last - 1 && has_rule_ && instant.seconds >= 0) return rule_.offset_at(instant);
  return table.offsets[table.transition_offsets[at - table.transition_times]];
}

std::optional<Instant> TimeZone::next_transition(Instant after) const {
  if (!zone_) return std::nullopt;
  const TimeZoneTable& table = time_zone_table();
  const std::uint32_t* first = table.transition_times + table.zone_first_transitions[*zone_];
  const std::uint32_t* last = table.transition_times + table.zone_first_transitions[*zone_ + 1];
  // Nothing changes before 1970 (the first entry repeats the 1970 offset), so start there.
  const Instant from{std::max<std::int64_t>(after.seconds, 0)};
  const std::uint32_t* next =
      std::upper_bound(first + 1, last, from.seconds, [](std::int64_t t, std::uint32_t time) { return t < time; });
  if (next != last) return Instant{*next};
  if (!has_rule_) return std::nullopt;
  return rule_.next_transition(from);
}

LocalDateTime TimeZone::to_local(Instant instant) const { return local_at_offset(instant, offset_at(instant)); }

ResolvedLocalTime TimeZone::resolve(const LocalDateTime& local) const {
  const std::int64_t wall = local_seconds(local);
  if (!zone_) return resolve_uncached(wall);
  const std::size_t known = std::min(resolved_count_, kResolvedSlots);
  for (std::size_t i = 0; i < known; ++i) {
    if (resolved_[i].wall == wall) return resolved_[i].resolved;
  }
  const ResolvedLocalTime resolved = resolve_uncached(wall);
  resolved_[resolved_count_++ % kResolvedSlots] = {wall, resolved};
  return resolved;
}

ResolvedLocalTime TimeZone::resolve_uncached(std::int64_t wall) const {
  const std::int64_t window_end = wall + kResolveWindow;
  // Walk the stretches of constant offset around the wall time: in each, the wall time
  // names the instant wall - offset if that instant lies inside the stretch.
  std::int64_t stretch_start = wall - kResolveWindow;
  std::int32_t offset = offset_at(Instant{stretch_start});
  std::optional<Instant> change = next_transition(Instant{stretch_start});
  std::optional<std::int64_t> earliest;
  int matches = 0;
  std::optional<std::int64_t> moved_forward;
  while (true) {
    const bool last_stretch = !change || change->seconds > window_end;
    const std::int64_t stretch_end = last_stretch ? window_end + 1 : change->seconds;
    const std::int64_t candidate = wall - offset;
    if (candidate >= stretch_start && candidate < stretch_end) {
      if (!earliest) earliest = candidate;
      ++matches;
    }
    if (last_stretch) break;
    const std::int32_t next_offset = offset_at(*change);
    // Clocks jump from change + offset to change + next_offset: wall times in between are skipped.
    if (!moved_forward && wall >= change->seconds + offset && wall < change->seconds + next_offset) {
      moved_forward = wall - offset;
    }
    stretch_start = change->seconds;
    offset = next_offset;
    change = next_transition(*change);
  }
  if (earliest) return {Instant{*earliest}, matches > 1 ? LocalTimeKind::kRepeated : LocalTimeKind::kUnique};
  return {Instant{moved_forward.value_or(wall - offset)}, LocalTimeKind::kSkipped};
}

Result<TimeZone> find_time_zone(std::string_view name) {
  const TimeZoneTable& table = time_zone_table();
  if (const auto offset = parse_fixed_offset(name)) {
    return TimeZone::fixed(*offset, std::string(name));
  }
  const auto index = find_name(table, name);
  if (!index) return unknown_zone(name, table);
  TimeZone zone;
  zone.name_ = std::string(name);
  zone.zone_ = table.name_zones[*index];
  const std::string_view footer(table.footers + table.footer_offsets[table.zone_footers[*zone.zone_]]);
  if (!footer.empty()) {
    Result<PosixTzRule> rule = parse_posix_tz_rule(footer);
    if (!rule) {
      return Error{ErrorCode::kInternal, "the compiled rule of " + std::string(name) + " is invalid: " +
                                             rule.error().message, ""};
    }
    zone.rule_ = *rule;
    zone.has_rule_ = true;
  }
  return zone;
}

std::vector<std::string_view> time_zone_names() {
  const TimeZoneTable& table = time_zone_table();
  std::vector<std::string_view> names;
  names.reserve(table.name_count);
  for (std::size_t i = 0; i < table.name_count; ++i) names.push_back(table_name(table, i));
  return names;
}

}  // namespace ratecard
