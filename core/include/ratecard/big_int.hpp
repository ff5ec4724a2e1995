#pragma once

#include <boost/multiprecision/cpp_int.hpp>

namespace ratecard {

/// 256-bit signed integer used for exact intermediate arithmetic. Unchecked at the
/// Boost level: Rational and Decimal bound every operand so that no operation can wrap,
/// and report overflow as a value instead (see overflow.hpp). Only the values that do not
/// fit 127 bits need it: Decimal and Rational compute in Int128 otherwise.
using BigInt = boost::multiprecision::number<boost::multiprecision::cpp_int_backend<
    256, 256, boost::multiprecision::signed_magnitude, boost::multiprecision::unchecked, void>>;

/// 128-bit signed integer (GCC and Clang, natively on x86-64 and through compiler-rt in
/// WebAssembly): the fast path of Decimal and Rational. `__extension__` keeps -Wpedantic quiet.
__extension__ typedef __int128 Int128;
/// The unsigned 128-bit integer, for magnitudes.
__extension__ typedef unsigned __int128 UInt128;

/// The same value as a BigInt.
[[nodiscard]] BigInt to_big_int(Int128 value);
/// True when |value| < 2^127, so that value and -value are both Int128s.
[[nodiscard]] bool fits_int128(const BigInt& value);
/// The same value as an Int128; `value` must fit (fits_int128).
[[nodiscard]] Int128 to_int128(const BigInt& value);

}  // namespace ratecard
