#pragma once

namespace ratecard {

/// Arithmetic faults are sticky per thread: an operation that cannot be represented
/// (overflow, division by zero) records a fault and yields a harmless placeholder value.
/// Every op runs inside an ArithmeticScope and turns a recorded fault into an OVERFLOW
/// error before it answers, so a fault can never leak into a response as a wrong number.
enum class ArithmeticFault { kNone, kOverflow, kDivisionByZero };

/// Records a fault on the current thread (the first one wins until the scope ends).
void record_arithmetic_fault(ArithmeticFault fault) noexcept;

/// The first fault recorded on this thread since the innermost ArithmeticScope began.
[[nodiscard]] ArithmeticFault current_arithmetic_fault() noexcept;

/// Starts a clean fault record for one request and restores the outer record on exit,
/// so a batch's sub-requests each answer for their own arithmetic.
class ArithmeticScope {
 public:
  /// Saves the thread's current fault record and starts a clean one.
  ArithmeticScope() noexcept;
  /// Restores the saved record: a fault inside this scope does not reach the outer one.
  ~ArithmeticScope();
  /// Not copyable: a scope belongs to one stack frame of one thread.
  ArithmeticScope(const ArithmeticScope&) = delete;
  /// Not assignable, for the same reason.
  ArithmeticScope& operator=(const ArithmeticScope&) = delete;

  /// The fault recorded inside this scope, if any.
  [[nodiscard]] ArithmeticFault fault() const noexcept { return current_arithmetic_fault(); }

 private:
  ArithmeticFault outer_;
};

}  // namespace ratecard
