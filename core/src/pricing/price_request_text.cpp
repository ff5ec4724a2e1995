#include "pricing/price_request_text.hpp"

#include <string>
#include <string_view>
#include <utility>

#include "json/plain_json_scanner.hpp"
#include "json/sax_scalar_events.hpp"
#include "ratecard/limits.hpp"

namespace ratecard {
namespace {

// The objects and arrays of a price request, as they open inside each other.
enum class PriceLevel { kRequest, kPrice, kTiers, kTier, kQuantities, kEvents };

// Fills a RawPriceRequest from the SAX events of read_plain_json. Returns false (which stops
// the scanner) on anything the shape does not take; see read_price_request_text.
class PriceRequestSax : public ScalarSaxEvents<PriceRequestSax> {
 public:
  explicit PriceRequestSax(RawPriceRequest& request) : request_(request) {}

  bool key(std::string_view name);
  bool start_object(std::size_t /*size*/);
  bool end_object() { return close(); }
  bool start_array(std::size_t /*size*/);
  bool end_array() { return close(); }

  /// True once the whole request was read and it names the price op.
  [[nodiscard]] bool complete() const noexcept { return closed_ && request_.members[kOpSlot].present; }

 private:
  friend class ScalarSaxEvents<PriceRequestSax>;

  static constexpr std::size_t kTiersReserved = 16;  // room for most prices' tiers at once
  static constexpr std::size_t kOpSlot = 2;  // "op" in RawPriceRequest::kNames
  static constexpr std::size_t kPriceSlot = 3;
  static constexpr std::size_t kTiersSlot = 11;  // "tiers" in RawPrice::kNames
  static_assert(RawPriceRequest::kNames[kOpSlot] == "op" && RawPriceRequest::kNames[kPriceSlot] == "price" &&
                RawPrice::kNames[kTiersSlot] == "tiers");

  // Every value counts toward kMaxRequestValues, as when the request is parsed into a DOM.
  bool count() { return ++values_ <= kMaxRequestValues; }

  // Takes the slot of member `name` of the open object; false for an unknown or repeated name.
  template <std::size_t N>
  bool take_slot(RawMembers<N>& members, const std::array<std::string_view, N>& names, std::string_view name) {
    slot_index_ = slot_of(names, name);
    if (slot_index_ == N || members[slot_index_].present) return false;
    member_ = &members[slot_index_];
    member_->present = true;
    return true;
  }

  bool scalar(Json&& value);
  bool open(PriceLevel level) {
    if (depth_ == open_.size()) return false;
    open_[depth_++] = level;
    return true;
  }
  bool close() {
    --depth_;
    closed_ = depth_ == 0;
    return true;
  }
  // The innermost open container (depth_ > 0).
  [[nodiscard]] PriceLevel innermost() const { return open_[depth_ - 1]; }

  RawPriceRequest& request_;
  std::array<PriceLevel, 4> open_{};  // request, price, tiers, tier: the deepest a price request nests
  std::size_t depth_ = 0;
  RawMember* member_ = nullptr;  // the member of the innermost open object whose value comes next
  std::size_t slot_index_ = 0;   // its slot
  std::size_t values_ = 0;
  bool closed_ = false;
};

bool PriceRequestSax::key(std::string_view name) {
  switch (innermost()) {
    case PriceLevel::kRequest: return take_slot(request_.members, RawPriceRequest::kNames, name);
    case PriceLevel::kPrice: return take_slot(request_.price.members, RawPrice::kNames, name);
    case PriceLevel::kTier: return take_slot(request_.price.tiers.back().members, RawTier::kNames, name);
    case PriceLevel::kTiers:
    case PriceLevel::kQuantities:
    case PriceLevel::kEvents: break;
  }
  return false;
}

bool PriceRequestSax::scalar(Json&& value) {
  if (!count() || depth_ == 0) return false;
  switch (innermost()) {
    case PriceLevel::kRequest:
      if (slot_index_ == kOpSlot && !(value.is_string() && value.get_ref<const std::string&>() == "price")) {
        return false;
      }
      member_->value = std::move(value);
      return true;
    case PriceLevel::kPrice:
    case PriceLevel::kTier: member_->value = std::move(value); return true;
    case PriceLevel::kQuantities: request_.quantities.push_back(std::move(value)); return true;
    case PriceLevel::kEvents: request_.events.push_back(std::move(value)); return true;
    case PriceLevel::kTiers: break;
  }
  return false;
}

bool PriceRequestSax::start_object(std::size_t /*size*/) {
  if (!count()) return false;
  if (depth_ == 0) return !closed_ && open(PriceLevel::kRequest);
  if (innermost() == PriceLevel::kRequest && slot_index_ == kPriceSlot) {
    member_->value = Json::object();
    return open(PriceLevel::kPrice);
  }
  if (innermost() == PriceLevel::kTiers) {
    if (request_.price.tiers.empty()) request_.price.tiers.reserve(kTiersReserved);
    request_.price.tiers.emplace_back();
    return open(PriceLevel::kTier);
  }
  return false;
}

bool PriceRequestSax::start_array(std::size_t /*size*/) {
  if (!count() || depth_ == 0) return false;
  if (innermost() == PriceLevel::kPrice && slot_index_ == kTiersSlot) {
    member_->value = Json::array();
    return open(PriceLevel::kTiers);
  }
  if (innermost() == PriceLevel::kRequest) {
    const std::string_view name = RawPriceRequest::kNames[slot_index_];
    if (name != "quantities" && name != "events") return false;
    member_->value = Json::array();
    return open(name == "events" ? PriceLevel::kEvents : PriceLevel::kQuantities);
  }
  return false;
}

}  // namespace

std::optional<RawPriceRequest> read_price_request_text(std::string_view text) {
  if (text.size() > kMaxRequestBytes) return std::nullopt;
  RawPriceRequest request;
  PriceRequestSax reader(request);
  if (read_plain_json(text, reader) != PlainJsonRead::kAccepted || !reader.complete()) {
    return std::nullopt;
  }
  return request;
}

}  // namespace ratecard
