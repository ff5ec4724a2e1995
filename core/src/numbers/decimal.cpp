#include "ratecard/decimal.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>

#include "numbers/big_int_text.hpp"
#include "numbers/int128_math.hpp"
#include "ratecard/overflow.hpp"
#include "text/ascii.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

constexpr std::uint64_t kUnitScale = 1'000'000'000'000ULL;  // 10^12
// Exclusive bound on |units|: 10^(24 + 12).
constexpr Int128 kUnitsLimit = static_cast<Int128>(int128::power_of_ten(Decimal::kMaxIntegerDigits + Decimal::kScale));
// Exclusive bound on |whole part|: 10^24.
constexpr Int128 kWholeLimit = static_cast<Int128>(int128::power_of_ten(Decimal::kMaxIntegerDigits));

bool in_range(Int128 units) { return units > -kUnitsLimit && units < kUnitsLimit; }

// Reads 1 to 36 decimal digits: 18 at a time in 64 bits (10^18 < 2^64), then one 128-bit
// multiply-add per chunk.
UInt128 read_digits(std::string_view integer_digits, std::string_view fraction_digits) {
  UInt128 value = 0;
  std::uint64_t chunk = 0;
  std::uint64_t chunk_scale = 1;
  int chunk_digits = 0;
  const auto push = [&](char digit) {
    chunk = chunk * 10 + static_cast<std::uint64_t>(digit - '0');
    chunk_scale *= 10;
    if (++chunk_digits == 18) {
      value = value * chunk_scale + chunk;
      chunk = 0;
      chunk_scale = 1;
      chunk_digits = 0;
    }
  };
  for (char digit : integer_digits) push(digit);
  for (std::size_t i = 0; i < static_cast<std::size_t>(Decimal::kScale); ++i) {
    push(i < fraction_digits.size() ? fraction_digits[i] : '0');
  }
  if (chunk_digits > 0) value = value * chunk_scale + chunk;
  return value;
}

// Writes `value` (below 10^digits) as exactly `digits` digits, zeros in front; returns the end.
char* write_padded(char* out, std::uint64_t value, int digits) noexcept {
  for (int i = digits - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + digits;
}

// The fractional part of a magnitude in 10^-12 units, in 64 bits when the magnitude fits them.
std::uint64_t fraction_units(UInt128 magnitude) noexcept {
  if (magnitude <= UINT64_MAX) return static_cast<std::uint64_t>(magnitude) % kUnitScale;
  return static_cast<std::uint64_t>(magnitude % kUnitScale);
}

// Writes the sign (when `negative`) and the whole part of a magnitude in 10^-12 units; returns
// the end. The whole part is below 10^24: at most two 64-bit pieces, the lower of 18 digits.
char* write_whole(char* out, bool negative, UInt128 magnitude) noexcept {
  if (negative) *out++ = '-';
  constexpr std::uint64_t kPiece = 1'000'000'000'000'000'000ULL;  // 10^18
  char* const limit = out + Decimal::kMaxIntegerDigits;
  if (magnitude <= UINT64_MAX) return std::to_chars(out, limit, static_cast<std::uint64_t>(magnitude) / kUnitScale).ptr;
  const UInt128 whole = magnitude / kUnitScale;
  if (whole < kPiece) return std::to_chars(out, limit, static_cast<std::uint64_t>(whole)).ptr;
  out = std::to_chars(out, limit, static_cast<std::uint64_t>(whole / kPiece)).ptr;
  return write_padded(out, static_cast<std::uint64_t>(whole % kPiece), 18);
}

Error malformed(std::string_view text, std::string_view why) {
  return Error{ErrorCode::kInvalidArgument,
               quote_for_message(text) + " is not a decimal number (" + std::string(why) + ")", ""};
}

}  // namespace

Decimal Decimal::checked(Int128 units) {
  if (!in_range(units)) {
    record_arithmetic_fault(ArithmeticFault::kOverflow);
    return Decimal{};
  }
  return Decimal{units};
}

Result<Decimal> Decimal::parse(std::string_view text) {
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && text[pos] == '-') {
    negative = true;
    ++pos;
  }
  const std::size_t integer_begin = pos;
  while (pos < text.size() && is_ascii_digit(text[pos])) ++pos;
  const std::size_t integer_digits = pos - integer_begin;
  if (integer_digits == 0) return malformed(text, "expected digits like \"12.50\"");
  if (integer_digits > 1 && text[integer_begin] == '0') return malformed(text, "leading zeros are not allowed");
  std::size_t fraction_digits = 0;
  std::size_t fraction_begin = pos;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    fraction_begin = pos;
    while (pos < text.size() && is_ascii_digit(text[pos])) ++pos;
    fraction_digits = pos - fraction_begin;
    if (fraction_digits == 0) return malformed(text, "digits must follow the decimal point");
  }
  if (pos != text.size()) return malformed(text, "only digits, one '-' in front and one '.' are allowed");
  if (fraction_digits > static_cast<std::size_t>(kScale)) {
    return malformed(text, "at most 12 digits after the decimal point");
  }
  if (integer_digits > static_cast<std::size_t>(kMaxIntegerDigits)) {
    return Error{ErrorCode::kOverflow,
                 quote_for_message(text) + " has more than 24 integer digits, beyond the exact range", ""};
  }
  const auto units = static_cast<Int128>(
      read_digits(text.substr(integer_begin, integer_digits), text.substr(fraction_begin, fraction_digits)));
  return Decimal{negative ? -units : units};
}

