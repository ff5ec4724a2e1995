#pragma once

// The JSON fields of a rounded charge line, listed once and in bytewise key order, for any
// sink: the canonical writer of the price result and of an invoice line's breakdown.
// A sink has text(key, value), decimal(key, value), fixed_decimal(key, value, scale),
// integer(key, value) and null(key).

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
    sink.decimal(key, *value);
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
  sink.decimal("quantity", line.quantity);
  sink.decimal("unit_amount", line.unit_amount);
}

template <typename Sink>
void after_amount(Sink& sink, const PackageLine& line) {
  sink.decimal("billable_quantity", line.billable_quantity);
  sink.decimal("free_units", line.free_units);
  sink.text("kind", "package");
  sink.decimal("package_amount", line.package_amount);
  sink.decimal("package_size", line.package_size);
  sink.text("packages", to_decimal_text(line.packages));
  sink.decimal("quantity", line.quantity);
}

template <typename Sink>
void after_amount(Sink& sink, const TierLine& line) {
  sink.decimal("flat_amount", line.flat_amount);
  sink.text("kind", "tier");
  sink.decimal("quantity", line.quantity);
  if (line.rate) sink.decimal("rate", *line.rate);
  sink.integer("tier_index", static_cast<std::int64_t>(line.tier_index));
  if (line.unit_amount) sink.decimal("unit_amount", *line.unit_amount);
  decimal_or_null(sink, "up_to", line.up_to);
}

template <typename Sink>
void after_amount(Sink& sink, const PercentageLine& line) {
  sink.decimal("base_amount", line.base_amount);
  sink.text("kind", "percentage");
  sink.decimal("rate", line.rate);
}

template <typename Sink>
void after_amount(Sink& sink, const FixedFeeLine& line) {
  sink.integer("events", line.events);
  sink.decimal("fixed_amount", line.fixed_amount);
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
  sink.fixed_decimal("amount", line.amount, minor_units);
  std::visit([&sink](const auto& fields) { charge_fields::after_amount(sink, fields); }, line.fields);
}

}  // namespace ratecard
