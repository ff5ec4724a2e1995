#include "json/canonical_writer.hpp"

#include <algorithm>
#include <charconv>

#include "json/json.hpp"

namespace ratecard {
namespace {

// True when a byte of an ASCII string must be escaped: the quote, the backslash and the
// control characters (nlohmann writes DEL as is).
bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// ASCII text with the escapes of nlohmann's dump (short forms, else \u00xx in lower case).
void append_escaped_ascii(std::string& out, std::string_view text) {
  constexpr char kHex[] = "0123456789abcdef";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (!needs_escape(byte)) {
      out += c;
      continue;
    }
    out += '\\';
    switch (byte) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '\b': out += 'b'; break;
      case '\f': out += 'f'; break;
      case '\n': out += 'n'; break;
      case '\r': out += 'r'; break;
      case '\t': out += 't'; break;
      default:
        out += "u00";
        out += kHex[byte >> 4U];
        out += kHex[byte & 0xFU];
    }
  }
}

}  // namespace

void CanonicalWriter::key(std::string_view name) {
  if (!append_plain_string(name, ":")) {
    string(name);
    out_ += ':';
  }
}

bool CanonicalWriter::append_plain_string(std::string_view text, std::string_view suffix) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || needs_escape(byte)) return false;
  }
  // One growth of the buffer, then the bytes: a comma when one is due, the quoted text, suffix.
  const bool comma = needs_separator();
  const std::size_t at = out_.size();
  out_.resize(at + (comma ? 1 : 0) + text.size() + 2 + suffix.size());
  char* next = out_.data() + at;
  if (comma) *next++ = ',';
  *next++ = '"';
  next = std::copy(text.begin(), text.end(), next);
  *next++ = '"';
  std::copy(suffix.begin(), suffix.end(), next);
  return true;
}

void CanonicalWriter::string(std::string_view text) {
  if (append_plain_string(text, {})) return;
  separate();
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      // Beyond ASCII (possibly invalid UTF-8, replaced by U+FFFD): nlohmann's own writer, so
      // the bytes are those of dump_canonical by definition.
      out_ += Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
      return;
    }
  }
  out_ += '"';
  append_escaped_ascii(out_, text);
  out_ += '"';
}

void CanonicalWriter::integer(std::int64_t value) {
  separate();
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out_.append(digits, end);
}

void CanonicalWriter::unsigned_integer(std::uint64_t value) {
  separate();
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out_.append(digits, end);
}

void CanonicalWriter::dom(const Json& value) {
  separate();
  nlohmann::detail::serializer<Json> serializer(nlohmann::detail::output_adapter<char, std::string>(out_), ' ',
                                                Json::error_handler_t::replace);
  serializer.dump(value, false, false, 0);
}

}  // namespace ratecard
