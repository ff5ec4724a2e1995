#include "entitlements/burn_down.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

namespace ratecard {
namespace {

// Kinds of timeline events, in the order they apply at one instant.
enum class EventKind { kExpiry = 0, kReset = 1, kEffective = 2, kUsage = 3 };

struct Event {
  Instant at;
  EventKind kind;
  std::size_t index;
};

constexpr Instant kBeginning{std::numeric_limits<std::int64_t>::min()};
constexpr Instant kNever{std::numeric_limits<std::int64_t>::max()};

struct SourceState {
  const BalanceSource* source;
  Decimal balance;
  bool effective = false;
};

// When a source stops being usable, for the consumption order: its expiry, or the next reset
// when a reset can cut its balance (it has a rollover cap).
Instant consumption_deadline(const BalanceSource& source, const std::optional<Instant>& next_reset) {
  Instant deadline = source.expires_at.value_or(kNever);
  if (source.rollover_cap && next_reset) deadline = std::min(deadline, *next_reset);
  return deadline;
}

std::vector<Event> timeline(const BurnDownInput& input) {
  std::vector<Event> events;
  events.reserve(input.sources.size() * 2 + input.resets.size() + input.usage.size());
  for (std::size_t i = 0; i < input.sources.size(); ++i) {
    const BalanceSource& source = input.sources[i];
    const Instant effective = source.effective_at.value_or(kBeginning);
    if (effective > input.at) continue;
    events.push_back({effective, EventKind::kEffective, i});
    if (source.expires_at && *source.expires_at <= input.at)
      events.push_back({*source.expires_at, EventKind::kExpiry, i});
  }
  for (std::size_t i = 0; i < input.resets.size(); ++i) events.push_back({input.resets[i], EventKind::kReset, i});
  for (std::size_t i = 0; i < input.usage.size(); ++i) events.push_back({input.usage[i].at, EventKind::kUsage, i});
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return std::tie(a.at.seconds, a.kind, a.index) < std::tie(b.at.seconds, b.kind, b.index);
  });
  return events;
}

// The effective sources in consumption order, given the next reset after the current instant.
std::vector<SourceState*> consumption_order(std::vector<SourceState>& states,
                                            const std::optional<Instant>& next_reset) {
  std::vector<SourceState*> order;
  order.reserve(states.size());
  for (SourceState& state : states) {
    if (state.effective) order.push_back(&state);
  }
  std::sort(order.begin(), order.end(), [&](const SourceState* a, const SourceState* b) {
    const BalanceSource& x = *a->source;
    const BalanceSource& y = *b->source;
    const auto key = [&](const BalanceSource& s) {
      return std::make_tuple(s.priority, consumption_deadline(s, next_reset).seconds,
                             s.effective_at.value_or(kBeginning).seconds, s.order);
    };
    return key(x) < key(y);
  });
  return order;
}

}  // namespace

BurnDownResult burn_down(const BurnDownInput& input) {
  std::vector<SourceState> states;
  states.reserve(input.sources.size());
  for (const BalanceSource& source : input.sources) states.push_back({&source, Decimal{}, false});

  std::size_t resets_done = 0;
  const auto next_reset = [&]() -> std::optional<Instant> {
    return resets_done < input.resets.size() ? std::optional<Instant>(input.resets[resets_done]) : input.next_reset;
  };

  BurnDownResult result;
  for (const Event& event : timeline(input)) {
    switch (event.kind) {
      case EventKind::kExpiry: {
        SourceState& state = states[event.index];
        state.effective = false;
        state.balance = Decimal{};
        break;
      }
      case EventKind::kReset: {
        ++resets_done;
        for (SourceState& state : states) {
          if (!state.effective) continue;
          const BalanceSource& source = *state.source;
          if (source.rollover_cap && *source.rollover_cap < state.balance) state.balance = *source.rollover_cap;
          if (source.recurring) state.balance += source.amount;
        }
        result.usage = Decimal{};
        result.overage = Decimal{};
        break;
      }
      case EventKind::kEffective: {
        SourceState& state = states[event.index];
        state.effective = true;
        state.balance = state.source->amount;
        break;
      }
      case EventKind::kUsage: {
        Decimal remaining = input.usage[event.index].amount;
        result.usage += remaining;
        for (SourceState* state : consumption_order(states, next_reset())) {
          if (remaining.is_zero()) break;
          const Decimal taken = std::min(state->balance, remaining);
          state->balance -= taken;
          remaining -= taken;
        }
        result.overage += remaining;
        break;
      }
    }
  }

  result.sources.reserve(states.size());
  for (SourceState* state : consumption_order(states, next_reset())) {
    result.balance += state->balance;
    result.sources.push_back({state->source, state->balance});
  }
  return result;
}

}  // namespace ratecard
