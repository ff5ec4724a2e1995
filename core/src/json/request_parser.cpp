#include "json/request_parser.hpp"

#include <optional>
#include <utility>
#include <vector>

#include "json/json_pointer.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

// Builds the DOM of a request from nlohmann's SAX events and refuses, while reading, what a
// strict money boundary must not guess at: nesting deeper than kMaxRequestDepth, more than
// kMaxRequestValues values, and an object that names a member twice (nlohmann's own builder
// would silently keep the last one). Keeps the parser's error message instead of throwing.
class StrictDomBuilder {
 public:
  explicit StrictDomBuilder(Json& root) : root_(root) {}

  bool null() { return add(Json(nullptr)); }
  bool boolean(bool value) { return add(Json(value)); }
  bool number_integer(Json::number_integer_t value) { return add(Json(value)); }
  bool number_unsigned(Json::number_unsigned_t value) { return add(Json(value)); }
  bool number_float(Json::number_float_t value, const Json::string_t& /*text*/) { return add(Json(value)); }
  bool string(Json::string_t& value) { return add(Json(std::move(value))); }
  bool binary(Json::binary_t& value) { return add(Json(std::move(value))); }  // never from JSON text
  bool key(Json::string_t& name);
  bool start_object(std::size_t /*size*/) { return open(Json::object()); }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*size*/) { return open(Json::array()); }
  bool end_array() { return close(); }
  template <typename Exception>
  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/, const Exception& error) {
    message_ = error.what();
    return false;
  }

  [[nodiscard]] bool too_deep() const noexcept { return too_deep_; }
  [[nodiscard]] bool too_many_values() const noexcept { return too_many_values_; }
  /// The JSON Pointer of a member named twice, once one was found.
  [[nodiscard]] const std::optional<std::string>& duplicate_path() const noexcept { return duplicate_path_; }
  /// The duplicated name, quoted for a message.
  [[nodiscard]] const std::string& duplicate_name() const noexcept { return duplicate_name_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  // An open object or array, with (for an object) the name of the member being read.
  struct Frame {
    Json* container;
    const std::string* member_name;
  };

  // Every value counts toward kMaxRequestValues; containers also open a level of nesting.
  bool count() {
    if (++values_ > kMaxRequestValues) {
      too_many_values_ = true;
      return false;
    }
    return true;
  }

  // Puts a value where the text has it: the root, the end of the open array, or the member of
  // the open object named by the last key. The returned address stays valid while the value is
  // open, since nothing is added to its parent meanwhile.
  Json* place(Json&& value) {
    if (open_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Json& container = *open_.back().container;
    if (container.is_array()) {
      container.push_back(std::move(value));
      return &container.back();
    }
    *member_ = std::move(value);
    return member_;
  }

  bool add(Json&& value) {
    if (!count()) return false;
    place(std::move(value));
    return true;
  }

  bool open(Json&& container) {
    if (!count()) return false;
    if (open_.size() >= kMaxRequestDepth) {
      too_deep_ = true;
      return false;
    }
    open_.push_back(Frame{place(std::move(container)), nullptr});
    return true;
  }

  bool close() {
    open_.pop_back();
    return true;
  }

  // The JSON Pointer of the member being read in the innermost open object.
  std::string member_path() const {
    std::string path;
    for (const Frame& frame : open_) {
      path = frame.member_name != nullptr ? pointer_child(path, *frame.member_name)
                                          : pointer_child(path, frame.container->size() - 1);
    }
    return path;
  }

  Json& root_;
  std::vector<Frame> open_;
  Json* member_ = nullptr;
  std::size_t values_ = 0;
  bool too_deep_ = false;
  bool too_many_values_ = false;
  std::optional<std::string> duplicate_path_;
  std::string duplicate_name_;
  std::string message_;
};

bool StrictDomBuilder::key(Json::string_t& name) {
  Frame& frame = open_.back();
  auto* members = frame.container->get_ptr<Json::object_t*>();
  const auto [member, inserted] = members->emplace(std::move(name), nullptr);
  frame.member_name = &member->first;
  if (!inserted) {
    duplicate_name_ = quote_for_message(member->first);
    duplicate_path_ = member_path();
    return false;
  }
  member_ = &member->second;
  return true;
}

// nlohmann prefixes its messages with "[json.exception.parse_error.101] "; keep the rest.
std::string strip_exception_prefix(const std::string& message) {
  const auto end = message.find("] ");
  return end == std::string::npos ? message : message.substr(end + 2);
}

}  // namespace

Result<Json> parse_request(std::string_view text) {
  if (text.size() > kMaxRequestBytes) {
    return Error{ErrorCode::kLimitExceeded,
                 "the request is " + std::to_string(text.size()) + " bytes; the limit is " +
                     std::to_string(kMaxRequestBytes),
                 ""};
  }
  Json root;
  StrictDomBuilder builder(root);
  const bool parsed = Json::sax_parse(text.begin(), text.end(), &builder, Json::input_format_t::json, true);
  if (builder.too_deep()) {
    return Error{ErrorCode::kLimitExceeded,
                 "the request nests objects and arrays deeper than " + std::to_string(kMaxRequestDepth) + " levels",
                 ""};
  }
  if (builder.too_many_values()) {
    return Error{ErrorCode::kLimitExceeded,
                 "the request holds more than " + std::to_string(kMaxRequestValues) +
                     " JSON values (objects, arrays, strings, numbers, booleans and nulls)",
                 ""};
  }
  if (builder.duplicate_path()) {
    return Error{ErrorCode::kInvalidJson,
                 "invalid JSON: the member " + builder.duplicate_name() +
                     " appears twice in one object; give each member once",
                 *builder.duplicate_path()};
  }
  if (!parsed) {
    return Error{ErrorCode::kInvalidJson, "invalid JSON: " + strip_exception_prefix(builder.message()), ""};
  }
  return root;
}

std::string dump_canonical(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace ratecard
