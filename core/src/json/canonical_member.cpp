#include "json/canonical_member.hpp"

#include "json/request_parser.hpp"

namespace ratecard {

void splice_canonical_member(std::string& object_text, const Json& object, std::string_view name,
                             std::string_view value_text) {
  // Canonical text is `{` then `"key":value` joined by `,` then `}`, keys sorted bytewise (as
  // std::map orders them). The new member starts after the members whose keys sort before it.
  std::size_t offset = 1;
  auto next = object.begin();
  for (; next != object.end() && std::string_view(next.key()) < name; ++next) {
    offset += dump_canonical(Json(next.key())).size() + 1 + dump_canonical(next.value()).size() + 1;
  }
  std::string member = dump_canonical(Json(name));
  member += ':';
  member.append(value_text);
  if (next != object.end()) {
    member += ',';
  } else {
    // Sorted last: before the closing brace, after a `,` when other members precede it.
    offset = object_text.size() - 1;
    if (next != object.begin()) member.insert(member.begin(), ',');
  }
  object_text.insert(offset, member);
}

}  // namespace ratecard
