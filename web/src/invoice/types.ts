import type { InvoiceView } from '../components/invoice-table';

/// GET /v1/hosted_invoice: the invoice of the link as its page shows it (docs/server.md,
/// "Hosted invoice page"). Amounts are the core's decimal strings.
export interface HostedInvoice extends Omit<InvoiceView, 'content_hash'> {
  id: string;
  number: string;
  status: 'open' | 'paid' | 'void' | 'uncollectible';
  credits_applied: string;
  amount_paid: string;
  amount_remaining: string;
  finalized_at: string | null;
  due_at: string | null;
  paid_at: string | null;
  voided_at: string | null;
  overdue: boolean;
  customer_name: string | null;
  seller_name: string | null;
  time_zone: string;
  payable: boolean;
  payment_in_progress: boolean;
  card_on_file: { brand: string | null; last4: string; exp_month: number | null; exp_year: number | null } | null;
  vault_url: string | null;
  /// The customer's bank account awaiting its micro-deposits (verified on this page), or null.
  bank_account_to_verify: { last4: string; routing_number: string | null } | null;
  /// The page's payment waiting for 3-D Secure (shown again after a reload), or null.
  payment_requires_action: {
    id: string; amount: string; currency: string; next_action: { type: string; url: string };
    card: { brand: string | null; last4: string } | null;
  } | null;
}

/// POST /v1/hosted_invoice/pay: the payment (a repeated request answers the same one) and the invoice after it.
export interface HostedPayment {
  payment: {
    id: string; status: string; amount: string; currency: string; failure_code: string | null; decline_code: string | null;
    next_action: { type: string; url: string } | null;
  };
  invoice: HostedInvoice;
}
