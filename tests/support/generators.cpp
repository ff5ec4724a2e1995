#include "generators.hpp"

#include "calendar/instant.hpp"
#include "json/json_pointer.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

namespace ratecard::testing {
namespace {

std::uint64_t environment_number(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  return std::strtoull(text, nullptr, 10);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// True when `text` matches the strict grammar -?(0|[1-9][0-9]*)(\.[0-9]+)? (any length).
bool looks_decimal(const std::string& text) {
  std::size_t pos = text.size() > 0 && text[0] == '-' ? 1 : 0;
  const std::size_t integer_begin = pos;
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  if (pos == integer_begin || (pos - integer_begin > 1 && text[integer_begin] == '0')) return false;
  if (pos == text.size()) return true;
  if (text[pos] != '.') return false;
  const std::size_t fraction_begin = ++pos;
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  return pos == text.size() && pos > fraction_begin;
}

void collect_decimal_paths(const Json& value, const std::string& path, std::vector<std::string>& paths) {
  if (value.is_object()) {
    for (const auto& member : value.items()) collect_decimal_paths(member.value(), pointer_child(path, member.key()), paths);
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) collect_decimal_paths(value[i], pointer_child(path, i), paths);
  } else if (value.is_string() && looks_decimal(value.get<std::string>())) {
    paths.push_back(path);
  }
}

// Every JSON Pointer inside a value (not the root), for mutations.
void collect_paths(const Json& value, const std::string& path, std::vector<std::string>& paths) {
  if (value.is_object()) {
    for (const auto& member : value.items()) {
      const std::string child = pointer_child(path, member.key());
      paths.push_back(child);
      collect_paths(member.value(), child, paths);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      const std::string child = pointer_child(path, i);
      paths.push_back(child);
      collect_paths(value[i], child, paths);
    }
  }
}

}  // namespace

std::uint64_t property_seed() { return environment_number("RATECARD_PROPERTY_SEED", 20260131); }

std::uint64_t property_stream(std::string_view property) {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a
  for (const char c : property) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return property_seed() ^ hash;
}

int property_cases(int fallback) {
  return static_cast<int>(environment_number("RATECARD_PROPERTY_CASES", static_cast<std::uint64_t>(fallback)));
}

std::uint64_t Generator::next() {
  state_ += 0x9E3779B97F4A7C15ULL;
  std::uint64_t z = state_;
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31U);
}

std::int64_t Generator::integer(std::int64_t low, std::int64_t high) {
  const auto span = static_cast<std::uint64_t>(high - low) + 1;
  return low + static_cast<std::int64_t>(next() % span);
}

std::size_t Generator::index(std::size_t size) { return static_cast<std::size_t>(next() % size); }

bool Generator::chance(int percent) { return integer(1, 100) <= percent; }

int Generator::below(int bound) { return static_cast<int>(integer(0, bound - 1)); }

const char* Generator::pick(std::initializer_list<const char*> names) { return names.begin()[index(names.size())]; }

std::string Generator::money(int scale, std::int64_t max_units) {
  std::string digits = std::to_string(integer(1, max_units));
  if (scale == 0) return digits;
  const auto fraction_digits = static_cast<std::size_t>(scale);
  if (digits.size() <= fraction_digits) digits.insert(0, fraction_digits + 1 - digits.size(), '0');
  digits.insert(digits.size() - fraction_digits, ".");
  return digits;
}

std::string Generator::decimal(int max_integer_digits, int max_fraction_digits) {
  std::string text;
  const auto integer_digits = integer(0, max_integer_digits);
  for (std::int64_t i = 0; i < integer_digits; ++i) {
    text += static_cast<char>('0' + integer(i == 0 ? 1 : 0, 9));
  }
  if (text.empty()) text = "0";
  const auto fraction_digits = integer(0, max_fraction_digits);
  if (fraction_digits > 0) {
    std::string fraction;
    for (std::int64_t i = 0; i < fraction_digits; ++i) fraction += static_cast<char>('0' + integer(0, 9));
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    if (!fraction.empty()) text += "." + fraction;
  }
  return text;
}

