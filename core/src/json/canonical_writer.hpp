#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace ratecard {

class Decimal;

/// Appends canonical JSON text (compact, UTF-8, the escaping of dump_canonical) to one buffer
/// in one pass. The caller writes object members in bytewise key order: the writer does not
/// sort, which is what makes it a single pass. Commas are placed from the last byte written, so
/// the writer keeps no state and truncate() can undo anything written after a mark().
class CanonicalWriter {
 public:
  /// Writes into `out`, after what it already holds.
  explicit CanonicalWriter(std::string& out) noexcept : out_(out) {}

  /// Opens an object: its members follow as key() then a value.
  void begin_object() { separated('{'); }
  /// Closes the innermost object.
  void end_object() { out_ += '}'; }
  /// Opens an array: its elements follow as values.
  void begin_array() { separated('['); }
  /// Closes the innermost array.
  void end_array() { out_ += ']'; }

  /// The name of the next member of the open object; a value must follow.
  void key(std::string_view name);
  /// A string value.
  void string(std::string_view text);
  /// A decimal as a string value, in its canonical text (Decimal::to_string).
  void decimal(const Decimal& value);
  /// A decimal as a string value with exactly `scale` fractional digits (Decimal::to_fixed).
  void fixed_decimal(const Decimal& value, int scale);
  /// An integer value.
  void integer(std::int64_t value);
  /// A non-negative integer value.
  void unsigned_integer(std::uint64_t value);
  /// A boolean value.
  void boolean(bool value) { separate(); out_ += value ? "true" : "false"; }
  /// The null value.
  void null() { separate(); out_ += "null"; }
  /// A DOM value, written as dump_canonical writes it (for the ops that still build one).
  void dom(const nlohmann::json& value);
  /// A value given as its text, appended as is: `text` must already be one canonical JSON value
  /// (as dump_canonical writes it); nothing checks or re-escapes it.
  void canonical_text(std::string_view text) { separate(); out_ += text; }

  /// The position of the end of what is written, for truncate().
  [[nodiscard]] std::size_t mark() const noexcept { return out_.size(); }
  /// Drops everything written after `mark`.
  void truncate(std::size_t mark) { out_.resize(mark); }

 private:
  // True when a value or key follows another element of the same object or array, so that a
  // comma goes first.
  [[nodiscard]] bool needs_comma() const noexcept {
    if (out_.empty()) return false;
    const char last = out_.back();
    return last != '{' && last != '[' && last != ':';
  }
  // A comma before a value or key that follows another element of the same object or array.
  void separate() {
    if (needs_comma()) out_ += ',';
  }
  // `c` after the comma separate() would write, in one append.
  void separated(char c) {
    const char both[2] = {',', c};
    if (needs_comma()) {
      out_.append(both, 2);
    } else {
      out_ += c;
    }
  }
  // `text` (that needs no escape) in quotes, then `after` unless it is '\0': one append.
  void quoted_plain(std::string_view text, char after);
  // A string value with escapes or bytes beyond ASCII.
  void escaped_string(std::string_view text);

  std::string& out_;
};

}  // namespace ratecard
