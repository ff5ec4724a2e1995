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

/// A credit note as the API presents it (the fields the dashboard reads): `amount` is what it
/// credits (positive), split into `refund_amount` and `credit_amount` (the customer's balance).
export interface CreditNote {
  id: string;
  number: string;
  invoice: string;
  currency: string;
  reason: string;
  memo: string | null;
  lines: { invoice_line: number; description: string | null; amount: string; quantity: string | null }[];
  tax_total: string;
  amount: string;
  refund_amount: string;
  credit_amount: string;
  created_at: string;
}

/// The reasons a credit note may give (the server's list).
export const CREDIT_NOTE_REASONS = ['duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory'];

/// Invoice states a credit note can be issued against (the server decides; others answer 409).
export const CREDITABLE = ['open', 'paid', 'uncollectible'];

/// A credit note's PDF (served with the session's cookie).
export const creditNotePdfHref = (note: { id: string }) => `/v1/credit_notes/${encodeURIComponent(note.id)}/pdf`;
