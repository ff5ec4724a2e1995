'use strict';
const { ApiError, invalidState, notFound } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { findPlan } = require('../catalog/plans');
const { validateTimeZone } = require('../customers/time-zone');
const { createCustomer } = require('../customers/customers');
const { createSubscription } = require('../subscriptions/service');
const { billAtSignup } = require('../billing-runs/signup');
const { pinCatalog, pinCoupon, coreInstant } = require('./pinning');
const { quoteRequest } = require('./quote-request');
const { presentCheckoutSession, statusAt } = require('./sessions');
const { taxIdType } = require('./tax-ids');

/// Opens a checkout session for a plan (by id or code): pins the start instant (this second),
/// the ids of the customer and subscription it will create, the plan options with their quote
/// items, the add-ons and the seller's tax settings, and its expiry.
async function createCheckoutSession(trx, services, body) {
  const { core, clock, config } = services;
  const plan = await findPlanByIdOrCode(trx, body);
  if (!Number(plan.active)) throw new ApiError('INVALID_ARGUMENT', `plan ${plan.id} is archived`, body.plan ? '/plan' : '/plan_code');
  const timeZone = body.time_zone ?? 'UTC';
  validateTimeZone(core, timeZone, '/time_zone');
  const now = clock.now();
  const start = coreInstant(now);
  const pinned = await pinCatalog(trx, services, { plan, timeZone, start, couponId: null, now });
  const createdAt = toInstant(now);
  const row = {
    id: newId('cs'), status: 'open', plan_id: plan.id, currency: plan.currency, time_zone: timeZone,
    customer_id: newId('cus'), subscription_id: newId('sub'), start_at: start, pinned: JSON.stringify(pinned),
    success_url: body.success_url ?? null, quote_hash: null, first_invoice: null,
    expires_at: addMilliseconds(createdAt, (body.ttl_seconds ?? config.checkoutTtlSeconds) * 1000),
    completed_at: null, created_at: createdAt, updated_at: createdAt,
  };
  await trx.insertInto('checkout_sessions').values(row).execute();
  const presented = presentCheckoutSession(row, now);
  await recordEvent(trx, { type: 'checkout_session.created', object: presented }, now);
  return presented;
}

async function findPlanByIdOrCode(trx, body) {
  if (body.plan !== undefined) return findPlan(trx, body.plan, '/plan');
  if (body.plan_code === undefined) throw new ApiError('MISSING_FIELD', 'give plan (an id) or plan_code', '/plan');
  const row = await trx.selectFrom('plans').selectAll().where('code', '=', body.plan_code).executeTakeFirst();
  if (!row) throw notFound('plan with code', body.plan_code, '/plan_code');
  return row;
}

/// Applies a coupon code to an open session (checked and pinned by the server), or removes it
/// (`code` null).
async function applyCoupon(trx, { clock }, row, body) {
  const now = clock.now();
  assertOpen(row, now);
  const pinned = JSON.parse(row.pinned);
  pinned.coupon = body.code === null ? null : await pinCoupon(trx, { code: body.code }, pinned, row.currency, now);
  const changes = { pinned: JSON.stringify(pinned), updated_at: toInstant(now) };
  await trx.updateTable('checkout_sessions').set(changes).where('id', '=', row.id).execute();
  return presentCheckoutSession({ ...row, ...changes }, now);
}