std::string Generator::decimal_with_trailing_zeros(int max_integer_digits, int max_fraction_digits) {
  std::string text = decimal(max_integer_digits, max_fraction_digits);
  const auto point = text.find('.');
  const auto fraction_digits = point == std::string::npos ? 0 : static_cast<std::int64_t>(text.size() - point - 1);
  if (fraction_digits < max_fraction_digits && chance(70)) {
    if (point == std::string::npos) text += ".";
    text.append(static_cast<std::size_t>(integer(1, max_fraction_digits - fraction_digits)), '0');
  }
  if (chance(30)) text = "-" + text;
  return text;
}

std::string Generator::malformed_decimal() {
  const std::string valid = decimal(6, 4);
  const std::string fraction13 = "0." + std::string(static_cast<std::size_t>(integer(13, 20)), '1');
  const std::vector<std::function<std::string()>> mutations = {
      [&] { return "+" + valid; },
      [&] { return " " + valid; },
      [&] { return valid + " "; },
      [&] { return "\t" + valid; },
      [&] { return valid + "\n"; },
      [&] { return valid.find('.') == std::string::npos ? valid + "." : valid + "0."; },
      [&] { return "." + std::to_string(integer(0, 999)); },
      [&] { return "-." + std::to_string(integer(0, 999)); },
      [&] { return "0" + valid; },
      [&] { return "-0" + valid; },
      [&] { return valid + "e" + std::to_string(integer(-5, 5)); },
      [&] { return valid + "E2"; },
      [&] {
        std::string text = valid.find('.') == std::string::npos ? valid + ".5" : valid;
        text[text.find('.')] = ',';
        return text;
      },
      [&] { return "--" + valid; },
      [&] { return valid + "-"; },
      [&] { return "- " + valid; },
      [&] { return valid + ".1.2"; },
      [&] { return valid + pick(std::vector<std::string>{"a", "x", "_0", "%", "$", "'"}); },
      [&] { return pick(std::vector<std::string>{"", "-", ".", "..", "-.", "NaN", "nan", "Infinity", "-Infinity",
                                                 "inf", "0x10", "1_000", "1'000", "١", "１", "½", "null", "true",
                                                 "1e", "e1", "0.", "-0.", "00", "01", "-00"}); },
      [&] { return fraction13; },
      [&] { return "1" + fraction13.substr(1); },
      [&] { return std::string(valid) + std::string(1, '\0'); },
  };
  return mutations[index(mutations.size())]();
}

std::string Generator::currency() {
  static const std::vector<std::string> codes = {"USD", "EUR", "GBP", "JPY", "KRW", "CLP", "BHD",
                                                 "KWD", "TND", "CLF", "UYW", "CHF", "ISK", "INR"};
  return pick(codes);
}

std::string Generator::rounding_mode() {
  static const std::vector<std::string> modes = {"half_up", "half_even", "up", "down"};
  return pick(modes);
}

Json Generator::tiers(const std::string& model, std::size_t count, int fraction_digits) {
  Json tiers = Json::array();
  std::int64_t bound = 0;
  for (std::size_t i = 0; i < count; ++i) {
    Json tier = Json::object();
    if (i + 1 == count) {
      tier["up_to"] = nullptr;
    } else {
      bound += integer(1, 1000);
      // Bounds may have a fraction; strictly increasing either way.
      tier["up_to"] = chance(20) ? std::to_string(bound) + ".5" : std::to_string(bound);
      if (chance(20)) tier["up_to"] = Json(bound);
      ++bound;
    }
    if (model == "stairstep") {
      tier["flat_amount"] = decimal(5, fraction_digits);
    } else if (model == "graduated_percentage") {
      tier["rate"] = decimal(2, 4);
      if (chance(40)) tier["flat_amount"] = decimal(3, fraction_digits);
    } else {
      const bool unit = chance(85);
      if (unit) tier["unit_amount"] = decimal(3, fraction_digits);
      if (!unit || chance(30)) tier["flat_amount"] = decimal(4, fraction_digits);
    }
    tiers.push_back(std::move(tier));
  }
  return tiers;
}

