// The proration of a subscription change, as the server computes it (server/src/subscriptions:
// items.js periodItems, calendar.js prorate): the same items, ids, schedule and instant, so the
// core gives the same bytes here (WebAssembly) as on the server (native). The change is then
// sent with `proration_date` = the instant previewed, and the server prorates at that instant.
import type { AddOn, Plan, Subscription } from './types';

interface Target {
  plan: Plan;
  quantity: string;
  addOns: { add_on: string; quantity: string }[];
}

/// The core's form of an instant: whole seconds, "Z".
export const coreInstant = (instant: string) => `${new Date(instant).toISOString().slice(0, 19)}Z`;

function periodItems(target: Target, addOnsById: Map<string, AddOn>) {
  const items: { id: string; price: unknown; quantity: string }[] = [];
  for (const price of target.plan.prices) {
    if (price.type === 'recurring') items.push({ id: `price:${price.id}`, price: price.pricing, quantity: target.quantity });
  }
  for (const entry of target.addOns) {
    const addOn = addOnsById.get(entry.add_on);
    if (addOn && addOn.price.type === 'recurring') items.push({ id: `add_on:${entry.add_on}`, price: addOn.price.pricing, quantity: entry.quantity });
  }
  return items;
}

export function prorateRequest(subscription: Subscription, current: Plan, after: Target, currency: string,
  addOnsById: Map<string, AddOn>, changeAt: string): Record<string, unknown> {
  const schedule: Record<string, unknown> = {
    start: coreInstant(subscription.started_at), interval: current.interval, interval_count: current.interval_count,
    time_zone: subscription.time_zone,
  };
  if (subscription.trial_end) schedule.trial_end = coreInstant(subscription.trial_end);
  return {
    op: 'prorate', currency, schedule, change_at: changeAt, behavior: 'create_prorations',
    old_items: periodItems({ plan: current, quantity: subscription.quantity, addOns: subscription.add_ons }, addOnsById),
    new_items: periodItems(after, addOnsById),
  };
}
