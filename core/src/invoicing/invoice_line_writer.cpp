// The canonical text of one invoice line. Its members, common and of its kind, are written in
// one bytewise key order: amount, billed_amount, billed_quantity, billed_spend, billed_true_up,
// breakdown, corrected_amount, corrected_quantity, cycle_amount, description, discount_amount,
// discounts, events, free_events, item_id, kind, metric, minimum_amount, model, period,
// proration_kind, quantity, spend, subscription_id, tax, tax_amount, taxable_amount, true_up.
#include "invoicing/invoice_writer.hpp"
#include "pricing/price_result.hpp"

namespace ratecard {
namespace {

std::string_view line_kind_name(LineKind kind) {
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

// Writes one line's members with the invoice's currency.
class LineWriter {
 public:
  LineWriter(CanonicalWriter& out, const Currency& currency) : out_(out), scale_(currency.minor_units) {}

  void money(std::string_view key, const Decimal& amount) {
    out_.key(key);
    out_.string(amount.to_fixed(scale_));
  }
  void optional_money(std::string_view key, const std::optional<Decimal>& amount) {
    if (amount) money(key, *amount);
  }
  void optional_quantity(std::string_view key, const std::optional<Decimal>& quantity) {
    if (!quantity) return;
    out_.key(key);
    out_.string(quantity->to_string());
  }
  void text_or_null(std::string_view key, const std::optional<std::string>& text) {
    out_.key(key);
    if (text) {
      out_.string(*text);
    } else {
      out_.null();
    }
  }
  void optional_text(std::string_view key, const std::optional<std::string>& text) {
    if (text) text_or_null(key, text);
  }

  void discounts(const std::vector<LineDiscount>& discounts) {
    out_.key("discounts");
    out_.begin_array();
    for (const LineDiscount& discount : discounts) {
      out_.begin_object();
      money("amount", discount.amount);
      out_.key("coupon_id");
      out_.string(discount.coupon_id);
      out_.end_object();
    }
    out_.end_array();
  }

  // How the line was taxed: the tax op's line without the amounts the invoice line already has.
  void tax(const TaxedLine& tax) {
    out_.key("tax");
    out_.begin_object();
    out_.key("components");
    out_.begin_array();
    for (const TaxComponentAmount& component : tax.components) {
      out_.begin_object();
      out_.key("jurisdiction");
      out_.string(component.jurisdiction);
      out_.key("name");
      out_.string(component.name);
      out_.key("rate");
      out_.string(component.rate.to_string());
      money("tax_amount", component.tax_amount);
      money("taxable_amount", component.taxable_amount);
      out_.end_object();
    }
    out_.end_array();
    money("gross_amount", tax.gross_amount);
    optional_text("jurisdiction", tax.jurisdiction);
    money("net_amount", tax.net_amount);
    out_.key("rates_from");
    out_.string(tax.rates_from_request ? "request" : "dataset");
    out_.key("tax_behavior");
    out_.string(tax_behavior_name(tax.behavior));
    out_.key("tax_category");
    out_.string(tax_category_name(tax.category));
    optional_text("tax_code", tax.tax_code);
    out_.key("taxability_reason");
    out_.string(taxability_reason_name(tax.reason));
    out_.end_object();
  }

 private:
  CanonicalWriter& out_;
  int scale_;
};

}  // namespace

void write_invoice_line(CanonicalWriter& out, const InvoiceLine& line, const Currency& currency,
                        PeriodWriter& periods) {
  const LineDetails& details = line.details;
  LineWriter members(out, currency);
  out.begin_object();
  members.money("amount", line.amount);
  members.optional_money("billed_amount", details.billed_amount);
  members.optional_quantity("billed_quantity", details.billed_quantity);
  members.optional_money("billed_spend", details.billed_spend);
  members.optional_money("billed_true_up", details.billed_true_up);
  if (details.breakdown) {
    out.key("breakdown");
    write_charge_lines(out, *details.breakdown, currency.minor_units);
  }
  members.optional_money("corrected_amount", details.corrected_amount);
  members.optional_quantity("corrected_quantity", details.corrected_quantity);
  if (details.proration_kind) {
    out.key("cycle_amount");
    if (details.cycle_amount) {
      out.string(details.cycle_amount->to_fixed(currency.minor_units));
    } else {
      out.null();
    }
  }
  members.text_or_null("description", line.description);
  members.money("discount_amount", line.discount_amount());
  members.discounts(line.discounts);
  if (details.events) {
    out.key("events");
    out.unsigned_integer(details.events->events);
    out.key("free_events");
    out.integer(details.events->free_events);
  }
  members.text_or_null("item_id", line.item_id);
  out.key("kind");
  out.string(line_kind_name(line.kind));
  members.optional_text("metric", details.metric);
  members.optional_money("minimum_amount", details.minimum_amount);
  members.optional_text("model", details.model);
  out.key("period");
  periods.write(out, line.period);
  if (details.proration_kind) {
    out.key("proration_kind");
    out.string(*details.proration_kind == ProrationKind::kCredit ? "credit" : "charge");
  }
  out.key("quantity");
  if (line.quantity) {
    out.string(line.quantity->to_string());
  } else {
    out.null();
  }
  members.optional_money("spend", details.spend);
  members.text_or_null("subscription_id", line.subscription_id);
  if (line.tax) members.tax(*line.tax);
  members.money("tax_amount", line.tax_amount);
  members.money("taxable_amount", line.tax ? line.tax->net_amount : line.taxable_amount());
  members.optional_money("true_up", details.true_up);
  out.end_object();
}

}  // namespace ratecard
