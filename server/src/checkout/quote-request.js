'use strict';
// The one rule that turns a checkout session's pinned inputs and the buyer's choices into the
// core's `quote` request. The browser applies the same rule (web/src/checkout/quote-request.ts)
// to quote live; the server applies this one on submit, with the native core, and the two
// content hashes must match byte for byte, or the submit is refused with the server's quote.

/// `session`: { customer_id, subscription_id, currency, time_zone, start_at, pinned };
/// `choice`: { plan, quantity, add_ons: [{ add_on, quantity }], tax: { country, region,
/// postal_code, tax_id } or null }. Returns the request, or throws { path, message } for a
/// choice the session does not offer.
function quoteRequest(session, choice) {
  const { pinned } = session;
  const option = pinned.plans.find((plan) => plan.plan === choice.plan);
  if (!option) throw { path: '/plan', message: `plan ${choice.plan} is not offered by this checkout session` };
  const schedule = {
    start: session.start_at, interval: option.interval, interval_count: option.interval_count, time_zone: session.time_zone,
  };
  if (option.trial_end) schedule.trial_end = option.trial_end;
  const request = {
    op: 'quote',
    customer: { id: session.customer_id, currency: session.currency },
    schedule,
    items: option.items.map((item) => (item.type === 'fixed' ? { ...item, quantity: choice.quantity } : item)),
    add_ons: choice.add_ons.map(({ add_on: id, quantity }, index) => {
      const addOn = pinned.add_ons.find((offered) => offered.add_on === id);
      if (!addOn) throw { path: `/add_ons/${index}/add_on`, message: `add-on ${id} is not offered by this checkout session` };
      return { ...addOn.item, quantity };
    }),
    subscription_id: session.subscription_id,
  };
  if (pinned.coupon) request.coupon = pinned.coupon.core;
  if (choice.tax && choice.tax.country) {
    const customer = { country: choice.tax.country };
    for (const field of ['region', 'postal_code', 'tax_id']) if (choice.tax[field]) customer[field] = choice.tax[field];
    // The tax point is the first invoice's date: when billing starts.
    request.tax = { tax_point: option.trial_end || session.start_at, time_zone: session.time_zone, seller: pinned.seller, customer };
  }
  return request;
}

module.exports = { quoteRequest };
