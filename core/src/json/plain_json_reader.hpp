#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "json/json.hpp"
#include "ratecard/limits.hpp"

namespace ratecard {

/// What read_plain_json made of a text.
enum class PlainJsonRead {
  kAccepted,  ///< The text is one plain JSON value and the handler took every event.
  kRefused,   ///< The handler refused an event, or the text is not JSON as far as it was read.
  kNotPlain,  ///< The text uses what the plain reader leaves to nlohmann: an escape or a byte
              ///< beyond ASCII in a string, a number with a fraction or an exponent or more
              ///< than 18 digits, or nesting deeper than kMaxRequestDepth.
};

/// Feeds `handler` (nlohmann's SAX interface) the events of `text`, the way
/// `Json::sax_parse(..., strict = true)` would, for the plain JSON most requests are: strings
/// of printable ASCII without escapes, integers of at most 18 digits. Non-negative integers come
/// as number_unsigned and negative ones as number_integer, as nlohmann gives them. It accepts
/// nothing nlohmann refuses; for what it leaves to nlohmann (kNotPlain) the caller parses the
/// text again with nlohmann, and for kRefused it answers as for any malformed text.
template <typename Handler>
[[nodiscard]] PlainJsonRead read_plain_json(std::string_view text, Handler& handler);

namespace plain_json_detail {

template <typename Handler>
class PlainJsonReader {
 public:
  PlainJsonReader(std::string_view text, Handler& handler)
      : at_(text.data()), end_(text.data() + text.size()), handler_(handler) {}

  PlainJsonRead read() {
    skip_space();
    if (!value(0)) return outcome_;
    skip_space();
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
  bool accept(bool taken) { return taken || refuse(); }

  void skip_space() {
    while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - at_) < word.size() || std::string_view(at_, word.size()) != word) {
      return refuse();
    }
    at_ += word.size();
    return true;
  }

  // A string after its opening quote, into `out`.
  bool string_text(std::string& out) {
    const char* start = at_;
    while (at_ != end_) {
      const auto byte = static_cast<unsigned char>(*at_);
      if (byte == '"') {
        out.assign(start, at_);
        ++at_;
        return true;
      }
      if (byte == '\\' || byte >= 0x80) return not_plain();
      if (byte < 0x20) return refuse();
      ++at_;
    }
    return refuse();
  }

  bool number() {
    const bool negative = *at_ == '-';
    if (negative) ++at_;
    if (at_ == end_ || *at_ < '0' || *at_ > '9') return refuse();
    std::uint64_t value = 0;
    std::size_t digits = 0;
    if (*at_ == '0') {
      ++at_;
      digits = 1;
    } else {
      while (at_ != end_ && *at_ >= '0' && *at_ <= '9') {
        if (++digits > 18) return not_plain();
        value = value * 10 + static_cast<std::uint64_t>(*at_ - '0');
        ++at_;
      }
    }
    if (at_ != end_ && (*at_ == '.' || *at_ == 'e' || *at_ == 'E')) return not_plain();
    if (negative) return accept(handler_.number_integer(-static_cast<std::int64_t>(value)));
    return accept(handler_.number_unsigned(value));
  }

  bool object(std::size_t depth) {
    if (!accept(handler_.start_object(static_cast<std::size_t>(-1)))) return false;
    skip_space();
    if (at_ != end_ && *at_ == '}') {
      ++at_;
      return accept(handler_.end_object());
    }
    while (true) {
      if (at_ == end_ || *at_ != '"') return refuse();
      ++at_;
      std::string name;
      if (!string_text(name) || !accept(handler_.key(name))) return false;
      skip_space();
      if (at_ == end_ || *at_ != ':') return refuse();
      ++at_;
      skip_space();
      if (!value(depth + 1)) return false;
      skip_space();
      if (at_ == end_) return refuse();
      if (*at_ == '}') {
        ++at_;
        return accept(handler_.end_object());
      }
      if (*at_ != ',') return refuse();
      ++at_;
      skip_space();
    }
  }

  bool array(std::size_t depth) {
    if (!accept(handler_.start_array(static_cast<std::size_t>(-1)))) return false;
    skip_space();
    if (at_ != end_ && *at_ == ']') {
      ++at_;
      return accept(handler_.end_array());
    }
    while (true) {
      if (!value(depth + 1)) return false;
      skip_space();
      if (at_ == end_) return refuse();
      if (*at_ == ']') {
        ++at_;
        return accept(handler_.end_array());
      }
      if (*at_ != ',') return refuse();
      ++at_;
      skip_space();
    }
  }

  bool value(std::size_t depth) {
    if (at_ == end_) return refuse();
    switch (*at_) {
      case '{':
      case '[':
        if (depth >= kMaxRequestDepth) return not_plain();
        ++at_;
        return at_[-1] == '{' ? object(depth) : array(depth);
      case '"': {
        ++at_;
        std::string text;
        return string_text(text) && accept(handler_.string(text));
      }
      case 't': return literal("true") && accept(handler_.boolean(true));
      case 'f': return literal("false") && accept(handler_.boolean(false));
      case 'n': return literal("null") && accept(handler_.null());
      default: return number();
    }
  }

  const char* at_;
  const char* end_;
  Handler& handler_;
  PlainJsonRead outcome_ = PlainJsonRead::kRefused;
};

}  // namespace plain_json_detail

template <typename Handler>
PlainJsonRead read_plain_json(std::string_view text, Handler& handler) {
  return plain_json_detail::PlainJsonReader<Handler>(text, handler).read();
}

}  // namespace ratecard
