#include "invoicing/invoice.hpp"
#include "invoicing/invoice_reader.hpp"
#include "ops/ops.hpp"

namespace ratecard {

Result<std::string> run_invoice(ObjectReader& request) {
  RATECARD_TRY(InvoiceInput input, read_invoice_input(request));
  RATECARD_TRY(Invoice invoice, build_invoice(input));
  return invoice_text(input, invoice);
}

}  // namespace ratecard
