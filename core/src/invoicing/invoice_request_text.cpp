#include "invoicing/invoice_request_text.hpp"

#include <string>
#include <string_view>
#include <utility>

#include "json/plain_json_scanner.hpp"
#include "json/sax_scalar_events.hpp"
#include "ratecard/limits.hpp"

namespace ratecard {
namespace {

// The objects and arrays of an invoice request kept as shapes, as they open inside each other.
enum class InvoiceLevel { kRequest, kSubscriptions, kSubscription, kItems, kItem, kPrice, kTiers, kTier };

// Fills a RawInvoiceRequest from the SAX events of read_plain_json, or of nlohmann's parser for
// text that is not plain. Returns false (which stops the parser) on anything the shape does not
// take; see read_invoice_request_text. A container at a member the shape keeps as a value is
// built as a JSON value (a DOM of that member only).
class InvoiceRequestSax : public ScalarSaxEvents<InvoiceRequestSax> {
 public:
  explicit InvoiceRequestSax(RawInvoiceRequest& request) : request_(request) { open_.reserve(8); }

  bool key(std::string_view name);
  bool start_object(std::size_t /*size*/) { return start(Json::object()); }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*size*/) { return start(Json::array()); }
  bool end_array() { return close(); }

  /// True once the whole request was read and it names the invoice op.
  [[nodiscard]] bool complete() const noexcept { return closed_ && op_read_; }

 private:
  friend class ScalarSaxEvents<InvoiceRequestSax>;

  // Takes the slot of member `name` of the open object; false for an unknown or repeated name.
  template <std::size_t N>
  bool take_slot(RawMembers<N>& members, const std::array<std::string_view, N>& names, std::string_view name) {
    const std::size_t slot = slot_of(names, name);
    if (slot == N || members[slot].present) return false;
    member_ = &members[slot];
    member_->present = true;
    member_name_ = names[slot];
    return true;
  }

  // Every value counts toward kMaxRequestValues, as when the request is parsed into a DOM.
  bool count() { return ++values_ <= kMaxRequestValues; }
  bool too_deep() const { return open_.size() + dom_.size() >= kMaxRequestDepth; }

  bool scalar(Json&& value);
  bool start(Json&& container);
  bool start_shape(Json&& container);
  bool start_dom(Json&& container);
  bool open(InvoiceLevel level) {
    open_.push_back(level);
    return true;
  }
  bool close();

