#pragma once

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "ratecard/error.hpp"

namespace ratecard {

/// A value of type T or an Error. The core reports every failure through Result;
/// nothing throws across the core's boundary.
template <typename T>
class [[nodiscard]] Result {
 public:
  /// A successful result holding `value` (implicit, so a function returns its value as is).
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  /// A failed result holding `error` (implicit, so a function returns `Error{...}` as is).
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit by design

  /// True when the result holds a value.
  [[nodiscard]] bool ok() const noexcept { return state_.index() == 0; }
  /// The same as ok(), for `if (result)` and `if (!result)`.
  explicit operator bool() const noexcept { return ok(); }

  /// The value; only valid when ok(). The rvalue overload moves it out.
  [[nodiscard]] T& value() & { return std::get<0>(state_); }
  /// The value, read only; only valid when ok().
  [[nodiscard]] const T& value() const& { return std::get<0>(state_); }
  /// The value moved out of a temporary result; only valid when ok().
  [[nodiscard]] T&& value() && { return std::get<0>(std::move(state_)); }
  /// The value, like value(); only valid when ok().
  T& operator*() & { return value(); }
  /// The value, read only, like value(); only valid when ok().
  const T& operator*() const& { return value(); }
  /// The value moved out of a temporary result, like value(); only valid when ok().
  T&& operator*() && { return std::move(*this).value(); }
  /// A member of the value; only valid when ok().
  T* operator->() { return &value(); }
  /// A member of the value, read only; only valid when ok().
  const T* operator->() const { return &value(); }

  /// The error; only valid when !ok().
  [[nodiscard]] const Error& error() const& { return std::get<1>(state_); }
  /// The error moved out of a temporary result (to return it from the caller); only valid
  /// when !ok().
  [[nodiscard]] Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

/// The value of a Status: an operation that succeeded with nothing to return.
struct Unit {};
/// Result of an operation that yields nothing but may fail.
using Status = Result<Unit>;

/// The successful Status.
inline Status ok_status() { return Unit{}; }

}  // namespace ratecard

/// Pastes two tokens after expanding them (for RATECARD_CONCAT); not for direct use.
#define RATECARD_CONCAT_INNER(a, b) a##b
/// Pastes two tokens after expanding them: RATECARD_CONCAT(name_, __LINE__) is `name_42`.
/// RATECARD_TRY names its temporary this way, so several may stand in one scope.
#define RATECARD_CONCAT(a, b) RATECARD_CONCAT_INNER(a, b)

/// `RATECARD_TRY(auto x, expr);` evaluates expr (a Result); on error returns the error
/// from the enclosing function (whose return type is any Result), otherwise declares x with
/// the value moved out. `declaration` may also be an existing lvalue (`RATECARD_TRY(x.y, expr)`),
/// which is then assigned. At most one per line.
#define RATECARD_TRY(declaration, expression)                              \
  auto RATECARD_CONCAT(ratecard_try_, __LINE__) = (expression);           \
  if (!RATECARD_CONCAT(ratecard_try_, __LINE__).ok())                     \
    return std::move(RATECARD_CONCAT(ratecard_try_, __LINE__)).error();   \
  declaration = std::move(RATECARD_CONCAT(ratecard_try_, __LINE__)).value()

/// `RATECARD_CHECK(status_expr);` evaluates a Status (or any Result, whose value is then
/// dropped) and returns its error from the enclosing function when it failed.
#define RATECARD_CHECK(expression)                                        \
  do {                                                                    \
    auto ratecard_check_result = (expression);                            \
    if (!ratecard_check_result.ok()) return std::move(ratecard_check_result).error(); \
  } while (false)
