// The reconciliation report's rows (received payments: the fields the page reads).

export interface ReceivedPayment {
  id: string;
  origin: string;
  source: string | null;
  method: string;
  reference: string | null;
  customer: string | null;
  currency: string;
  amount: string;
  fee: string | null;
  net: string | null;
  received_on: string;
  status: string;
  amount_applied: string;
  amount_unapplied: string;
  applications: { invoice: string; number: string | null; amount: string }[];
}

/// The report's filters (the server's values).
export const RECONCILIATION_STATUSES = ['matched', 'partial', 'over_payment', 'unmatched'];
export const RECONCILIATION_ORIGINS = ['api', 'gateway_settlement', 'bank_statement'];
