#pragma once

// The pieces of an invoice's canonical text that invoice_text() assembles, each written with
// its members in bytewise key order.

#include <optional>

#include "calendar/time_range.hpp"
#include "calendar/time_zone.hpp"
#include "invoicing/invoice.hpp"
#include "json/canonical_writer.hpp"
#include "ratecard/currency.hpp"

namespace ratecard {

/// A period with the local dates of its bounds in the billing zone (`end_date` is the date of
/// the exclusive end, as in the periods op); null when absent.
void write_invoice_period(CanonicalWriter& out, const std::optional<TimeRange>& period, const TimeZone& zone);

/// One line: the fields every line has, those of its kind (LineDetails) and, when the invoice
/// is taxed, how the line was taxed.
void write_invoice_line(CanonicalWriter& out, const InvoiceLine& line, const Currency& currency,
                        const TimeZone& zone);

}  // namespace ratecard
