#include "pricing/price_result.hpp"

#include "pricing/charge_fields.hpp"

namespace ratecard {
namespace {

// Writes each field of a charge line as a member of the open object.
class WriterFieldSink {
 public:
  explicit WriterFieldSink(CanonicalWriter& out) : out_(out) {}
  void text(std::string_view key, std::string_view value) {
    out_.key(key);
    out_.string(value);
  }
  void decimal(std::string_view key, const Decimal& value) {
    out_.key(key);
    out_.decimal(value);
  }
  void fixed_decimal(std::string_view key, const Decimal& value, int scale) {
    out_.key(key);
    out_.fixed_decimal(value, scale);
  }
  void integer(std::string_view key, std::int64_t value) {
    out_.key(key);
    out_.integer(value);
  }
  void null(std::string_view key) {
    out_.key(key);
    out_.null();
  }

 private:
  CanonicalWriter& out_;
};

}  // namespace

void write_charge_lines(CanonicalWriter& out, const std::vector<RoundedLine>& lines, int minor_units) {
  WriterFieldSink sink(out);
  out.begin_array();
  for (const RoundedLine& line : lines) {
    out.begin_object();
    for_each_line_field(line, minor_units, sink);
    out.end_object();
  }
  out.end_array();
}

// Members in bytewise key order: amount, currency, events, free_events, lines, model,
// quantity, rounding.
void write_price_result(CanonicalWriter& out, const PriceResult& result) {
  const int minor_units = result.currency.minor_units;
  out.begin_object();
  out.key("amount");
  out.fixed_decimal(result.charge.total, minor_units);
  out.key("currency");
  out.string(result.currency.code);
  if (result.events) {
    out.key("events");
    out.unsigned_integer(result.events->events);
    out.key("free_events");
    out.integer(result.events->free_events);
  }
  out.key("lines");
  write_charge_lines(out, result.charge.lines, minor_units);
  out.key("model");
  out.string(result.model);
  if (result.quantity) {
    out.key("quantity");
    out.decimal(*result.quantity);
  }
  out.key("rounding");
  out.string(rounding_mode_name(result.rounding));
  out.end_object();
}

}  // namespace ratecard