/// Completes a session: recomputes the first invoice with the server's core from the session's
/// pinned instant and ids and the catalog as it is now. When its content hash is not the one
/// the buyer was shown (`quote_hash`), nothing is created: the session is pinned anew and
/// { refused: true, session, quote } returned, the quote being the one to show. Otherwise the
/// customer and the subscription are created with the pinned ids and start, and
/// { refused: false, session, quote }.
///
/// The first invoice is issued at once (`billAtSignup`); the quote's `invoice_request` is kept on
/// the session (`first_invoice`).
///
/// With `vault_token` (the card step, payment.js) this places the order only: the subscription
/// is created incomplete, the session stays open with payment_status "unpaid" and the first
/// invoice's id, and { placed: true } is returned for the caller to charge the card once this
/// transaction is committed. A session whose order is placed already (a decline, a retry)
/// creates nothing again: the same quote_hash is required, and { placed: true }.
async function completeCheckoutSession(trx, services, row, body) {
  const { core, clock } = services;
  const now = clock.now();
  assertOpen(row, now);
  if (row.payment_status) return orderPlacedAlready(row, body, now);
  const previous = JSON.parse(row.pinned);
  const plan = await findPlan(trx, row.plan_id);
  if (!Number(plan.active)) throw invalidState(`plan ${plan.id} was archived; start a new checkout`);
  const pinned = await pinCatalog(trx, services, {
    plan, timeZone: row.time_zone, start: row.start_at, couponId: previous.coupon && previous.coupon.id, now,
  });
  const session = { ...row, pinned };
  const choice = {
    plan: body.plan, quantity: body.quantity ?? '1', add_ons: (body.add_ons || []).map((a) => ({ add_on: a.add_on, quantity: a.quantity ?? '1' })),
    tax: body.billing,
  };
  let request;
  try {
    request = quoteRequest(session, choice);
  } catch (error) {
    if (error instanceof Error) throw error;
    throw new ApiError('INVALID_ARGUMENT', error.message, error.path);
  }
  const quote = core.run(request, [['/tax/customer', '/billing']]);
  const changed = { pinned: JSON.stringify(pinned), updated_at: toInstant(now) };
  if (quote.invoice.content_hash !== body.quote_hash) {
    await trx.updateTable('checkout_sessions').set(changed).where('id', '=', row.id).execute();
    return { refused: true, session: presentCheckoutSession({ ...row, ...changed }, now, quote), quote };
  }

  const { billing } = body;
  const address = { country: billing.country };
  if (billing.region) address.state = billing.region;
  if (billing.postal_code) address.postal_code = billing.postal_code;
  await createCustomer(trx, services, {
    name: billing.name, email: billing.email, currency: row.currency, timezone: row.time_zone, address,
    tax_ids: billing.tax_id ? [{ type: taxIdType(billing.country), value: billing.tax_id }] : [],
    metadata: { checkout_session: row.id },
  }, { id: row.customer_id });
  const withCard = body.vault_token !== undefined;
  await createSubscription(trx, services, {
    customer: row.customer_id, plan: choice.plan, quantity: choice.quantity,
    add_ons: choice.add_ons, ...(pinned.coupon ? { coupon: pinned.coupon.id } : {}),
    ...(withCard ? { payment_behavior: 'default_incomplete' } : {}),
  }, { id: row.subscription_id, start: toInstant(new Date(row.start_at)) });
  const invoice = await billAtSignup(trx, services, row.subscription_id); // the first invoice, as POST /v1/subscriptions issues it
  const placed = {
    ...changed, quote_hash: quote.invoice.content_hash,
    first_invoice: JSON.stringify({ invoice_request: quote.invoice_request, content_hash: quote.invoice.content_hash }),
  };
  const completed = withCard
    ? { ...placed, payment_status: 'unpaid', invoice_id: invoice ? invoice.id : null }
    : { ...placed, status: 'complete', completed_at: toInstant(now) };
  await trx.updateTable('checkout_sessions').set(completed).where('id', '=', row.id).execute();
  const presented = presentCheckoutSession({ ...row, ...completed }, now, quote);
  if (!withCard) await recordEvent(trx, { type: 'checkout_session.completed', object: presented, customerId: row.customer_id }, now);
  return { refused: false, placed: withCard, session: presented, quote };
}

// A completion of a session whose order is placed and not yet paid: only the card may change.
function orderPlacedAlready(row, body, now) {
  if (body.quote_hash !== row.quote_hash) {
    throw new ApiError('INVALID_STATE', 'the order of this checkout is placed with another quote; only the card can change now', '/quote_hash');
  }
  if (body.vault_token === undefined) throw new ApiError('MISSING_FIELD', 'is required: the order is placed and waits for a card', '/vault_token');
  return { refused: false, placed: true, session: presentCheckoutSession(row, now), quote: null };
}

function assertOpen(row, now) {
  const status = statusAt(row, now);
  if (status === 'complete') throw invalidState('this checkout is already complete');
  if (status === 'expired') throw invalidState(`this checkout session expired at ${row.expires_at}; start a new checkout`);
}

module.exports = { createCheckoutSession, applyCoupon, completeCheckoutSession };
