// Reads `late_usage`: usage that arrived after its period was invoiced (docs/core-api.md,
// Op `invoice`, "Late usage").
#include <algorithm>

#include "invoicing/invoice_reader.hpp"
#include "json/bounded_readers.hpp"
#include "json/identifier_reader.hpp"
#include "json/json_pointer.hpp"
#include "tax/tax_reader.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

Result<std::vector<Decimal>> read_event_amounts(ObjectReader& item, std::string_view key) {
  RATECARD_TRY(const Json* events, read_bounded_array(item, key, kMaxUsageEvents));
  std::vector<Decimal> amounts;
  amounts.reserve(events->size());
  for (std::size_t i = 0; i < events->size(); ++i) {
    RATECARD_TRY(Decimal amount, read_quantity((*events)[i], pointer_child(item.path_of(key), i), Sign::kNonNegative));
    amounts.push_back(amount);
  }
  return amounts;
}

// The billed and late usage: quantities for quantity prices, event amounts for percentage ones.
Status read_billed_and_late(ObjectReader& item, LateUsageItem& parsed) {
  const bool events = parsed.price.priced_over_events();
  const std::string_view wrong[] = {events ? "billed_quantity" : "billed_events", events ? "late_quantity" : "late_events"};
  for (std::string_view key : wrong) {
    if (item.has(key)) {
      return Error{ErrorCode::kInvalidArgument,
                   events ? "a percentage price charges events: pass \"billed_events\" and \"late_events\""
                          : "a quantity price charges quantities: pass \"billed_quantity\" and \"late_quantity\"",
                   item.path_of(key)};
    }
    item.mark_read(key);
  }
  if (events) {
    RATECARD_TRY(parsed.billed.events, read_event_amounts(item, "billed_events"));
    RATECARD_TRY(parsed.late.events, read_event_amounts(item, "late_events"));
  } else {
    RATECARD_TRY(parsed.billed.value, item.quantity("billed_quantity"));
    RATECARD_TRY(parsed.late.value, item.quantity("late_quantity"));
  }
  return ok_status();
}

Result<LateUsageItem> read_late_item(ObjectReader& item) {
  LateUsageItem parsed;
  parsed.path = item.path();
  RATECARD_TRY(parsed.id, read_identifier(item, "id"));
  RATECARD_TRY(parsed.description, read_description(item, "description"));
  RATECARD_TRY(parsed.metric, read_identifier(item, "metric"));
  RATECARD_TRY(ObjectReader price, item.object("price"));
  RATECARD_TRY(parsed.price, read_price(price));
  RATECARD_CHECK(read_billed_and_late(item, parsed));
  RATECARD_TRY(parsed.tax, read_tax_treatment(item));
  RATECARD_CHECK(item.finish());
  return parsed;
}

Result<LateCommitment> read_late_commitment(ObjectReader& commitment, const Currency& currency) {
  LateCommitment parsed;
  parsed.path = commitment.path();
  RATECARD_TRY(parsed.amount, read_currency_amount(commitment, "amount", currency));
  RATECARD_TRY(parsed.spend, read_currency_amount(commitment, "spend", currency));
  RATECARD_TRY(parsed.tax, read_tax_treatment(commitment));
  RATECARD_CHECK(commitment.finish());
  return parsed;
}

}  // namespace

Result<LateUsage> read_late_usage(ObjectReader& entry, const Currency& currency) {
  LateUsage parsed;
  RATECARD_TRY(parsed.subscription_id, read_identifier(entry, "subscription_id"));
  RATECARD_TRY(parsed.period, read_time_range(entry, "period"));
  RATECARD_TRY(const Json* items, read_bounded_array(entry, "items", kMaxItemsPerSubscription));
  for (std::size_t i = 0; i < items->size(); ++i) {
    RATECARD_TRY(ObjectReader reader, ObjectReader::open((*items)[i], pointer_child(entry.path_of("items"), i)));
    RATECARD_TRY(LateUsageItem item, read_late_item(reader));
    const bool repeated = std::any_of(parsed.items.begin(), parsed.items.end(),
                                      [&](const LateUsageItem& other) { return other.id == item.id; });
    if (repeated) {
      return Error{ErrorCode::kInvalidArgument, "item id " + quote_for_message(item.id) + " is used twice",
                   reader.path_of("id")};
    }
    parsed.items.push_back(std::move(item));
  }
  if (entry.has("minimum_commitment")) {
    RATECARD_TRY(ObjectReader commitment, entry.object("minimum_commitment"));
    RATECARD_TRY(parsed.minimum_commitment, read_late_commitment(commitment, currency));
  } else {
    entry.mark_read("minimum_commitment");
  }
  RATECARD_CHECK(entry.finish());
  return parsed;
}

}  // namespace ratecard
