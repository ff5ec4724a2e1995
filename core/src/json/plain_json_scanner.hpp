#pragma once

// A scanner of the plain subset of JSON text that most requests are written in, feeding a
// handler nlohmann's SAX events (the calls json::sax_parse makes) without nlohmann's lexer:
// strings of printable ASCII without escapes, integers of at most 18 digits, true, false,
// null, objects and arrays nested at most kMaxRequestDepth deep, JSON whitespace. For every
// text it accepts, the events are exactly those json::sax_parse gives in strict mode; it
// accepts nothing nlohmann refuses. Text beyond the subset (an escape or a byte beyond ASCII
// in a string, a byte-order mark, a fraction or exponent, a longer integer, deeper nesting) is
// left to nlohmann. A key is handed over as a std::string_view into the text, so a handler's
// `key` takes a string_view (nlohmann's parser calls it with a std::string, which binds too).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "json/json.hpp"
#include "ratecard/limits.hpp"

namespace ratecard {

/// What read_plain_json made of a text.
enum class PlainJsonRead {
  kAccepted,  ///< The text is one plain JSON value and the handler took every event.
  kRefused,   ///< The handler refused an event, or the text is malformed as far as it was read.
  kNotPlain,  ///< The text uses what the scanner leaves to nlohmann (see above).
};

namespace plain_json {

// The longest integer taken: 18 digits always fit an int64 and a uint64.
inline constexpr std::size_t kMaxIntegerDigits = 18;

inline bool is_whitespace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// The scanner's position in the text, the string the handler receives (reused), and why it
// stopped.
template <typename Handler>
class Scanner {
 public:
  Scanner(std::string_view text, Handler& handler)
      : at_(text.data()), end_(text.data() + text.size()), handler_(handler) {}

  // One value, then nothing but whitespace.
  PlainJsonRead scan_document() {
    skip_whitespace();
    if (!scan_value(0)) return outcome_;
    skip_whitespace();
    return at_ == end_ ? PlainJsonRead::kAccepted : PlainJsonRead::kRefused;
  }

 private:
  bool refuse() {
    outcome_ = PlainJsonRead::kRefused;
    return false;
  }
  bool not_plain() {
    outcome_ = PlainJsonRead::kNotPlain;
    return false;
  }
  bool took(bool taken) { return taken || refuse(); }

  void skip_whitespace() {
    while (at_ != end_ && is_whitespace(*at_)) ++at_;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - at_) < word.size() || std::string_view(at_, word.size()) != word) {
      return refuse();
    }
    at_ += word.size();
    return true;
  }

  // A string's content, after its opening quote, as a view of the text.
  bool scan_string_view(std::string_view& content) {
    const char* begin = at_;
    while (at_ != end_) {
      const auto byte = static_cast<unsigned char>(*at_);
      if (byte == '"') {
        content = std::string_view(begin, static_cast<std::size_t>(at_ - begin));
        ++at_;
        return true;
      }
      if (byte == '\\' || byte >= 0x80) return not_plain();
      if (byte < 0x20) return refuse();
      ++at_;
    }
    return refuse();
  }

  // A string's content into text_, after its opening quote.
  bool scan_string() {
    std::string_view content;
    if (!scan_string_view(content)) return false;
    text_.assign(content);
    return true;
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
    if (count == 0 || (count > 1 && *digits == '0')) return refuse();
    if (count > kMaxIntegerDigits) return not_plain();
    if (at_ != end_ && (*at_ == '.' || *at_ == 'e' || *at_ == 'E')) return not_plain();
    if (negative) return took(handler_.number_integer(-static_cast<Json::number_integer_t>(value)));
    return took(handler_.number_unsigned(value));
  }

