#include "json/request_parser.hpp"

#include <utility>

namespace ratecard {
namespace {

// Builds the DOM through nlohmann's own SAX DOM builder, while counting nesting depth and
// values, and keeping the parser's error message instead of throwing it.
class LimitedDomBuilder {
 public:
  explicit LimitedDomBuilder(Json& root) : builder_(root, false) {}

  bool null() { return count() && builder_.null(); }
  bool boolean(bool value) { return count() && builder_.boolean(value); }
  bool number_integer(Json::number_integer_t value) { return count() && builder_.number_integer(value); }
  bool number_unsigned(Json::number_unsigned_t value) { return count() && builder_.number_unsigned(value); }
  bool number_float(Json::number_float_t value, const Json::string_t& text) {
    return count() && builder_.number_float(value, text);
  }
  bool string(Json::string_t& value) { return count() && builder_.string(value); }
  bool binary(Json::binary_t& value) { return count() && builder_.binary(value); }
  bool key(Json::string_t& value) { return builder_.key(value); }
  bool start_object(std::size_t size) { return enter() && builder_.start_object(size); }
  bool end_object() {
    --depth_;
    return builder_.end_object();
  }
  bool start_array(std::size_t size) { return enter() && builder_.start_array(size); }
  bool end_array() {
    --depth_;
    return builder_.end_array();
  }
  template <typename Exception>
  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/, const Exception& error) {
    message_ = error.what();
    return false;
  }

  [[nodiscard]] bool too_deep() const noexcept { return too_deep_; }
  [[nodiscard]] bool too_many_values() const noexcept { return too_many_values_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  // Every value counts toward kMaxRequestValues; containers also open a level of nesting.
  bool count() {
    if (++values_ > kMaxRequestValues) {
      too_many_values_ = true;
      return false;
    }
    return true;
  }

  bool enter() {
    if (!count()) return false;
    if (++depth_ > kMaxRequestDepth) {
      too_deep_ = true;
      return false;
    }
    return true;
  }

  nlohmann::detail::json_sax_dom_parser<Json> builder_;
  std::size_t depth_ = 0;
  std::size_t values_ = 0;
  bool too_deep_ = false;
  bool too_many_values_ = false;
  std::string message_;
};

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
  LimitedDomBuilder builder(root);
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
  if (!parsed) {
    return Error{ErrorCode::kInvalidJson, "invalid JSON: " + strip_exception_prefix(builder.message()), ""};
  }
  return root;
}

std::string dump_canonical(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace ratecard