  RawInvoiceRequest& request_;
  std::vector<InvoiceLevel> open_;
  RawMember* member_ = nullptr;    // the member of the innermost open shape whose value comes next
  std::string_view member_name_;   // its name
  std::vector<Json*> dom_;         // the open containers of a member built as a JSON value
  Json* dom_member_ = nullptr;     // the member of the innermost open DOM object whose value comes next
  std::size_t values_ = 0;
  bool op_read_ = false;
  bool closed_ = false;
};

bool InvoiceRequestSax::key(std::string_view name) {
  if (!dom_.empty()) {
    auto* members = dom_.back()->get_ptr<Json::object_t*>();
    const auto [member, inserted] = members->emplace(std::string(name), nullptr);
    dom_member_ = &member->second;
    return inserted;
  }
  switch (open_.back()) {
    case InvoiceLevel::kRequest: return take_slot(request_.members, RawInvoiceRequest::kNames, name);
    case InvoiceLevel::kSubscription:
      return take_slot(request_.subscriptions.back().members, RawSubscription::kNames, name);
    case InvoiceLevel::kItem:
      return take_slot(request_.subscriptions.back().items.back().members, RawInvoiceItem::kNames, name);
    case InvoiceLevel::kPrice:
      return take_slot(request_.subscriptions.back().items.back().price.members, RawPrice::kNames, name);
    case InvoiceLevel::kTier:
      return take_slot(request_.subscriptions.back().items.back().price.tiers.back().members, RawTier::kNames, name);
    case InvoiceLevel::kSubscriptions:
    case InvoiceLevel::kItems:
    case InvoiceLevel::kTiers: break;
  }
  return false;
}

bool InvoiceRequestSax::scalar(Json&& value) {
  if (!count() || open_.empty()) return false;
  if (!dom_.empty()) {
    Json& container = *dom_.back();
    if (container.is_array()) {
      container.push_back(std::move(value));
    } else {
      *dom_member_ = std::move(value);
    }
    return true;
  }
  switch (open_.back()) {
    case InvoiceLevel::kRequest:
      if (member_name_ == "op") {
        if (!(value.is_string() && value.get_ref<const std::string&>() == "invoice")) return false;
        op_read_ = true;
      }
      member_->value = std::move(value);
      return true;
    case InvoiceLevel::kSubscription:
    case InvoiceLevel::kItem:
    case InvoiceLevel::kPrice:
    case InvoiceLevel::kTier: member_->value = std::move(value); return true;
    case InvoiceLevel::kSubscriptions:
    case InvoiceLevel::kItems:
    case InvoiceLevel::kTiers: break;
  }
  return false;
}

bool InvoiceRequestSax::start(Json&& container) {
  if (!count() || too_deep()) return false;
  if (open_.empty()) return !closed_ && container.is_object() && open(InvoiceLevel::kRequest);
  if (!dom_.empty()) return start_dom(std::move(container));
  return start_shape(std::move(container));
}

// A container inside a member built as a JSON value: placed in its parent, then opened.
bool InvoiceRequestSax::start_dom(Json&& container) {
  Json& parent = *dom_.back();
  if (parent.is_array()) {
    parent.push_back(std::move(container));
    dom_.push_back(&parent.back());
  } else {
    *dom_member_ = std::move(container);
    dom_.push_back(dom_member_);
  }
  return true;
}

// A container directly inside a shape: a shape of its own where the request has one (the
// elements of subscriptions, items and tiers; an item's price), else a JSON value.
bool InvoiceRequestSax::start_shape(Json&& container) {
  const bool object = container.is_object();
  switch (open_.back()) {
    case InvoiceLevel::kSubscriptions:
      if (!object) return false;
      request_.subscriptions.emplace_back();
      return open(InvoiceLevel::kSubscription);
    case InvoiceLevel::kItems:
      if (!object) return false;
      request_.subscriptions.back().items.emplace_back();
      return open(InvoiceLevel::kItem);
    case InvoiceLevel::kTiers:
      if (!object) return false;
      request_.subscriptions.back().items.back().price.tiers.emplace_back();
      return open(InvoiceLevel::kTier);
    case InvoiceLevel::kRequest:
      if (member_name_ == "op") return false;
      if (member_name_ == "subscriptions") {
        if (object) return false;
        member_->value = std::move(container);
        return open(InvoiceLevel::kSubscriptions);
      }
      break;
    case InvoiceLevel::kSubscription:
      if (member_name_ == "items") {
        if (object) return false;
        member_->value = std::move(container);
        return open(InvoiceLevel::kItems);
      }
      break;
    case InvoiceLevel::kItem:
      if (member_name_ == "price" && object) {
        member_->value = std::move(container);
        return open(InvoiceLevel::kPrice);
      }
      break;
    case InvoiceLevel::kPrice:
      if (member_name_ == "tiers") {
        if (object) return false;
        member_->value = std::move(container);
        return open(InvoiceLevel::kTiers);
      }
      break;
    case InvoiceLevel::kTier: break;
  }
  member_->value = std::move(container);
  dom_.push_back(&member_->value);
  return true;
}

bool InvoiceRequestSax::close() {
  if (!dom_.empty()) {
    dom_.pop_back();
    return true;
  }
  open_.pop_back();
  closed_ = open_.empty();
  return true;
}

}  // namespace

std::optional<RawInvoiceRequest> read_invoice_request_text(std::string_view text) {
  return read_shape_text<RawInvoiceRequest, InvoiceRequestSax>(text);
}

}  // namespace ratecard