  bool scan_value(std::size_t depth) {
    if (at_ == end_) return refuse();
    switch (*at_) {
      case '{':
      case '[':
        if (depth >= kMaxRequestDepth) return not_plain();
        return *at_ == '{' ? scan_object(depth + 1) : scan_array(depth + 1);
      case '"':
        ++at_;
        return scan_string() && took(handler_.string(text_));
      case 't': return literal("true") && took(handler_.boolean(true));
      case 'f': return literal("false") && took(handler_.boolean(false));
      case 'n': return literal("null") && took(handler_.null());
      default:
        if (*at_ == '-' || (*at_ >= '0' && *at_ <= '9')) return scan_number();
        // A byte beyond ASCII may open a byte-order mark, which nlohmann skips.
        return static_cast<unsigned char>(*at_) >= 0x80 ? not_plain() : refuse();
    }
  }

  bool scan_object(std::size_t depth) {
    ++at_;
    if (!took(handler_.start_object(static_cast<std::size_t>(-1)))) return false;
    skip_whitespace();
    if (at_ != end_ && *at_ == '}') {
      ++at_;
      return took(handler_.end_object());
    }
    while (true) {
      if (at_ == end_ || *at_ != '"') return refuse();
      ++at_;
      std::string_view name;  // handed over as a view: a key is only looked up
      if (!scan_string_view(name) || !took(handler_.key(name))) return false;
      skip_whitespace();
      if (at_ == end_ || *at_ != ':') return refuse();
      ++at_;
      skip_whitespace();
      if (!scan_value(depth)) return false;
      skip_whitespace();
      if (at_ == end_) return refuse();
      if (*at_ == '}') {
        ++at_;
        return took(handler_.end_object());
      }
      if (*at_ != ',') return refuse();
      ++at_;
      skip_whitespace();
    }
  }

  bool scan_array(std::size_t depth) {
    ++at_;
    if (!took(handler_.start_array(static_cast<std::size_t>(-1)))) return false;
    skip_whitespace();
    if (at_ != end_ && *at_ == ']') {
      ++at_;
      return took(handler_.end_array());
    }
    while (true) {
      if (!scan_value(depth)) return false;
      skip_whitespace();
      if (at_ == end_) return refuse();
      if (*at_ == ']') {
        ++at_;
        return took(handler_.end_array());
      }
      if (*at_ != ',') return refuse();
      ++at_;
      skip_whitespace();
    }
  }

  const char* at_;
  const char* end_;
  Handler& handler_;
  std::string text_;
  PlainJsonRead outcome_ = PlainJsonRead::kRefused;
};

}  // namespace plain_json

/// Feeds `handler` (nlohmann's SAX interface) the events of `text` as far as it is plain JSON
/// (see above). kAccepted when the whole text was read and the handler took every event; on
/// kRefused or kNotPlain, after any number of events, the handler's state is to be dropped (and
/// for kNotPlain the text read again with nlohmann).
template <typename Handler>
[[nodiscard]] PlainJsonRead read_plain_json(std::string_view text, Handler& handler) {
  return plain_json::Scanner<Handler>(text, handler).scan_document();
}

/// Reads a request's `text` into a `Shape` through `Handler` (constructed from the shape; its
/// `complete()` tells whether the whole request was read): with read_plain_json, or with
/// nlohmann's SAX parser, on a fresh shape, when the text is not plain. Empty for text over
/// kMaxRequestBytes and for any text the handler refuses or leaves incomplete.
template <typename Shape, typename Handler>
[[nodiscard]] std::optional<Shape> read_shape_text(std::string_view text) {
  if (text.size() > kMaxRequestBytes) return std::nullopt;
  {
    Shape shape;
    Handler handler(shape);
    switch (read_plain_json(text, handler)) {
      case PlainJsonRead::kAccepted:
        if (!handler.complete()) return std::nullopt;
        return shape;
      case PlainJsonRead::kRefused: return std::nullopt;
      case PlainJsonRead::kNotPlain: break;
    }
  }
  Shape shape;
  Handler handler(shape);
  if (!Json::sax_parse(text.begin(), text.end(), &handler, Json::input_format_t::json, true) || !handler.complete()) {
    return std::nullopt;
  }
  return shape;
}

}  // namespace ratecard
