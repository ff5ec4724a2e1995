#pragma once

// What the request readers that fill shapes from nlohmann's SAX events (price, entitlements,
// invoice) share: the scalar events, each handed on as one JSON value, and finding a member's
// slot among a shape's names.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "json/json.hpp"

namespace ratecard {

/// nlohmann's SAX events for scalars, each given to `Derived::scalar(Json&&)` (which answers
/// whether the shape takes it); a binary value (never in JSON text) and a parse error stop the
/// parse. `Derived` befriends this class when its `scalar` is private.
template <typename Derived>
class ScalarSaxEvents {
 public:
  bool null() { return self().scalar(Json(nullptr)); }
  bool boolean(bool value) { return self().scalar(Json(value)); }
  bool number_integer(Json::number_integer_t value) { return self().scalar(Json(value)); }
  bool number_unsigned(Json::number_unsigned_t value) { return self().scalar(Json(value)); }
  bool number_float(Json::number_float_t value, const Json::string_t& /*text*/) { return self().scalar(Json(value)); }
  bool string(Json::string_t& value) { return self().scalar(Json(std::move(value))); }
  bool binary(Json::binary_t& /*value*/) { return false; }
  template <typename Exception>
  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/, const Exception& /*error*/) {
    return false;
  }

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
};

/// The slot of `name` among a shape's member `names`, or N when it names none.
template <std::size_t N>
[[nodiscard]] std::size_t slot_of(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return i;
  }
  return N;
}

}  // namespace ratecard
