// The canonical JSON of an invoice and its content hash.
#include "crypto/sha256.hpp"
#include "invoicing/invoice.hpp"
#include "json/canonical_member.hpp"
#include "json/request_parser.hpp"
#include "ratecard/evaluate.hpp"
#include "tax/tax_json.hpp"

namespace ratecard {
namespace {

std::string_view kind_name(LineKind kind) {
  switch (kind) {
    case LineKind::kFixed: return "fixed";
    case LineKind::kUsage: return "usage";
    case LineKind::kMinimumTrueUp: return "minimum_commitment_true_up";
    case LineKind::kProration: return "proration";
    case LineKind::kLateUsage: return "late_usage";
    case LineKind::kLateTrueUp: return "late_usage_true_up";
  }
  return "fixed";
}

Json optional_text(const std::optional<std::string>& text) { return text ? Json(*text) : Json(nullptr); }

// A period with the local dates of its bounds in the billing zone (`end_date` is the date of
// the exclusive end, as in the periods op).
Json optional_range(const std::optional<TimeRange>& range, const TimeZone& zone) {
  if (!range) return nullptr;
  Json json = time_range_json(*range);
  json["start_date"] = format_civil_date(zone.to_local(range->start).date);
  json["end_date"] = format_civil_date(zone.to_local(range->end).date);
  return json;
}

// How a line was taxed: the tax op's line without the amounts the invoice line already has.
Json line_tax_json(const TaxedLine& tax, const Currency& currency) {
  Json json = tax_line_json(tax, currency);
  json.erase("amount");
  json.erase("discount_amount");
  json.erase("tax_amount");
  return json;
}

Json line_json(const InvoiceLine& line, const Currency& currency, const TimeZone& zone) {
  const int scale = currency.minor_units;
  Json json = line.details;
  json["kind"] = kind_name(line.kind);
  json["subscription_id"] = optional_text(line.subscription_id);
  json["item_id"] = optional_text(line.item_id);
  json["description"] = optional_text(line.description);
  json["period"] = optional_range(line.period, zone);
  json["quantity"] = line.quantity ? Json(line.quantity->to_string()) : Json(nullptr);
  json["amount"] = line.amount.to_fixed(scale);
  Json discounts = Json::array();
  for (const LineDiscount& discount : line.discounts) {
    discounts.push_back({{"coupon_id", discount.coupon_id}, {"amount", discount.amount.to_fixed(scale)}});
  }
  json["discounts"] = std::move(discounts);
  json["discount_amount"] = line.discount_amount().to_fixed(scale);
  json["taxable_amount"] = (line.tax ? line.tax->net_amount : line.taxable_amount()).to_fixed(scale);
  json["tax_amount"] = line.tax_amount.to_fixed(scale);
  if (line.tax) json["tax"] = line_tax_json(*line.tax, currency);
  return json;
}

Json coupons_json(const std::vector<CouponOutcome>& coupons, int scale) {
  Json json = Json::array();
  for (const CouponOutcome& coupon : coupons) {
    json.push_back({{"coupon_id", coupon.coupon_id},
                    {"applied", coupon.applied},
                    {"amount", coupon.amount.to_fixed(scale)},
                    {"periods_applied", coupon.periods_applied},
                    {"exhausted", coupon.exhausted}});
  }
  return json;
}

Json credits_json(const std::vector<CreditOutcome>& credits, int scale) {
  Json json = Json::array();
  for (const CreditOutcome& credit : credits) {
    json.push_back({{"credit_id", credit.credit_id},
                    {"applied", credit.applied.to_fixed(scale)},
                    {"remaining", credit.remaining.to_fixed(scale)}});
  }
  return json;
}

}  // namespace

std::string invoice_text(const InvoiceInput& input, const Invoice& invoice) {
  const Currency& currency = input.customer.currency;
  const int scale = currency.minor_units;
  const TimeZone zone = input.customer.billing_zone.value_or(TimeZone{});
  Json lines = Json::array();
  for (const InvoiceLine& line : invoice.lines) lines.push_back(line_json(line, currency, zone));
  Json json{{"currency", currency.code},
            {"customer",
             {{"id", optional_text(input.customer.id)},
              {"currency", currency.code},
              {"billing_zone", input.customer.billing_zone ? Json(input.customer.billing_zone->name()) : Json(nullptr)}}},
            {"rounding", rounding_mode_name(input.rounding)},
            {"period", optional_range(input.period, zone)},
            {"arrears_period", optional_range(input.arrears_period, zone)},
            {"lines", std::move(lines)},
            {"subtotal", invoice.subtotal.to_fixed(scale)},
            {"discount_total", invoice.discount_total.to_fixed(scale)},
            {"total_excluding_tax", invoice.total_excluding_tax.to_fixed(scale)},
            {"tax_total", invoice.taxes.total.to_fixed(scale)},
            {"taxes", invoice.taxes.breakdown},
            {"total", invoice.total.to_fixed(scale)},
            {"coupons", coupons_json(invoice.coupons, scale)},
            {"credits", credits_json(invoice.credits, scale)},
            {"credits_applied", invoice.credits_applied.to_fixed(scale)},
            {"amount_due", invoice.amount_due.to_fixed(scale)},
            {"credit_generated", invoice.credit_generated.to_fixed(scale)}};
  if (input.tax) {
    json["tax_date"] = format_civil_date(input.tax->tax_date);
    json["tax_rounding"] = tax_rounding_level_name(input.tax->rounding_level);
    if (input.tax->inclusive_rounding != InclusiveRounding::kTax) {
      json["inclusive_rounding"] = inclusive_rounding_name(input.tax->inclusive_rounding);
    }
  }
  if (input.include_core_version) json["core_version"] = std::string(core_version());
  std::string text = dump_canonical(json);
  const std::string content_hash = sha256_hex(text);
  splice_canonical_member(text, json, "content_hash", '"' + content_hash + '"');
  return text;
}

}  // namespace ratecard
