// The API objects the subscription pages show (the fields they read).

/// A pending phase of a subscription's schedule: a change, or its cancellation.
export interface ScheduledChange {
  id: string;
  effective_at: string;
  timing: string;
  cancel: boolean;
  plan: string | null;
  quantity: string | null;
  add_ons: { add_on: string; quantity: string }[] | null;
}

export interface SubscriptionRow {
  id: string;
  customer: string;
  /// Expanded (expand[]=plan) on the list and detail pages.
  plan: { id: string; name: string };
  plan_version: number | null;
  quantity: string;
  status: string;
  add_ons: { add_on: string; quantity: string }[] | null;
  time_zone: string | null;
  started_at: string | null;
  trial_end: string | null;
  current_period_start: string | null;
  current_period_end: string | null;
  cancel_at_period_end: boolean;
  cancel_at: string | null;
  ended_at: string | null;
  scheduled_changes: ScheduledChange[];
}

/// Statuses the list may be narrowed to (the server's).
export const SUBSCRIPTION_STATUSES = ['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'unpaid', 'paused', 'canceled'];

/// Statuses in which a subscription still renews, so a cancellation at its period end may be set.
export const CANCELABLE = ['trialing', 'active', 'past_due'];

export const subscriptionHref = (id: string) => `subscriptions/${encodeURIComponent(id)}`;
