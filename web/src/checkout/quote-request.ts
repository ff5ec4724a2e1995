// The rule that turns a checkout session's pinned inputs and the buyer's choices into the core's
// `quote` request: the same rule as server/src/checkout/quote-request.js, which the server
// applies on submit with the native core. The two content hashes must be equal, or the server
// refuses the submit with its quote; the browser tests check they are.
import type { CheckoutChoice, CheckoutSession } from './types';

export class ChoiceError extends Error {
  constructor(message: string, readonly path: string) {
    super(message);
  }
}

export function quoteRequest(session: CheckoutSession, choice: CheckoutChoice): Record<string, unknown> {
  const option = session.plans.find((plan) => plan.plan === choice.plan);
  if (!option) throw new ChoiceError(`plan ${choice.plan} is not offered by this checkout session`, '/plan');
  const schedule: Record<string, unknown> = {
    start: session.start_at, interval: option.interval, interval_count: option.interval_count, time_zone: session.time_zone,
  };
  if (option.trial_end) schedule.trial_end = option.trial_end;
  const request: Record<string, unknown> = {
    op: 'quote',
    customer: { id: session.customer, currency: session.currency },
    schedule,
    items: option.items.map((item) => (item.type === 'fixed' ? { ...item, quantity: choice.quantity } : item)),
    add_ons: choice.add_ons.map(({ add_on: id, quantity }, index) => {
      const addOn = session.add_ons.find((offered) => offered.add_on === id);
      if (!addOn) throw new ChoiceError(`add-on ${id} is not offered by this checkout session`, `/add_ons/${index}/add_on`);
      return { ...addOn.item, quantity };
    }),
    subscription_id: session.subscription,
  };
  if (session.coupon) request.coupon = session.coupon.core;
  if (choice.tax && choice.tax.country) {
    const customer: Record<string, string> = { country: choice.tax.country };
    for (const field of ['region', 'postal_code', 'tax_id'] as const) {
      const value = choice.tax[field];
      if (value) customer[field] = value;
    }
    // The tax point is the first invoice's date: when billing starts.
    request.tax = { tax_point: option.trial_end || session.start_at, time_zone: session.time_zone, seller: session.seller, customer };
  }
  return request;
}
