#include "pricing/charge_json.hpp"

#include "pricing/charge_fields.hpp"

namespace ratecard {
namespace {

// Puts each field into one JSON object.
class JsonFieldSink {
 public:
  explicit JsonFieldSink(Json& object) : object_(object) {}
  void text(std::string_view key, std::string_view value) { object_[std::string(key)] = std::string(value); }
  void decimal(std::string_view key, const Decimal& value) { text(key, value.to_string()); }
  void fixed_decimal(std::string_view key, const Decimal& value, int scale) { text(key, value.to_fixed(scale)); }
  void integer(std::string_view key, std::int64_t value) { object_[std::string(key)] = value; }
  void null(std::string_view key) { object_[std::string(key)] = nullptr; }

 private:
  Json& object_;
};

}  // namespace

Json charge_lines_json(const std::vector<RoundedLine>& lines, int minor_units) {
  Json array = Json::array();
  for (const RoundedLine& line : lines) {
    Json object = Json::object();
    JsonFieldSink sink(object);
    for_each_line_field(line, minor_units, sink);
    array.push_back(std::move(object));
  }
  return array;
}

Json event_counts_json(const std::optional<EventTotals>& events) {
  if (!events) return Json::object();
  return Json{{"events", events->events}, {"free_events", events->free_events}};
}

}  // namespace ratecard
