#include "invoicing/invoice_reader.hpp"
#include "json/identifier_reader.hpp"
#include "tax/tax_reader.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

template <typename Reader>
Result<ItemType> read_item_type(Reader& item) {
  RATECARD_TRY(std::string type, item.string("type"));
  if (type == "fixed") return ItemType::kFixed;
  if (type == "usage") return ItemType::kUsage;
  return Error{ErrorCode::kInvalidArgument, quote_for_message(type) + " is not an item type; use fixed or usage",
               item.path_of("type")};
}

template <typename Reader>
Result<Billing> read_billing(Reader& item) {
  RATECARD_TRY(std::optional<std::string> billing, item.optional_string("billing"));
  if (!billing || *billing == "in_advance") return Billing::kInAdvance;
  if (*billing == "in_arrears") return Billing::kInArrears;
  return Error{ErrorCode::kInvalidArgument,
               quote_for_message(*billing) + " is not a billing time; use in_advance or in_arrears",
               item.path_of("billing")};
}

template <typename Reader>
Status refuse(Reader& item, std::string_view key, std::string_view why) {
  if (item.find(key) != nullptr) return Error{ErrorCode::kInvalidArgument, std::string(why), item.path_of(key)};
  return ok_status();
}

template <typename Reader>
Status read_fixed_fields(Reader& item, InvoiceItem& parsed) {
  RATECARD_TRY(std::optional<Decimal> quantity, item.optional_quantity("quantity"));
  parsed.quantity = quantity ? *quantity : Decimal::from_integer(BigInt(1)).value();
  RATECARD_TRY(parsed.billing, read_billing(item));
  RATECARD_CHECK(refuse(item, "metric", "only usage items have a \"metric\""));
  if (parsed.price.priced_over_events()) {
    return Error{ErrorCode::kInvalidArgument,
                 "percentage prices charge usage events; use them on usage items", item.path_of("price")};
  }
  return ok_status();
}

template <typename Reader>
Status read_usage_fields(Reader& item, InvoiceItem& parsed) {
  RATECARD_TRY(parsed.metric, read_identifier(item, "metric"));
  RATECARD_CHECK(refuse(item, "quantity", "a usage item's quantity is its metric's usage"));
  RATECARD_CHECK(refuse(item, "billing", "usage items are always billed in arrears"));
  parsed.billing = Billing::kInArrears;
  return ok_status();
}

}  // namespace

template <typename Reader>
Result<InvoiceItem> read_invoice_item(Reader& item) {
  InvoiceItem parsed;
  parsed.path = item.path();
  RATECARD_TRY(parsed.id, read_identifier(item, "id"));
  RATECARD_TRY(parsed.description, read_description(item, "description"));
  RATECARD_TRY(parsed.type, read_item_type(item));
  RATECARD_TRY(auto price, item.object("price"));
  RATECARD_TRY(parsed.price, read_price(price));
  if (parsed.type == ItemType::kFixed) {
    RATECARD_CHECK(read_fixed_fields(item, parsed));
  } else {
    RATECARD_CHECK(read_usage_fields(item, parsed));
  }
  RATECARD_TRY(parsed.tax, read_tax_treatment(item));
  RATECARD_CHECK(item.finish());
  return parsed;
}

template Result<InvoiceItem> read_invoice_item(ObjectReader&);
template Result<InvoiceItem> read_invoice_item(ShapeReader<RawInvoiceItem>&);

}  // namespace ratecard
