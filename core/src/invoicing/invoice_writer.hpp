#pragma once

// The pieces of an invoice's canonical text that invoice_text() assembles, each written with
// its members in bytewise key order.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "calendar/time_range.hpp"
#include "calendar/time_zone.hpp"
#include "invoicing/invoice.hpp"
#include "json/canonical_writer.hpp"
#include "ratecard/currency.hpp"

namespace ratecard {

/// Writes periods with the local dates of their bounds in the billing zone (`end_date` is the
/// date of the exclusive end, as in the periods op), null when absent. An invoice's lines
/// mostly share its periods: each distinct period's text is written once, then copied.
class PeriodWriter {
 public:
  /// Periods with local dates in `zone`.
  explicit PeriodWriter(TimeZone zone) : zone_(std::move(zone)) {}

  /// Writes `period` (or null) as the next value.
  void write(CanonicalWriter& out, const std::optional<TimeRange>& period);

 private:
  TimeZone zone_;
  std::vector<std::pair<TimeRange, std::string>> written_;  // each period with its text
};

/// One line: the fields every line has, those of its kind (LineDetails) and, when the invoice
/// is taxed, how the line was taxed.
void write_invoice_line(CanonicalWriter& out, const InvoiceLine& line, const Currency& currency,
                        PeriodWriter& periods);

}  // namespace ratecard
