// The checkout session as the server presents it (server/src/checkout/sessions.js).

export interface QuoteItem {
  id: string;
  type: 'fixed' | 'usage';
  description?: string;
  metric?: string;
  price: { model: string; [field: string]: unknown };
  tax_category?: string;
  quantity?: string | number;
}

export interface PlanOption {
  plan: string;
  code: string;
  name: string;
  interval: string;
  interval_count: number;
  trial_days: number;
  trial_end: string | null;
  version: number;
  seats_adjustable: boolean;
  items: QuoteItem[];
}

export interface AddOnOption {
  add_on: string;
  code: string;
  name: string;
  item: QuoteItem;
}

export interface CheckoutSession {
  id: string;
  status: 'open' | 'complete' | 'expired';
  plan: string;
  currency: string;
  time_zone: string;
  customer: string;
  subscription: string;
  start_at: string;
  expires_at: string;
  plans: PlanOption[];
  add_ons: AddOnOption[];
  seller: Record<string, unknown>;
  coupon: { id: string; code: string; name: string; core: Record<string, unknown> } | null;
  quote_hash: string | null;
  quote: unknown;
  card_vault_url: string | null;
  payment_status: 'unpaid' | 'requires_action' | 'processing' | 'paid' | 'no_payment_required' | 'requires_verification' | null;
  invoice: string | null;
  invoice_number: string | null;
  payment: CheckoutPayment | null;
  /// Paid by a US bank account: the account, awaiting its micro-deposits.
  bank_account?: { id: string; last4: string; verification_status: string } | null;
  /// In the answer to a completion with a bank account: the first invoice's page, where the deposits are verified.
  hosted_invoice_url?: string | null;
}

/// The latest payment of a session's first invoice.
export interface CheckoutPayment {
  id: string;
  status: string;
  amount: string;
  currency: string;
  failure_code: string | null;
  decline_code: string | null;
  next_action: { type: string; url: string } | null;
  card: { brand: string | null; last4: string } | null;
}

export interface TaxChoice {
  country: string;
  region?: string;
  postal_code?: string;
  tax_id?: string;
}

export interface CheckoutChoice {
  plan: string;
  quantity: string;
  add_ons: { add_on: string; quantity: string }[];
  tax: TaxChoice | null;
}
