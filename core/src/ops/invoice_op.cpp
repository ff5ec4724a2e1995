#include "invoicing/invoice.hpp"
#include "invoicing/invoice_reader.hpp"
#include "invoicing/invoice_request_text.hpp"
#include "ops/envelope.hpp"
#include "ops/ops.hpp"

namespace ratecard {
namespace {

// Reads a request (from a DOM or from its text), computes the invoice and writes it. The
// invoice's text is written once (its content_hash spliced in), then appended as is.
template <typename Reader>
Status write_invoice_of(Reader& request, CanonicalWriter& out) {
  RATECARD_TRY(InvoiceInput input, read_invoice_input(request));
  RATECARD_TRY(Invoice invoice, build_invoice(input));
  out.canonical_text(invoice_text(input, invoice));
  return ok_status();
}

}  // namespace

Status run_invoice(ObjectReader& request, CanonicalWriter& out) { return write_invoice_of(request, out); }

bool write_invoice_response_from_text(std::string_view text, CanonicalWriter& out) {
  const std::optional<RawInvoiceRequest> raw = read_invoice_request_text(text);
  if (!raw) return false;
  write_envelope(out, [&raw](CanonicalWriter& result_out) -> Status {
    ShapeReader<RawInvoiceRequest> request(*raw, "");
    request.mark_read("op");  // "invoice", as the reader checked
    RATECARD_CHECK(write_invoice_of(request, result_out));
    return request.finish();
  });
  return true;
}

}  // namespace ratecard
