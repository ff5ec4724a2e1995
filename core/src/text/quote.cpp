#include "text/quote.hpp"

namespace ratecard {

std::string quote_for_message(std::string_view text) {
  constexpr std::size_t kMaxShown = 40;
  std::string quoted = "\"";
  std::size_t shown = text.size() > kMaxShown ? kMaxShown : text.size();
  // Never cut a UTF-8 sequence in half: back off over continuation bytes.
  while (shown < text.size() && shown > 0 && (static_cast<unsigned char>(text[shown]) & 0xC0U) == 0x80U) --shown;
  for (std::size_t i = 0; i < shown; ++i) {
    const char c = text[i];
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      quoted += '?';
    } else {
      quoted += c;
    }
  }
  if (shown < text.size()) quoted += "...";
  quoted += '"';
  return quoted;
}

}  // namespace ratecard