Json Generator::price(int fraction_digits) {
  static const std::vector<std::string> models = {"flat",      "per_unit",  "package",    "graduated",
                                                  "volume",    "stairstep", "percentage", "graduated_percentage"};
  const std::string& model = pick(models);
  Json price{{"model", model}};
  if (model == "flat") {
    price["amount"] = decimal(6, fraction_digits);
  } else if (model == "per_unit") {
    price["unit_amount"] = decimal(4, fraction_digits);
  } else if (model == "package") {
    price["package_size"] = std::to_string(integer(1, 1000));
    price["package_amount"] = decimal(4, fraction_digits);
    if (chance(40)) price["free_units"] = decimal(3, 2);
  } else if (model == "percentage") {
    price["rate"] = decimal(2, 4);
    if (chance(60)) price["fixed_amount"] = decimal(1, fraction_digits);
    if (chance(30)) price["free_units_per_events"] = integer(0, 5);
    if (chance(30)) price["free_units_per_total_aggregation"] = decimal(3, 2);
    if (chance(30)) price["per_transaction_min"] = decimal(1, 2);
    // Above every minimum (at most 9.99), so the bounds are always consistent.
    if (chance(30)) price["per_transaction_max"] = "1" + decimal(2, 2);
  } else {
    price["tiers"] = tiers(model, static_cast<std::size_t>(integer(1, 6)), fraction_digits);
  }
  return price;
}

Json Generator::quantity_price(int fraction_digits) {
  while (true) {
    Json candidate = price(fraction_digits);
    if (candidate["model"] != "percentage") return candidate;
  }
}

std::string Generator::instant() {
  // 2000-01-01 .. 2035-12-31, any second.
  return format_instant(Instant{integer(946684800, 2082758399)});
}

std::string Generator::instant_plus(const std::string& text, std::int64_t seconds) {
  return format_instant(Instant{parse_instant(text)->seconds + seconds});
}

Json Generator::schedule() {
  static const std::vector<std::string> zones = {
      "UTC",           "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kolkata",
      "America/Santiago", "Europe/London", "Pacific/Chatham", "Asia/Tehran",      "+05:30",       "-08:00"};
  static const std::vector<std::string> weekdays = {"monday", "tuesday",  "wednesday", "thursday",
                                                    "friday", "saturday", "sunday"};
  const std::string interval = pick(std::vector<std::string>{"day", "week", "month", "year"});
  Json schedule{{"start", instant()}, {"interval", interval}};
  if (chance(30)) schedule["interval_count"] = integer(2, interval == "month" ? 12 : 4);
  if (chance(80)) schedule["time_zone"] = pick(zones);
  if (chance(20)) schedule["trial_end"] = instant_plus(schedule["start"], integer(1, 60 * 86400));
  char time[16];
  std::snprintf(time, sizeof time, "%02d:%02d:%02d", static_cast<int>(chance(50) ? integer(0, 3) : integer(0, 23)),
                static_cast<int>(integer(0, 3) * 15), 0);
  switch (integer(0, 3)) {
    case 0: break;  // anniversary by default
    case 1: schedule["billing_anchor"] = pick(std::vector<std::string>{"anniversary", "calendar"}); break;
    case 2: schedule["billing_anchor"] = instant_plus(schedule["start"], integer(-365, 365) * 86400 + integer(0, 86399)); break;
    default: {
      Json anchor{{"time", time}};
      if (interval == "month" || interval == "year") anchor["day_of_month"] = chance(50) ? integer(29, 31) : integer(1, 28);
      if (interval == "week") anchor["weekday"] = pick(weekdays);
      schedule["billing_anchor"] = std::move(anchor);
      break;
    }
  }
  return schedule;
}

