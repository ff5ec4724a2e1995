#include "ratecard/decimal.hpp"

#include <array>
#include <cstdint>
#include <limits>

#include "ratecard/overflow.hpp"
#include "text/ascii.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

const std::array<BigInt, Decimal::kScale + 1>& powers_of_ten() {
  static const std::array<BigInt, Decimal::kScale + 1> powers = [] {
    std::array<BigInt, Decimal::kScale + 1> table{};
    BigInt power = 1;
    for (auto& entry : table) {
      entry = power;
      power *= 10;
    }
    return table;
  }();
  return powers;
}

const BigInt& unit_scale() { return powers_of_ten()[Decimal::kScale]; }

// Exclusive bound on |units|: 10^(24 + 12).
const BigInt& units_limit() {
  static const BigInt limit = [] {
    BigInt value = 1;
    for (int i = 0; i < Decimal::kMaxIntegerDigits + Decimal::kScale; ++i) value *= 10;
    return value;
  }();
  return limit;
}

bool in_range(const BigInt& units) { return abs(units) < units_limit(); }

// Accumulates decimal digits into an integer 18 at a time in 64-bit arithmetic (10^18 < 2^64):
// one 256-bit multiply-add per 18 digits instead of one per digit.
class DigitAccumulator {
 public:
  void push(char digit) {
    chunk_ = chunk_ * 10 + static_cast<std::uint64_t>(digit - '0');
    chunk_scale_ *= 10;
    if (++chunk_digits_ == kChunkDigits) flush();
  }

  BigInt finish() {
    flush();
    return value_;
  }

 private:
  static constexpr int kChunkDigits = 18;

  void flush() {
    if (chunk_digits_ == 0) return;
    value_ = value_ * chunk_scale_ + chunk_;
    chunk_ = 0;
    chunk_scale_ = 1;
    chunk_digits_ = 0;
  }

  BigInt value_ = 0;
  std::uint64_t chunk_ = 0;
  std::uint64_t chunk_scale_ = 1;
  int chunk_digits_ = 0;
};

// Decimal text of a non-negative integer: 64-bit formatting when it fits (almost always),
// Boost's slower general conversion otherwise.
std::string digits_of(const BigInt& value) {
  if (value <= std::numeric_limits<std::uint64_t>::max()) return std::to_string(value.convert_to<std::uint64_t>());
  return value.str();
}

Error malformed(std::string_view text, std::string_view why) {
  return Error{ErrorCode::kInvalidArgument,
               quote_for_message(text) + " is not a decimal number (" + std::string(why) + ")", ""};
}

}  // namespace

Decimal Decimal::checked(BigInt units) {
  if (!in_range(units)) {
    record_arithmetic_fault(ArithmeticFault::kOverflow);
    return Decimal{};
  }
  return Decimal{std::move(units)};
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
  DigitAccumulator accumulator;
  for (std::size_t i = integer_begin; i < integer_begin + integer_digits; ++i) accumulator.push(text[i]);
  for (std::size_t i = 0; i < static_cast<std::size_t>(kScale); ++i) {
    accumulator.push(i < fraction_digits ? text[fraction_begin + i] : '0');
  }
  BigInt units = accumulator.finish();
  return Decimal{negative ? BigInt(-units) : units};
}

Result<Decimal> Decimal::from_integer(const BigInt& value) {
  if (abs(value) >= units_limit() / unit_scale()) {
    return Error{ErrorCode::kOverflow, value.str() + " is beyond the exact range of 24 integer digits", ""};
  }
  return Decimal{value * unit_scale()};
}

Result<Decimal> Decimal::from_rational(const Rational& value) {
  const BigInt& den = value.denominator();
  const BigInt whole = value.numerator() / den;  // truncated toward zero
  if (abs(whole) >= units_limit() / unit_scale()) {
    return Error{ErrorCode::kOverflow, "the value is beyond the exact range of 24 integer digits", ""};
  }
  // The fraction rem/den has an exact 12-digit form iff den/gcd(rem, den) divides 10^12.
  const BigInt rem = value.numerator() - whole * den;
  const BigInt common = rem.is_zero() ? den : gcd(rem, den);
  const BigInt reduced_den = den / common;
  if (unit_scale() % reduced_den != 0) {
    return Error{ErrorCode::kInvalidArgument, value.to_string() + " has no exact 12-digit decimal form", ""};
  }
  return Decimal{whole * unit_scale() + (rem / common) * (unit_scale() / reduced_den)};
}

std::string Decimal::to_string() const {
  std::string text = to_fixed(kScale);
  const std::size_t point = text.find('.');
  std::size_t end = text.size();
  while (end > point + 1 && text[end - 1] == '0') --end;
  if (end == point + 1) end = point;
  text.resize(end);
  return text;
}

std::string Decimal::to_fixed(int scale) const {
  BigInt whole;
  BigInt fraction_units;
  divide_qr(abs(units_), unit_scale(), whole, fraction_units);
  std::string text;
  if (units_.sign() < 0) text += '-';
  text += digits_of(whole);
  if (scale > 0) {
    const std::string fraction = digits_of(fraction_units);  // below 10^12: 64-bit formatting
    text += '.';
    text.append(static_cast<std::size_t>(kScale) - fraction.size(), '0');
    text += fraction;
    text.resize(text.size() - static_cast<std::size_t>(kScale - scale));
  }
  return text;
}

Rational Decimal::to_rational() const { return Rational(units_, unit_scale()); }

bool Decimal::is_integer() const { return units_ % unit_scale() == 0; }

Decimal operator+(const Decimal& a, const Decimal& b) { return Decimal::checked(a.units_ + b.units_); }
Decimal operator-(const Decimal& a, const Decimal& b) { return Decimal::checked(a.units_ - b.units_); }
Decimal operator-(const Decimal& a) { return Decimal{-a.units_}; }

}  // namespace ratecard
