#include "json/canonical_writer.hpp"

#include <charconv>
#include <cstring>

#include "ratecard/decimal.hpp"

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

// True when every byte is ASCII and none needs an escape: the text goes out as is.
bool is_plain_ascii(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || needs_escape(byte)) return false;
  }
  return true;
}

}  // namespace

void CanonicalWriter::key(std::string_view name) {
  if (is_plain_ascii(name)) return quoted_plain(name, ':');
  escaped_string(name);
  out_ += ':';
}

void CanonicalWriter::string(std::string_view text) {
  if (is_plain_ascii(text)) return quoted_plain(text, '\0');
  escaped_string(text);
}

void CanonicalWriter::decimal(const Decimal& value) {
  char text[Decimal::kMaxTextSize];
  quoted_plain(std::string_view(text, value.write_string(text)), '\0');
}

void CanonicalWriter::fixed_decimal(const Decimal& value, int scale) {
  char text[Decimal::kMaxTextSize];
  quoted_plain(std::string_view(text, value.write_fixed(text, scale)), '\0');
}

void CanonicalWriter::quoted_plain(std::string_view text, char after) {
  constexpr std::size_t kInline = 64;
  if (text.size() > kInline) {
    separated('"');
    out_ += text;
    out_ += '"';
    if (after != '\0') out_ += after;
    return;
  }
  // Comma, quotes, the text and `after` assembled on the stack: one append.
  char piece[kInline + 4];
  std::size_t size = 0;
  if (needs_comma()) piece[size++] = ',';
  piece[size++] = '"';
  std::memcpy(piece + size, text.data(), text.size());
  size += text.size();
  piece[size++] = '"';
  if (after != '\0') piece[size++] = after;
  out_.append(piece, size);
}

void CanonicalWriter::escaped_string(std::string_view text) {
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
  char digits[24];
  std::size_t size = 0;
  if (needs_comma()) digits[size++] = ',';
  const auto end = std::to_chars(digits + size, digits + sizeof digits, value).ptr;
  out_.append(digits, end);
}

void CanonicalWriter::unsigned_integer(std::uint64_t value) {
  char digits[24];
  std::size_t size = 0;
  if (needs_comma()) digits[size++] = ',';
  const auto end = std::to_chars(digits + size, digits + sizeof digits, value).ptr;
  out_.append(digits, end);
}

void CanonicalWriter::dom(const Json& value) {
  separate();
  nlohmann::detail::serializer<Json> serializer(nlohmann::detail::output_adapter<char, std::string>(out_), ' ',
                                                Json::error_handler_t::replace);
  serializer.dump(value, false, false, 0);
}

}  // namespace ratecard
