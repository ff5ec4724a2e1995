#pragma once

// A scanner of the plain subset of JSON text that most requests are written in, feeding a
// handler nlohmann's SAX events (the calls json::sax_parse makes) without nlohmann's lexer:
// strings of printable ASCII without escapes, integers of at most 18 digits, true, false,
// null, objects and arrays, JSON whitespace. On anything else (an escape, a byte beyond
// ASCII, a fraction or exponent, a longer integer, a byte-order mark, malformed text) it
// stops and answers false, and the caller reads the text the general way; so for every text
// it accepts, the events are exactly those json::sax_parse gives in strict mode.

#include <cstdint>
#include <string>
#include <string_view>

#include "json/json.hpp"

namespace ratecard {

namespace plain_json {

// The longest integer taken: 18 digits always fit an int64 and a uint64.
inline constexpr std::size_t kMaxIntegerDigits = 18;

inline bool is_whitespace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// The scanner's position in the text, and the string the handler receives (reused).
template <typename Handler>
class Scanner {
 public:
  Scanner(std::string_view text, Handler& handler)
      : at_(text.data()), end_(text.data() + text.size()), handler_(handler) {}

  // One value, then nothing but whitespace.
  bool scan_document() {
    skip_whitespace();
    if (!scan_value(0)) return false;
    skip_whitespace();
    return at_ == end_;
  }

 private:
  // Nesting deeper than this goes the general way (a price request nests four levels).
  static constexpr int kMaxDepth = 32;

  void skip_whitespace() {
    while (at_ != end_ && is_whitespace(*at_)) ++at_;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - at_) < word.size() || std::string_view(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

  // A string's content into text_, after its opening quote; false for an escape, a control
  // character or a byte beyond ASCII.
  bool scan_string() {
    const char* begin = at_;
    while (at_ != end_) {
      const auto byte = static_cast<unsigned char>(*at_);
      if (byte == '"') {
        text_.assign(begin, at_);
        ++at_;
        return true;
      }
      if (byte < 0x20 || byte >= 0x80 || byte == '\\') return false;
      ++at_;
    }
    return false;
  }

  bool scan_number() {
    const bool negative = *at_ == '-';
    if (negative) ++at_;
    const char* digits = at_;
    std::uint64_t value = 0;
    while (at_ != end_ && *at_ >= '0' && *at_ <= '9') {
      value = value * 10 + static_cast<std::uint64_t>(*at_ - '0');
      ++at_;
    }
    const auto count = static_cast<std::size_t>(at_ - digits);
    if (count == 0 || count > kMaxIntegerDigits || (count > 1 && *digits == '0')) return false;
    if (at_ != end_ && (*at_ == '.' || *at_ == 'e' || *at_ == 'E')) return false;
    if (negative) return handler_.number_integer(-static_cast<Json::number_integer_t>(value));
    return handler_.number_unsigned(value);
  }

  bool scan_value(int depth) {
    if (at_ == end_) return false;
    switch (*at_) {
      case '{': return depth < kMaxDepth && scan_object(depth + 1);
      case '[': return depth < kMaxDepth && scan_array(depth + 1);
      case '"':
        ++at_;
        return scan_string() && handler_.string(text_);
      case 't': return literal("true") && handler_.boolean(true);
      case 'f': return literal("false") && handler_.boolean(false);
      case 'n': return literal("null") && handler_.null();
      default: return (*at_ == '-' || (*at_ >= '0' && *at_ <= '9')) && scan_number();
    }
  }

  bool scan_object(int depth) {
    ++at_;
    if (!handler_.start_object(static_cast<std::size_t>(-1))) return false;
    skip_whitespace();
    if (at_ != end_ && *at_ == '}') {
      ++at_;
      return handler_.end_object();
    }
    while (true) {
      if (at_ == end_ || *at_ != '"') return false;
      ++at_;
      if (!scan_string() || !handler_.key(text_)) return false;
      skip_whitespace();
      if (at_ == end_ || *at_ != ':') return false;
      ++at_;
      skip_whitespace();
      if (!scan_value(depth)) return false;
      skip_whitespace();
      if (at_ == end_) return false;
      if (*at_ == '}') {
        ++at_;
        return handler_.end_object();
      }
      if (*at_ != ',') return false;
      ++at_;
      skip_whitespace();
    }
  }

  bool scan_array(int depth) {
    ++at_;
    if (!handler_.start_array(static_cast<std::size_t>(-1))) return false;
    skip_whitespace();
    if (at_ != end_ && *at_ == ']') {
      ++at_;
      return handler_.end_array();
    }
    while (true) {
      if (!scan_value(depth)) return false;
      skip_whitespace();
      if (at_ == end_) return false;
      if (*at_ == ']') {
        ++at_;
        return handler_.end_array();
      }
      if (*at_ != ',') return false;
      ++at_;
      skip_whitespace();
    }
  }

  const char* at_;
  const char* end_;
  Handler& handler_;
  std::string text_;
};

}  // namespace plain_json

/// Feeds `handler` (nlohmann's SAX interface) the events of `text` when it is plain JSON (see
/// above) and answers true when the whole text was read and the handler took every event.
/// False otherwise, after any number of events: the handler's state is then to be dropped.
template <typename Handler>
[[nodiscard]] bool scan_plain_json(std::string_view text, Handler& handler) {
  return plain_json::Scanner<Handler>(text, handler).scan_document();
}

}  // namespace ratecard
