#include "entitlements/entitlement_request_text.hpp"

#include <string>
#include <string_view>
#include <utility>

#include "json/plain_json_scanner.hpp"
#include "json/sax_scalar_events.hpp"
#include "ratecard/limits.hpp"

namespace ratecard {
namespace {

// The objects and arrays of an entitlements request, as they open inside each other.
enum class Node {
  kRequest,
  kPlan,
  kBilling,
  kAnchor,
  kDefinitions,
  kDefinition,
  kRollover,
  kAddOns,
  kAddOn,
  kGrants,
  kGrant,
  kSeats,
  kSeat,
  kUsages,
  kUsage,
};

// An open object or array and the struct (or vector) it fills.
struct Frame {
  Node node;
  void* target;
};

// Fills a RawEntitlementRequest from nlohmann's SAX events. Returns false (which stops the
// parser) on anything the shape does not take; see read_entitlement_request_text.
class EntitlementRequestSax : public ScalarSaxEvents<EntitlementRequestSax> {
 public:
  explicit EntitlementRequestSax(RawEntitlementRequest& request) : request_(request) { open_.reserve(8); }

  bool key(std::string_view name);
  bool start_object(std::size_t /*size*/);
  bool end_object() { return close(); }
  bool start_array(std::size_t /*size*/);
  bool end_array() { return close(); }

  /// True once the whole request was read and it names the entitlements op.
  [[nodiscard]] bool complete() const noexcept { return closed_ && request_.members[slot("op")].present; }

 private:
  friend class ScalarSaxEvents<EntitlementRequestSax>;

  // The slot of a request member known at compile time.
  static constexpr std::size_t slot(std::string_view name) {
    for (std::size_t i = 0; i < RawEntitlementRequest::kNames.size(); ++i) {
      if (RawEntitlementRequest::kNames[i] == name) return i;
    }
    return RawEntitlementRequest::kNames.size();
  }

  static constexpr std::size_t kElementsReserved = 8;

  // Every value counts toward kMaxRequestValues, as when the request is parsed into a DOM.
  bool count() { return ++values_ <= kMaxRequestValues; }

  // Takes the slot of member `name` of the open object; false for an unknown or repeated name.
  template <typename Shape>
  bool take(void* target, std::string_view name) {
    auto& shape = *static_cast<Shape*>(target);
    const std::size_t index = slot_of(Shape::kNames, name);
    if (index == Shape::kNames.size() || shape.members[index].present) return false;
    member_ = &shape.members[index];
    member_->present = true;
    member_name_ = Shape::kNames[index];
    return true;
  }

  // Appends an element to the open list and opens it. A list is given room for a few elements
  // at its first, so the usual handful do not move as it grows.
  template <typename Element>
  bool open_element(Node node) {
    auto& list = *static_cast<std::vector<Element>*>(open_.back().target);
    if (list.empty()) list.reserve(kElementsReserved);
    list.emplace_back();
    return open(node, &list.back());
  }

  // Opens the value of the current member as a container of the shape.
  bool open_member(Node node, void* target, Json placeholder) {
    member_->value = std::move(placeholder);
    return open(node, target);
  }

  bool open(Node node, void* target) {
    open_.push_back(Frame{node, target});
    return true;
  }
  bool close() {
    open_.pop_back();
    closed_ = open_.empty();
    return true;
  }

  // True when the current member holds a container in the shape (where a scalar other than
  // null is left to the DOM reading, which refuses it with its own message).
  bool container_member() const;
  bool scalar(Json&& value);

