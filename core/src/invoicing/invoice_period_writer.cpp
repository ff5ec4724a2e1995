// The periods of an invoice and of its lines, each distinct one formatted once.
#include "calendar/instant.hpp"
#include "invoicing/invoice_writer.hpp"

namespace ratecard {

void PeriodWriter::write(CanonicalWriter& out, const std::optional<TimeRange>& period) {
  if (!period) {
    out.null();
    return;
  }
  for (const auto& [range, text] : written_) {
    if (range == *period) {
      out.canonical_text(text);
      return;
    }
  }
  std::string text;
  CanonicalWriter range_out(text);
  range_out.begin_object();
  range_out.key("end");
  range_out.string(format_instant(period->end));
  range_out.key("end_date");
  range_out.string(format_civil_date(zone_.to_local(period->end).date));
  range_out.key("start");
  range_out.string(format_instant(period->start));
  range_out.key("start_date");
  range_out.string(format_civil_date(zone_.to_local(period->start).date));
  range_out.end_object();
  out.canonical_text(text);
  written_.emplace_back(*period, std::move(text));
}

}  // namespace ratecard