Result<Decimal> Decimal::from_integer(const BigInt& value) {
  if (!fits_int128(value) || to_int128(value) <= -kWholeLimit || to_int128(value) >= kWholeLimit) {
    return Error{ErrorCode::kOverflow, to_decimal_text(value) + " is beyond the exact range of 24 integer digits", ""};
  }
  return Decimal{to_int128(value) * static_cast<Int128>(kUnitScale)};
}

Result<Decimal> Decimal::from_units(Int128 units) {
  if (!in_range(units)) {
    return Error{ErrorCode::kOverflow, "the value is beyond the exact range of 24 integer digits", ""};
  }
  return Decimal{units};
}

Result<Decimal> Decimal::from_rational(const Rational& value) {
  if (!value.is_small()) {
    // Terms beyond 127 bits: the whole part decides the range, the 256-bit way.
    const BigInt num = value.numerator();
    const BigInt den = value.denominator();
    const BigInt whole = num / den;  // truncated toward zero
    if (!fits_int128(whole) || to_int128(whole) <= -kWholeLimit || to_int128(whole) >= kWholeLimit) {
      return Error{ErrorCode::kOverflow, "the value is beyond the exact range of 24 integer digits", ""};
    }
    // A reduced fraction's remainder shares no factor with the denominator, which exceeds
    // 10^12 here: no exact 12-digit form.
    return Error{ErrorCode::kInvalidArgument, value.to_string() + " has no exact 12-digit decimal form", ""};
  }
  const Int128 num = value.small_numerator();
  const Int128 den = value.small_denominator();
  const Int128 whole = den == 1 ? num : num / den;  // truncated toward zero
  if (whole <= -kWholeLimit || whole >= kWholeLimit) {
    return Error{ErrorCode::kOverflow, "the value is beyond the exact range of 24 integer digits", ""};
  }
  const Int128 units = whole * static_cast<Int128>(kUnitScale);
  if (den == 1) return Decimal{units};
  // The terms are reduced, so rem/den is too (rem = num - whole*den shares num's factors with
  // den): an exact 12-digit form exists iff den divides 10^12.
  const Int128 rem = num - whole * den;
  if (den > static_cast<Int128>(kUnitScale) || kUnitScale % static_cast<std::uint64_t>(den) != 0) {
    return Error{ErrorCode::kInvalidArgument, value.to_string() + " has no exact 12-digit decimal form", ""};
  }
  return Decimal{units + rem * static_cast<Int128>(kUnitScale / static_cast<std::uint64_t>(den))};
}

std::string Decimal::to_string() const {
  char buffer[kMaxTextSize];
  return std::string(buffer, write_string(buffer));
}

std::string Decimal::to_fixed(int scale) const {
  char buffer[kMaxTextSize];
  return std::string(buffer, write_fixed(buffer, scale));
}

std::size_t Decimal::write_string(char* buffer) const noexcept {
  const UInt128 magnitude = int128::magnitude(units_);
  char* end = write_whole(buffer, units_ < 0, magnitude);
  std::uint64_t fraction = fraction_units(magnitude);
  if (fraction == 0) return static_cast<std::size_t>(end - buffer);
  int digits = kScale;
  while (fraction % 10 == 0) {
    fraction /= 10;
    --digits;
  }
  *end++ = '.';
  return static_cast<std::size_t>(write_padded(end, fraction, digits) - buffer);
}

std::size_t Decimal::write_fixed(char* buffer, int scale) const noexcept {
  const UInt128 magnitude = int128::magnitude(units_);
  char* end = write_whole(buffer, units_ < 0, magnitude);
  if (scale > 0) {
    *end++ = '.';
    const std::uint64_t fraction = fraction_units(magnitude);
    end = write_padded(end, fraction / static_cast<std::uint64_t>(int128::power_of_ten(kScale - scale)), scale);
  }
  return static_cast<std::size_t>(end - buffer);
}

Rational Decimal::to_rational() const { return Rational::from_scaled(units_, kScale); }

bool Decimal::is_integer() const { return int128::magnitude(units_) % kUnitScale == 0; }

Decimal operator+(const Decimal& a, const Decimal& b) { return Decimal::checked(a.units_ + b.units_); }
Decimal operator-(const Decimal& a, const Decimal& b) { return Decimal::checked(a.units_ - b.units_); }
Decimal operator-(const Decimal& a) { return Decimal{-a.units_}; }

}  // namespace ratecard
