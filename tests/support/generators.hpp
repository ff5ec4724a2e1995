#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.hpp"

namespace ratecard::testing {

/// The seed of every property test: RATECARD_PROPERTY_SEED when set (to replay a failure
/// printed by a test), otherwise a fixed one so runs are reproducible.
[[nodiscard]] std::uint64_t property_seed();

/// A generator for one property: the property seed mixed with the property's name, so each
/// property draws its own sequence and a failure replays from the seed alone.
[[nodiscard]] std::uint64_t property_stream(std::string_view property);

/// How many cases each property runs: RATECARD_PROPERTY_CASES when set, else `fallback`.
[[nodiscard]] int property_cases(int fallback);

/// A small, fully deterministic random source (splitmix64: the same sequence with every
/// compiler and standard library) with the value generators of the property tests.
class Generator {
 public:
  explicit Generator(std::uint64_t seed) : state_(seed) {}

  /// A uniform 64-bit value.
  std::uint64_t next();
  /// An integer in [low, high].
  std::int64_t integer(std::int64_t low, std::int64_t high);
  /// An index in [0, size).
  std::size_t index(std::size_t size);
  /// True with the given probability in percent.
  bool chance(int percent);
  /// An int in [0, bound), for counts and choices (bound > 0).
  int below(int bound);
  /// One element of a non-empty list.
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[index(items.size())];
  }
  /// One of a few names: `gen.pick({"once", "forever"})`.
  const char* pick(std::initializer_list<const char*> names);

  /// A canonical non-negative decimal string with 0..max_integer_digits integer digits
  /// (at least "0") and 0..max_fraction_digits fractional digits, e.g. "0", "12.5", "0.0007".
  std::string decimal(int max_integer_digits, int max_fraction_digits);
  /// A decimal string that is not canonical but valid ("1.50", "-0", "0.000"); canonical() of it is
  /// the core's echo.
  std::string decimal_with_trailing_zeros(int max_integer_digits, int max_fraction_digits);
  /// A string the strict decimal grammar refuses (malformed, not merely too large).
  std::string malformed_decimal();

  /// A positive amount of 1 to `max_units` minor units written with `scale` fractional
  /// digits: "0.07" and "125.40" at scale 2, "1500" at 0, "1.235" at 3.
  std::string money(int scale, std::int64_t max_units);

  /// A currency code, covering 0, 2, 3 and 4 minor digits.
  std::string currency();
  /// A rounding mode name.
  std::string rounding_mode();

  /// `count` tiers for `model` (graduated, volume, stairstep or graduated_percentage) with
  /// strictly increasing bounds and a null last bound; amounts have up to `fraction_digits`
  /// fractional digits.
  Json tiers(const std::string& model, std::size_t count, int fraction_digits);
  /// A valid price of any model.
  Json price(int fraction_digits);
  /// A valid `price` request for any model, with the usage its model needs.
  Json price_request();
  /// A canonical non-negative decimal string with exactly `integer_digits` integer digits (the
  /// first not 0; "0" when there are none) and `fraction_digits` fractional digits, the last
  /// not 0 ("123.4501" at 3 and 4; "0" at 0 and 0).
  std::string decimal_of_size(int integer_digits, int fraction_digits);
  /// A valid `price` request of `model` (any model when empty) whose values reach the limits of
  /// the number format: amounts, quantities, tier bounds, rates and events with up to 24
  /// integer and 12 fractional digits, sized so that the charge keeps within 24 integer digits
  /// (quantity and amount digits add up to at most 22: a 24-digit quantity goes with amounts
  /// below 10^-2, a 22-digit amount with quantities below 1).
  Json wide_price_request(const std::string& model = "");
  /// A valid price of any model priced over a quantity (every model but percentage).
  Json quantity_price(int fraction_digits);
  /// An RFC 3339 instant ("2031-07-04T13:05:09Z") between 2000 and 2035.
  std::string instant();
  /// `text` (an RFC 3339 instant) moved by `seconds`, in canonical UTC form.
  static std::string instant_plus(const std::string& text, std::int64_t seconds);
  /// A valid billing schedule of `periods` / `prorate`: any interval and count, zone (DST
  /// zones, half-hour ones, fixed offsets), anchor kind, with or without a trial.
  Json schedule();

  /// A request of the golden vectors (tests/vectors/*.json, every op), as is.
  const Json& vector_request();
  /// A request that may be anything: a valid price request or golden-vector request (so every
  /// op with vectors is covered), one of those with a member removed, replaced by a random JSON
  /// value or joined by an unknown one, an unknown op, a non-object, or a batch of those.
  Json any_request(int depth = 0);
  /// A random JSON value (small, nested at most `depth` levels).
  Json json_value(int depth);

 private:
  std::uint64_t state_;
};

/// The canonical text of a valid decimal string: trailing fractional zeros and a lone point
/// dropped, "-0" as "0" (written independently of the core's Decimal).
[[nodiscard]] std::string canonical_decimal(const std::string& text);

/// Every request of tests/vectors/*.json written as JSON ("request"; "request_text" ones are
/// left out), read once.
[[nodiscard]] const std::vector<Json>& golden_vector_requests();

/// JSON Pointers (with the values found there) of every decimal-string field of a request, for
/// putting a malformed decimal in one of them.
[[nodiscard]] std::vector<std::string> decimal_string_paths(const Json& request);

}  // namespace ratecard::testing