  RawEntitlementRequest& request_;
  std::vector<Frame> open_;
  RawMember* member_ = nullptr;  // the member of the innermost open object whose value comes next
  std::string_view member_name_;
  std::size_t values_ = 0;
  bool closed_ = false;
};

bool EntitlementRequestSax::key(std::string_view name) {
  void* target = open_.back().target;
  switch (open_.back().node) {
    case Node::kRequest: return take<RawEntitlementRequest>(target, name);
    case Node::kPlan: return take<RawPlan>(target, name);
    case Node::kBilling: return take<RawBilling>(target, name);
    case Node::kAnchor: return take<RawAnchor>(target, name);
    case Node::kDefinition: return take<RawFeatureDefinition>(target, name);
    case Node::kRollover: return take<RawRollover>(target, name);
    case Node::kAddOn: return take<RawAddOn>(target, name);
    case Node::kGrant: return take<RawGrant>(target, name);
    case Node::kSeat: return take<RawSeatAssignment>(target, name);
    case Node::kUsage: return take<RawUsage>(target, name);
    case Node::kDefinitions:
    case Node::kAddOns:
    case Node::kGrants:
    case Node::kSeats:
    case Node::kUsages: break;
  }
  return false;
}

bool EntitlementRequestSax::container_member() const {
  switch (open_.back().node) {
    case Node::kRequest:
      return member_name_ == "add_ons" || member_name_ == "billing" || member_name_ == "grants" ||
             member_name_ == "overrides" || member_name_ == "plan" || member_name_ == "seat_assignments" ||
             member_name_ == "usage";
    case Node::kPlan:
    case Node::kAddOn: return member_name_ == "features";
    case Node::kDefinition:
    case Node::kGrant: return member_name_ == "rollover";
    default: return false;
  }
}

bool EntitlementRequestSax::scalar(Json&& value) {
  if (!count() || open_.empty()) return false;
  switch (open_.back().node) {
    case Node::kDefinitions:
    case Node::kAddOns:
    case Node::kGrants:
    case Node::kSeats:
    case Node::kUsages: return false;  // lists of objects only
    default: break;
  }
  if (!value.is_null() && container_member()) return false;
  if (open_.back().node == Node::kRequest && member_name_ == "op" &&
      !(value.is_string() && value.get_ref<const std::string&>() == "entitlements")) {
    return false;
  }
  member_->value = std::move(value);
  return true;
}

bool EntitlementRequestSax::start_object(std::size_t /*size*/) {
  if (!count()) return false;
  if (open_.empty()) return !closed_ && open(Node::kRequest, &request_);
  const Frame& top = open_.back();
  switch (top.node) {
    case Node::kRequest:
      if (member_name_ == "plan") return open_member(Node::kPlan, &request_.plan, Json::object());
      if (member_name_ == "billing") return open_member(Node::kBilling, &request_.billing, Json::object());
      return false;
    case Node::kBilling:
      if (member_name_ != "billing_anchor") return false;
      return open_member(Node::kAnchor, &request_.billing.anchor, Json::object());
    case Node::kDefinition:
      if (member_name_ != "rollover") return false;
      return open_member(Node::kRollover, &static_cast<RawFeatureDefinition*>(top.target)->rollover, Json::object());
    case Node::kGrant:
      if (member_name_ != "rollover") return false;
      return open_member(Node::kRollover, &static_cast<RawGrant*>(top.target)->rollover, Json::object());
    case Node::kDefinitions: return open_element<RawFeatureDefinition>(Node::kDefinition);
    case Node::kAddOns: return open_element<RawAddOn>(Node::kAddOn);
    case Node::kGrants: return open_element<RawGrant>(Node::kGrant);
    case Node::kSeats: return open_element<RawSeatAssignment>(Node::kSeat);
    case Node::kUsages: return open_element<RawUsage>(Node::kUsage);
    default: return false;
  }
}

bool EntitlementRequestSax::start_array(std::size_t /*size*/) {
  if (!count() || open_.empty()) return false;
  const Frame& top = open_.back();
  switch (top.node) {
    case Node::kRequest:
      if (member_name_ == "add_ons") return open_member(Node::kAddOns, &request_.add_ons, Json::array());
      if (member_name_ == "overrides") return open_member(Node::kDefinitions, &request_.overrides, Json::array());
      if (member_name_ == "grants") return open_member(Node::kGrants, &request_.grants, Json::array());
      if (member_name_ == "seat_assignments") {
        return open_member(Node::kSeats, &request_.seat_assignments, Json::array());
      }
      if (member_name_ == "usage") return open_member(Node::kUsages, &request_.usage, Json::array());
      return false;
    case Node::kPlan:
      if (member_name_ != "features") return false;
      return open_member(Node::kDefinitions, &request_.plan.features, Json::array());
    case Node::kAddOn:
      if (member_name_ != "features") return false;
      return open_member(Node::kDefinitions, &static_cast<RawAddOn*>(top.target)->features, Json::array());
    default: return false;
  }
}

}  // namespace

std::optional<RawEntitlementRequest> read_entitlement_request_text(std::string_view text) {
  return read_shape_text<RawEntitlementRequest, EntitlementRequestSax>(text);
}

}  // namespace ratecard
