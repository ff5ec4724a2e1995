#pragma once

// The JSON fields of a rounded charge line, listed once and in bytewise key order, for any
// sink: the canonical writer of the price op and the DOM of the ops that still build one.
// A sink has text(key, value), integer(key, value) and null(key).

#include <optional>
#include <string_view>
#include <variant>

#include "numbers/big_int_text.hpp"
#include "pricing/rounded_charge.hpp"

namespace ratecard {
namespace charge_fields {

template <typename Sink>
void decimal_or_null(Sink& sink, std::string_view key, const std::optional<Decimal>& value) {
  if (value) {
    sink.text(key, value->to_string());
  } else {
    sink.null(key);
  }
}

template <typename Sink>
void after_amount(Sink& sink, const FlatLine& /*line*/) {
  sink.text("kind", "flat");
}

template <typename Sink>
void after_amount(Sink& sink, const UnitLine& line) {
  sink.text("kind", "unit");
  sink.text("quantity", line.quantity.to_string());
  sink.text("unit_amount", line.unit_amount.to_string());
}

template <typename Sink>
void after_amount(Sink& sink, const PackageLine& line) {
  sink.text("billable_quantity", line.billable_quantity.to_string());
  sink.text("free_units", line.free_units.to_string());
  sink.text("kind", "package");
  sink.text("package_amount", line.package_amount.to_string());
  sink.text("package_size", line.package_size.to_string());
  sink.text("packages", to_decimal_text(line.packages));
  sink.text("quantity", line.quantity.to_string());
}

template <typename Sink>
void after_amount(Sink& sink, const TierLine& line) {
  sink.text("flat_amount", line.flat_amount.to_string());
  sink.text("kind", "tier");
  sink.text("quantity", line.quantity.to_string());
  if (line.rate) sink.text("rate", line.rate->to_string());
  sink.integer("tier_index", static_cast<std::int64_t>(line.tier_index));
  if (line.unit_amount) sink.text("unit_amount", line.unit_amount->to_string());
  decimal_or_null(sink, "up_to", line.up_to);
}

template <typename Sink>
void after_amount(Sink& sink, const PercentageLine& line) {
  sink.text("base_amount", line.base_amount.to_string());
  sink.text("kind", "percentage");
  sink.text("rate", line.rate.to_string());
}

template <typename Sink>
void after_amount(Sink& sink, const FixedFeeLine& line) {
  sink.integer("events", line.events);
  sink.text("fixed_amount", line.fixed_amount.to_string());
  sink.text("kind", "fixed_fee");
}

template <typename Sink>
void after_amount(Sink& sink, const TransactionLimitsLine& line) {
  sink.text("kind", "transaction_limits");
  decimal_or_null(sink, "per_transaction_max", line.per_transaction_max);
  decimal_or_null(sink, "per_transaction_min", line.per_transaction_min);
}

}  // namespace charge_fields

/// Gives `sink` every field of `line` in bytewise key order, its amount at `minor_units`.
template <typename Sink>
void for_each_line_field(const RoundedLine& line, int minor_units, Sink& sink) {
  sink.text("amount", line.amount.to_fixed(minor_units));
  std::visit([&sink](const auto& fields) { charge_fields::after_amount(sink, fields); }, line.fields);
}

}  // namespace ratecard
