import type { InvoiceView } from '../../components/invoice-table';

/// An invoice as the API presents it (the fields the dashboard reads).
export interface Invoice extends InvoiceView {
  id: string;
  number: string | null;
  customer: string;
  status: string;
  amount_remaining: string;
  due_at: string | null;
  period_start: string | null;
  period_end: string | null;
  finalized_at: string | null;
  voided_at: string | null;
  created_at: string;
  customer_details: { name?: string | null } | null;
}

/// Its PDF (served with the session's cookie; drafts have none).
export const pdfHref = (invoice: { id: string }) => `/v1/invoices/${encodeURIComponent(invoice.id)}/pdf`;