Json Generator::price_request() {
  Json request{{"op", "price"}, {"currency", currency()}, {"price", price(static_cast<int>(integer(0, 6)))}};
  if (chance(60)) request["rounding"] = rounding_mode();
  if (request["price"]["model"] == "percentage") {
    Json events = Json::array();
    const auto count = integer(0, 8);
    for (std::int64_t i = 0; i < count; ++i) events.push_back(chance(20) ? Json(integer(0, 500)) : Json(decimal(4, 3)));
    request["events"] = std::move(events);
  } else if (request["price"]["model"] != "flat" || chance(50)) {
    request["quantity"] = chance(25) ? Json(integer(0, 5000)) : Json(decimal(4, 4));
  }
  return request;
}

Json Generator::json_value(int depth) {
  switch (integer(0, depth > 0 ? 9 : 6)) {
    case 0: return nullptr;
    case 1: return chance(50);
    case 2: return integer(-1000000, 1000000);
    case 3: return Json::parse(pick(std::vector<std::string>{"1.5", "1e3", "-0.0", "18446744073709551616"}));
    case 4: return decimal(5, 5);
    case 5: return malformed_decimal();
    case 6: return pick(std::vector<std::string>{"", "USD", "price", "graduated", "half_up", "\xc3\xa9\xe2\x82\xac"});
    case 7: {
      Json array = Json::array();
      for (std::int64_t i = integer(0, 3); i > 0; --i) array.push_back(json_value(depth - 1));
      return array;
    }
    default: {
      Json object = Json::object();
      for (std::int64_t i = integer(0, 3); i > 0; --i) {
        object[pick(std::vector<std::string>{"op", "amount", "up_to", "tiers", "x", "model"})] = json_value(depth - 1);
      }
      return object;
    }
  }
}

const Json& Generator::vector_request() { return pick(golden_vector_requests()); }

Json Generator::any_request(int depth) {
  const auto kind = integer(0, 11);
  if (kind <= 1) return price_request();
  if (kind <= 3) return vector_request();
  if (kind <= 7) {
    Json request = chance(50) ? price_request() : vector_request();
    std::vector<std::string> paths;
    collect_paths(request, "", paths);
    if (paths.empty()) return request;
    const Json::json_pointer target(pick(paths));
    switch (integer(0, 2)) {
      case 0: {
        Json& parent = request[target.parent_pointer()];
        if (parent.is_array()) {
          parent.erase(static_cast<std::size_t>(std::stoul(target.back())));
        } else {
          parent.erase(target.back());
        }
        break;
      }
      case 1: request[target] = json_value(2); break;
      default: {
        Json& parent = request[target.parent_pointer()];
        if (parent.is_array()) {
          parent.push_back(json_value(1));
        } else {
          parent["unexpected_field"] = json_value(1);
        }
        break;
      }
    }
    return request;
  }
  if (kind == 8) return Json{{"op", pick(std::vector<std::string>{"nope", "", "PRICE", "price "})}};
  if (kind == 9) return json_value(2);
  if (depth > 1) return price_request();
  Json requests = Json::array();
  for (std::int64_t i = integer(0, 5); i > 0; --i) requests.push_back(any_request(depth + 1));
  return Json{{"op", "batch"}, {"requests", std::move(requests)}};
}

std::string canonical_decimal(const std::string& text) {
  std::string result = text;
  const auto point = result.find('.');
  if (point != std::string::npos) {
    while (result.back() == '0') result.pop_back();
    if (result.back() == '.') result.pop_back();
  }
  if (result == "-0") result = "0";
  return result;
}

const std::vector<Json>& golden_vector_requests() {
  static const std::vector<Json> requests = [] {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(RATECARD_VECTORS_DIR)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<Json> found;
    for (const auto& file : files) {
      std::ifstream in(file, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      for (const Json& vector : Json::parse(text.str())) {
        if (vector.contains("request")) found.push_back(vector["request"]);
      }
    }
    return found;
  }();
  return requests;
}

std::vector<std::string> decimal_string_paths(const Json& request) {
  std::vector<std::string> paths;
  collect_decimal_paths(request, "", paths);
  return paths;
}

}  // namespace ratecard::testing
