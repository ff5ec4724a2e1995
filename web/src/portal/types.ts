// The API objects the portal reads (server/src: subscriptions, catalog, customers).

export interface Price {
  id: string;
  type: 'recurring' | 'usage' | 'one_time';
  nickname: string | null;
  pricing: { model: string; [field: string]: unknown };
}

export interface Plan {
  id: string;
  name: string;
  currency: string;
  interval: string;
  interval_count: number;
  version: number;
  downgrade_timing?: 'period_end' | 'immediately';
  prices: Price[];
  portal: {
    allowed_plans: string[];
    allowed_intervals?: { interval: string; interval_count?: number }[];
    quantity: { adjustable: boolean; minimum: string; maximum: string | null };
    allowed_add_ons: string[];
    downgrades_at_period_end?: boolean;
  };
}

export interface AddOn {
  id: string;
  name: string;
  price: Price;
}

export interface Subscription {
  id: string;
  customer: string;
  plan: string;
  plan_version: number;
  quantity: string;
  status: string;
  add_ons: { add_on: string; quantity: string }[];
  time_zone: string;
  started_at: string;
  trial_end: string | null;
  current_period_start: string;
  current_period_end: string;
  cancel_at_period_end: boolean;
  pending_prorations: Record<string, unknown>[];
  scheduled_changes: ScheduledChange[];
}

/// A change waiting for its instant (a downgrade at the period's end, say).
export interface ScheduledChange {
  id: string;
  effective_at: string;
  timing: string;
  cancel: boolean;
  plan: string | null;
  quantity: string | null;
  add_ons: { add_on: string; quantity: string }[] | null;
}

export interface Customer {
  id: string;
  name: string;
  email: string | null;
  currency: string;
  timezone: string;
  address: Record<string, string> | null;
  tax_ids: { type: string; value: string }[];
}

export interface ProrationView {
  lines: { item: string; kind: string; amount: string; quantity: string; start: string; end: string }[];
  total: string;
  in_trial: boolean;
  direction: string;
  change_at: string;
}
