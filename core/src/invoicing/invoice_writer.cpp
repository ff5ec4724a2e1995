// The canonical text of an invoice and its content hash, written in one pass with the members
// in bytewise key order.
#include "calendar/instant.hpp"
#include "crypto/sha256.hpp"
#include "invoicing/invoice_writer.hpp"
#include "ratecard/evaluate.hpp"

namespace ratecard {
namespace {

void write_money_member(CanonicalWriter& out, std::string_view key, const Decimal& amount, int scale) {
  out.key(key);
  out.string(amount.to_fixed(scale));
}

// Members in bytewise key order: amount, applied, coupon_id, exhausted, periods_applied.
void write_coupons(CanonicalWriter& out, const std::vector<CouponOutcome>& coupons, int scale) {
  out.begin_array();
  for (const CouponOutcome& coupon : coupons) {
    out.begin_object();
    write_money_member(out, "amount", coupon.amount, scale);
    out.key("applied");
    out.boolean(coupon.applied);
    out.key("coupon_id");
    out.string(coupon.coupon_id);
    out.key("exhausted");
    out.boolean(coupon.exhausted);
    out.key("periods_applied");
    out.integer(coupon.periods_applied);
    out.end_object();
  }
  out.end_array();
}

// Members in bytewise key order: applied, credit_id, remaining.
void write_credits(CanonicalWriter& out, const std::vector<CreditOutcome>& credits, int scale) {
  out.begin_array();
  for (const CreditOutcome& credit : credits) {
    out.begin_object();
    write_money_member(out, "applied", credit.applied, scale);
    out.key("credit_id");
    out.string(credit.credit_id);
    write_money_member(out, "remaining", credit.remaining, scale);
    out.end_object();
  }
  out.end_array();
}

// Members in bytewise key order: billing_zone, currency, id.
void write_customer(CanonicalWriter& out, const InvoiceCustomer& customer) {
  out.begin_object();
  out.key("billing_zone");
  if (customer.billing_zone) {
    out.string(customer.billing_zone->name());
  } else {
    out.null();
  }
  out.key("currency");
  out.string(customer.currency.code);
  out.key("id");
  if (customer.id) {
    out.string(*customer.id);
  } else {
    out.null();
  }
  out.end_object();
}

// Members of an entry in bytewise key order: jurisdiction, name, rate, tax_amount,
// taxability_reason, taxable_amount.
void write_tax_breakdown(CanonicalWriter& out, const std::vector<TaxBreakdownEntry>& breakdown, int scale) {
  out.begin_array();
  for (const TaxBreakdownEntry& entry : breakdown) {
    out.begin_object();
    out.key("jurisdiction");
    out.string(entry.jurisdiction);
    out.key("name");
    out.string(entry.name);
    out.key("rate");
    out.string(entry.rate.to_string());
    write_money_member(out, "tax_amount", entry.tax_amount, scale);
    out.key("taxability_reason");
    out.string(taxability_reason_name(entry.reason));
    write_money_member(out, "taxable_amount", entry.taxable_amount, scale);
    out.end_object();
  }
  out.end_array();
}

}  // namespace

// Members in bytewise key order: amount_due, arrears_period, content_hash, core_version,
// coupons, credit_generated, credits, credits_applied, currency, customer, discount_total,
// inclusive_rounding, lines, period, rounding, subtotal, tax_date, tax_rounding, tax_total,
// taxes, total, total_excluding_tax. content_hash is inserted last, at the position marked.
std::string invoice_text(const InvoiceInput& input, const Invoice& invoice) {
  const Currency& currency = input.customer.currency;
  const int scale = currency.minor_units;
  PeriodWriter periods(input.customer.billing_zone.value_or(TimeZone{}));
  std::string text;
  text.reserve(2048 + 1024 * invoice.lines.size());
  CanonicalWriter out(text);
  out.begin_object();
  write_money_member(out, "amount_due", invoice.amount_due, scale);
  out.key("arrears_period");
  periods.write(out, input.arrears_period);
  const std::size_t hash_position = out.mark();
  if (input.include_core_version) {
    out.key("core_version");
    out.string(core_version());
  }
  out.key("coupons");
  write_coupons(out, invoice.coupons, scale);
  write_money_member(out, "credit_generated", invoice.credit_generated, scale);
  out.key("credits");
  write_credits(out, invoice.credits, scale);
  write_money_member(out, "credits_applied", invoice.credits_applied, scale);
  out.key("currency");
  out.string(currency.code);
  out.key("customer");
  write_customer(out, input.customer);
  write_money_member(out, "discount_total", invoice.discount_total, scale);
  if (input.tax && input.tax->inclusive_rounding != InclusiveRounding::kTax) {
    out.key("inclusive_rounding");
    out.string(inclusive_rounding_name(input.tax->inclusive_rounding));
  }
  out.key("lines");
  out.begin_array();
  for (const InvoiceLine& line : invoice.lines) write_invoice_line(out, line, currency, periods);
  out.end_array();
  out.key("period");
  periods.write(out, input.period);
  out.key("rounding");
  out.string(rounding_mode_name(input.rounding));
  write_money_member(out, "subtotal", invoice.subtotal, scale);
  if (input.tax) {
    out.key("tax_date");
    out.string(format_civil_date(input.tax->tax_date));
    out.key("tax_rounding");
    out.string(tax_rounding_level_name(input.tax->rounding_level));
  }
  write_money_member(out, "tax_total", invoice.taxes.total, scale);
  out.key("taxes");
  write_tax_breakdown(out, invoice.taxes.breakdown, scale);
  write_money_member(out, "total", invoice.total, scale);
  write_money_member(out, "total_excluding_tax", invoice.total_excluding_tax, scale);
  out.end_object();
  text.insert(hash_position, ",\"content_hash\":\"" + sha256_hex(text) + '"');
  return text;
}

}  // namespace ratecard
