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

/// The methods of money recorded by hand (POST /v1/received_payments).
export const RECORD_METHODS = ['bank_transfer', 'check', 'cash', 'other'];

/// The files an import reads (POST /v1/reconciliation/imports).
export const IMPORT_TYPES = ['gateway_settlement', 'bank_statement'];

/// A stored import: its lines, the duplicates skipped and the new lines by status.
export interface ReconciliationImport {
  id: string;
  type: string;
  source: string;
  lines: number;
  duplicates: number;
  summary: { matched: number; partial: number; over_payment: number; unmatched: number; fees: { currency: string; amount: string }[] };
  created_at: string;
}
