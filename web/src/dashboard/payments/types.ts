// The API objects the payment pages show (the fields they read).

export interface PaymentAttempt {
  id: string;
  number: number;
  gateway: string;
  status: string;
  failure_code: string | null;
  decline_code: string | null;
  created_at: string;
}

export interface PaymentRow {
  id: string;
  customer: string;
  invoice: string | null;
  amount: string;
  currency: string;
  status: string;
  gateway: string | null;
  capture_method: string;
  amount_authorized: string | null;
  amount_refunded: string | null;
  refunded: boolean;
  disputed: boolean;
  failure_code: string | null;
  cancellation_reason: string | null;
  attempts: PaymentAttempt[];
  created_at: string;
}

export interface Refund {
  id: string;
  amount: string;
  currency: string;
  status: string;
  reason: string | null;
  credit_note: string | null;
  created_at: string;
}

/// Statuses the list may be narrowed to (the server's).
export const PAYMENT_STATUSES = ['processing', 'requires_action', 'requires_capture', 'pending', 'succeeded', 'failed', 'canceled'];

export const paymentHref = (id: string) => `payments/${encodeURIComponent(id)}`;
