#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calendar/instant.hpp"
#include "ratecard/decimal.hpp"

namespace ratecard {

/// One source of units for a metered feature: the plan's included allowance or a grant.
struct BalanceSource {
  const std::string* id = nullptr;  ///< The grant's id; nullptr for the included allowance.
  Decimal amount;
  std::int64_t priority = 0;
  std::optional<Instant> effective_at;  ///< empty: effective from the start
  std::optional<Instant> expires_at;    ///< empty: never; exclusive
  bool recurring = false;               ///< refilled with `amount` at each reset
  std::optional<Decimal> rollover_cap;  ///< most unused balance carried by a reset; empty: all
  std::size_t order = 0;                ///< last tie-breaker of the consumption order
};

/// Units consumed at an instant.
struct Consumption {
  Instant at;
  Decimal amount;
};

/// The timeline of one metered feature up to `at`.
struct BurnDownInput {
  std::vector<BalanceSource> sources;
  std::vector<Consumption> usage;     ///< in time order (ties in request order), none after `at`
  std::vector<Instant> resets;        ///< period starts in (start, at], ascending
  std::optional<Instant> next_reset;  ///< the first period start after `at`; empty: never
  Instant at;
};

/// A source still effective at `at`, with what is left of it.
struct SourceBalance {
  const BalanceSource* source = nullptr;
  Decimal balance;
};

/// The state of a metered feature at `at`, for its current period.
struct BurnDownResult {
  Decimal usage;                       ///< consumed since the current period started
  Decimal overage;                     ///< the part of `usage` no source covered
  Decimal balance;                     ///< left across every effective source
  std::vector<SourceBalance> sources;  ///< effective sources, in consumption order
};

/// Replays the feature's timeline and returns its state at `at`. Events at one instant apply in
/// this order: expiries (so an expiring balance never rolls over), resets, sources becoming
/// effective, usage. A reset carries min(balance, rollover_cap) of each effective source and
/// refills recurring ones with their amount, and starts a new period (usage and overage back to
/// zero). Usage consumes effective sources in order of priority (lower first), then earliest
/// expiry (a balance a reset can cut, one with a rollover cap, counts as expiring at the next
/// reset; no expiry last), then earliest effective_at, then `order`; what none covers is overage.
[[nodiscard]] BurnDownResult burn_down(const BurnDownInput& input);

}  // namespace ratecard
