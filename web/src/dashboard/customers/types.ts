// The API objects the customer pages show (the fields they read).

export interface Customer {
  id: string;
  external_id: string | null;
  name: string | null;
  email: string | null;
  currency: string;
  timezone: string | null;
  created_at: string;
  erased_at: string | null;
}

export interface Subscription {
  id: string;
  plan: string;
  quantity: string;
  status: string;
  current_period_end: string | null;
  cancel_at_period_end: boolean;
}

export interface Payment {
  id: string;
  invoice: string | null;
  amount: string;
  currency: string;
  status: string;
  amount_refunded: string | null;
  created_at: string;
}

export interface Entitlements {
  access: boolean;
  reason: string | null;
  /// The core's entries (docs/core-api.md, op entitlements).
  features: { feature: string; kind: string | null; has_access: boolean; reason?: string; limit: string | null; usage: string | null }[];
}

export interface Account {
  id: string;
  target: string;
  status: string;
  created_at: string;
}
