#pragma once

// A DOM of typed charges, only for the ops that still build one (invoice and quote put the
// lines of an item's charge in its invoice line's details). The price op writes text instead.

#include <optional>
#include <vector>

#include "json/json.hpp"
#include "pricing/rounded_charge.hpp"

namespace ratecard {

/// The lines of a rounded charge as a JSON array, each with its amount at `minor_units`.
[[nodiscard]] Json charge_lines_json(const std::vector<RoundedLine>& lines, int minor_units);

/// The event counts of a charge over events (`events`, `free_events`); an empty object otherwise.
[[nodiscard]] Json event_counts_json(const std::optional<EventTotals>& events);

}  // namespace ratecard
