#include "envelope_check.hpp"

#include <exception>

#include "json/request_parser.hpp"
#include "ratecard/error.hpp"
#include "ratecard/evaluate.hpp"

namespace ratecard::testing {
namespace {

// Every code the boundary may answer with: all the core's codes but INTERNAL, which is a
// defect. Read from the core's own table so that a code added by a new op is known here.
bool is_expected_code(const std::string& name) {
  if (name == "INTERNAL") return false;
  for (int value = 0; value < 256; ++value) {
    if (error_code_name(static_cast<ErrorCode>(value)) == name) return true;
  }
  return false;
}

bool has_exactly(const Json& object, std::initializer_list<std::string_view> keys) {
  if (object.size() != keys.size()) return false;
  for (std::string_view key : keys) {
    if (object.find(key) == object.end()) return false;
  }
  return true;
}

// The pointer without its last reference token ("" stays "").
std::string parent_pointer(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

// A path must be a JSON Pointer whose parent exists in the request. MISSING_FIELD may name a
// member of an absent object too (an event's property "gb" when it has no "properties").
std::optional<std::string> path_defect(const std::string& path, const std::string& code, const Json* request) {
  if (path.empty()) return std::nullopt;
  if (path.front() != '/') return "error path \"" + path + "\" is not a JSON Pointer";
  if (request == nullptr) return std::nullopt;
  try {
    const Json::json_pointer parent(parent_pointer(path));
    if (code != "MISSING_FIELD" && !request->contains(parent)) {
      return "error path \"" + path + "\" does not lead into the request";
    }
  } catch (const std::exception& error) {
    return "error path \"" + path + "\" is not a valid JSON Pointer: " + error.what();
  }
  return std::nullopt;
}

// `request` is the parsed request when it was a JSON object, for checking paths.
std::optional<std::string> envelope_value_defect(const Json& envelope, const Json* request) {
  if (!envelope.is_object()) return std::string("the response is not an object");
  const auto ok = envelope.find("ok");
  if (ok == envelope.end() || !ok->is_boolean()) return std::string("the response has no boolean \"ok\"");
  if (ok->get<bool>()) {
    if (!has_exactly(envelope, {"ok", "result"})) return std::string("a success must hold exactly ok and result");
    if (!envelope["result"].is_object()) return std::string("\"result\" is not an object");
    return std::nullopt;
  }
  if (!has_exactly(envelope, {"ok", "error"})) return std::string("a failure must hold exactly ok and error");
  const Json& error = envelope["error"];
  if (!error.is_object() || !has_exactly(error, {"code", "message", "path"})) {
    return std::string("\"error\" must hold exactly code, message and path");
  }
  if (!error["code"].is_string() || !error["message"].is_string() || !error["path"].is_string()) {
    return std::string("code, message and path must be strings");
  }
  const auto& code = error["code"].get_ref<const std::string&>();
  if (!is_expected_code(code)) return "unexpected error code " + code + ": " + error["message"].get<std::string>();
  if (error["message"].get_ref<const std::string&>().empty()) return std::string("empty error message");
  return path_defect(error["path"].get_ref<const std::string&>(), code, request);
}

}  // namespace

Json evaluate_json(const Json& request) { return Json::parse(evaluate(dump_canonical(request))); }

std::optional<std::string> envelope_defect(std::string_view request, std::string_view response) {
  const Json envelope = Json::parse(response, nullptr, false);
  if (envelope.is_discarded()) return std::string("the response is not JSON");
  if (dump_canonical(envelope) != response) return std::string("the response is not in canonical form");

  // The request as the core read it, when it did (past the limits, the core refuses unread).
  Result<Json> parsed = parse_request(request);
  const Json* request_object = parsed && parsed->is_object() ? &*parsed : nullptr;
  if (auto defect = envelope_value_defect(envelope, request_object)) return defect;

  const bool batch = request_object != nullptr && request_object->value("op", Json()) == "batch";
  if (!batch || !envelope["ok"].get<bool>()) return std::nullopt;
  const Json& result = envelope["result"];
  const Json& elements = (*request_object)["requests"];
  if (!has_exactly(result, {"responses"}) || !result["responses"].is_array() ||
      result["responses"].size() != elements.size()) {
    return std::string("a batch must answer {\"responses\": [...]} with one envelope per request");
  }
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const Json& element = elements[i];
    if (auto defect = envelope_value_defect(result["responses"][i], element.is_object() ? &element : nullptr)) {
      return "batch element " + std::to_string(i) + ": " + *defect;
    }
  }
  return std::nullopt;
}

}  // namespace ratecard::testing
