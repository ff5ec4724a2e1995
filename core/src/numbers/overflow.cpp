#include "ratecard/overflow.hpp"

namespace ratecard {
namespace {
thread_local ArithmeticFault current_fault = ArithmeticFault::kNone;
}  // namespace

void record_arithmetic_fault(ArithmeticFault fault) noexcept {
  if (current_fault == ArithmeticFault::kNone) current_fault = fault;
}

ArithmeticFault current_arithmetic_fault() noexcept { return current_fault; }

ArithmeticScope::ArithmeticScope() noexcept : outer_(current_fault) { current_fault = ArithmeticFault::kNone; }

ArithmeticScope::~ArithmeticScope() { current_fault = outer_; }

}  // namespace ratecard
