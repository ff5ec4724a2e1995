#include "invoicing/invoice.hpp"
#include "invoicing/invoice_reader.hpp"
#include "ops/ops.hpp"

namespace ratecard {

// The invoice's text is written once (its content_hash spliced in), then appended as is.
Status run_invoice(ObjectReader& request, CanonicalWriter& out) {
  RATECARD_TRY(InvoiceInput input, read_invoice_input(request));
  RATECARD_TRY(Invoice invoice, build_invoice(input));
  out.canonical_text(invoice_text(input, invoice));
  return ok_status();
}

}  // namespace ratecard
