#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace ratecard {

/// Appends canonical JSON text (compact, UTF-8, the escaping of dump_canonical) to one buffer
/// in one pass. The caller writes object members in bytewise key order: the writer does not
/// sort, which is what makes it a single pass. Commas are placed from the last byte written, so
/// the writer keeps no state and truncate() can undo anything written after a mark().
class CanonicalWriter {
 public:
  /// Writes into `out`, after what it already holds.
  explicit CanonicalWriter(std::string& out) noexcept : out_(out) {}

  /// Opens an object: its members follow as key() then a value.
  void begin_object() { separate(); out_ += '{'; }
  /// Closes the innermost object.
  void end_object() { out_ += '}'; }
  /// Opens an array: its elements follow as values.
  void begin_array() { separate(); out_ += '['; }
  /// Closes the innermost array.
  void end_array() { out_ += ']'; }

  /// The name of the next member of the open object; a value must follow.
  void key(std::string_view name);
  /// A string value.
  void string(std::string_view text);
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
  // True when a value or key follows another element of the same object or array.
  [[nodiscard]] bool needs_separator() const {
    if (out_.empty()) return false;
    const char last = out_.back();
    return last != '{' && last != '[' && last != ':';
  }
  // A comma before a value or key that follows another element of the same object or array.
  void separate() {
    if (needs_separator()) out_ += ',';
  }
  // Writes `text` quoted, then `suffix`, in one growth of the buffer when no byte of it needs
  // escaping (printable ASCII); false, having written nothing, otherwise.
  bool append_plain_string(std::string_view text, std::string_view suffix);

  std::string& out_;
};

}  // namespace ratecard
