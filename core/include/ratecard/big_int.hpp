#pragma once

#include <boost/multiprecision/cpp_int.hpp>

namespace ratecard {

/// 256-bit signed integer used for exact intermediate arithmetic. Unchecked at the
/// Boost level: Rational and Decimal bound every operand so that no operation can wrap,
/// and report overflow as a value instead (see overflow.hpp).
using BigInt = boost::multiprecision::number<boost::multiprecision::cpp_int_backend<
    256, 256, boost::multiprecision::signed_magnitude, boost::multiprecision::unchecked, void>>;

}  // namespace ratecard
