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
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit by design

  /// True when the result holds a value.
  [[nodiscard]] bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  /// The value; only valid when ok().
  [[nodiscard]] T& value() & { return std::get<0>(state_); }
  [[nodiscard]] const T& value() const& { return std::get<0>(state_); }
  [[nodiscard]] T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// The error; only valid when !ok().
  [[nodiscard]] const Error& error() const& { return std::get<1>(state_); }
  [[nodiscard]] Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

/// Result of an operation that yields nothing but may fail.
struct Unit {};
using Status = Result<Unit>;

/// The successful Status.
inline Status ok_status() { return Unit{}; }

}  // namespace ratecard

#define RATECARD_CONCAT_INNER(a, b) a##b
#define RATECARD_CONCAT(a, b) RATECARD_CONCAT_INNER(a, b)

/// `RATECARD_TRY(auto x, expr);` evaluates expr (a Result); on error returns the error
/// from the enclosing function, otherwise declares x with the value.
#define RATECARD_TRY(declaration, expression)                              \
  auto RATECARD_CONCAT(ratecard_try_, __LINE__) = (expression);           \
  if (!RATECARD_CONCAT(ratecard_try_, __LINE__).ok())                     \
    return std::move(RATECARD_CONCAT(ratecard_try_, __LINE__)).error();   \
  declaration = std::move(RATECARD_CONCAT(ratecard_try_, __LINE__)).value()

/// `RATECARD_CHECK(status_expr);` returns the error of a failed Status.
#define RATECARD_CHECK(expression)                                        \
  do {                                                                    \
    auto ratecard_check_result = (expression);                            \
    if (!ratecard_check_result.ok()) return std::move(ratecard_check_result).error(); \
  } while (false)
