'use strict';
// Payments: charge a customer's card for an amount (optionally for an invoice), confirm one
// that needed 3-D Secure, and read them back.
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { ApiError, notFound, invalidState, invalidArgument } = require('../http/errors');
const { enqueueJob } = require('../jobs/queue');
const { checkPayableInvoice, checkInvoiceRoom, PAYABLE } = require('./invoice-payments');
const { findInvoice, presentInvoice } = require('../invoicing/invoices');
const { findCustomer } = require('../customers/customers');
const { paymentServices, gatewayTakes } = require('./settings');
const { readAmount, sumAmounts } = require('./money');
const { currentRouting, chooseRoute } = require('./routing');
const { paymentMethodToCharge, defaultAwaitsVerification } = require('./payment-methods');
const { drivePayment, newAttempt, attemptsOf, latestAttempt, recordPaymentEvent } = require('./orchestration');
const { confirmCharge } = require('./gateway-client');
const { lookup } = require('./outcomes');
const { presentPayment } = require('./presenters');
const { assess, recordDecision } = require('../fraud/decisions');

/// Creates and drives a payment: { customer, amount, currency, payment_method?, invoice?,
/// metadata?, ip_address?, capture_method? }. A payment of an invoice is refused (409
/// PAYMENT_IN_PROGRESS) while other payments of it on their way leave less than its amount to
/// pay (invoice-payments.js checkInvoiceRoom). `capture_method: "manual"` (cards only) only
/// authorizes: the payment ends `requires_capture` (captures.js). The fraud rules decide first (fraud/): a blocked payment fails
/// with `fraud_blocked` and a held one is `requires_review`, neither sent to a gateway.
/// `requestKey` (the caller's scope and Idempotency-Key) makes a retry of the
/// same request, even after a crash, find the payment already made instead of making another.
async function createPayment(services, body, { requestKey = null } = {}) {
  const { db, core, config, clock } = services;
  if (requestKey) {
    const existing = await db.selectFrom('payments').select('id').where('request_key', '=', requestKey).executeTakeFirst();
    if (existing) return showPayment(db, await drivePayment(services, existing.id, { recovering: true }));
  }
  const customer = await findCustomer(db, body.customer, '/customer');
  const amount = readAmount(core, body.currency, body.amount, '/amount');
  if (body.invoice) await checkPayableInvoice(db, { invoiceId: body.invoice, customerId: customer.id, currency: body.currency });
  const method = await paymentMethodToCharge(db, customer.id, body.payment_method);
  const captureMethod = body.capture_method || 'automatic';
  if (captureMethod === 'manual' && method.type !== 'card') throw invalidArgument('only a card payment can be captured manually', '/capture_method');
  const configured = paymentServices(config).gateways;
  const routing = await currentRouting(db, config);
  const address = customer.address ? JSON.parse(customer.address) : null;
  let route;
  if (method.type === 'us_bank_account') {
    // A bank account is debited where it was verified, in US dollars; never failed over.
    if (body.currency !== 'USD') throw invalidArgument('must be USD for a US bank account', '/currency');
    route = configured.has(method.gateway) ? [method.gateway] : [];
  } else {
    const chosen = chooseRoute(core, routing, {
      amount, currency: body.currency, brand: method.brand, country: address && address.country, method: 'card',
    });
    route = chosen.gateways.filter((name) => configured.has(name) && gatewayTakes(configured.get(name), 'card'));
  }
  if (!route.length) throw new ApiError('PAYMENTS_UNAVAILABLE', 'no configured gateway is on this payment\'s route (GET /v1/payment_routing)');
  const fraud = await assess(db, services, {
    customer, fingerprint: method.fingerprint, cardCountry: method.card_country, amount, currency: body.currency, ip: body.ip_address,
  });
  const held = { block: 'failed', review: 'requires_review' }[fraud.result.outcome];

  const id = await db.transaction().execute(async (trx) => {
    const now = toInstant(clock.now());
    const payment = {
      id: newId('pay'), customer_id: customer.id, payment_method_id: method.id, invoice_id: body.invoice || null,
      description: null, amount, currency: body.currency, status: held || 'processing', route: JSON.stringify(route),
      routing_version: routing.version, gateway: null, gateway_charge_id: null, failure_code: held === 'failed' ? 'fraud_blocked' : null, decline_code: null,
      next_action: null, amount_refunded: sumAmounts(core, body.currency, []), disputed: 0, request_key: requestKey,
      capture_method: captureMethod, amount_authorized: captureMethod === 'manual' ? amount : null,
      metadata: JSON.stringify(body.metadata || {}), created_at: now, updated_at: now,
    };
    if (body.invoice && held !== 'failed') await checkInvoiceRoom(trx, services, { invoiceId: body.invoice, amount });
    await trx.insertInto('payments').values(payment).execute();
    await recordDecision(trx, services, fraud, { kind: 'charge', paymentId: payment.id });
    if (held === 'failed') await recordPaymentEvent(trx, services, payment.id, 'payment.failed');
    if (held) return payment.id;
    await trx.insertInto('payment_attempts').values(newAttempt(payment.id, 1, route[0], now)).execute();
    // Should this process die before the outcome is recorded, the job settles the payment.
    await enqueueJob(trx, {
      type: 'payment.recover', payload: { payment_id: payment.id }, id: `job_payment_recover_${payment.id}`,
      runAt: addMilliseconds(now, config.payments.recoveryDelayMs),
    }, clock.now());
    return payment.id;
  });
  return showPayment(db, await drivePayment(services, id));
}

/// A charge's status after 3-D Secure that settles the payment: its attempt's status and event.
const CONFIRMED = {
  succeeded: { attempt: 'succeeded', event: 'payment.succeeded' },
  requires_capture: { attempt: 'authorized', event: 'payment.requires_capture' },
};
const confirmed = (status) => (Object.hasOwn(CONFIRMED, status) ? CONFIRMED[status] : null);

/// After the customer completed (or abandoned) 3-D Secure: asks the gateway to go on with the
/// charge. Succeeds (or is authorized, `requires_capture`, when captured manually), or fails as
/// a decline (no other gateway is tried).
async function confirmPayment(services, paymentId) {
  const { db, config, clock } = services;
  const payment = await findPaymentRow(db, paymentId);
  if (payment.status !== 'requires_action') throw invalidState(`the payment is ${payment.status}; only one that requires action can be confirmed`);
  if (payment.invoice_id) {
    await db.transaction().execute((trx) => checkInvoiceRoom(trx, services, { invoiceId: payment.invoice_id, amount: payment.amount, except: payment.id }));
  }
  const attempt = await latestAttempt(db, paymentId);
  const answer = await confirmCharge(config, { gateway: attempt.gateway, chargeId: payment.gateway_charge_id, idempotencyKey: `${attempt.idempotency_key}_confirm` });
  let result = null;
  if (answer.outcome === 'response' && answer.status === 200 && confirmed(answer.body.status)) result = { status: answer.body.status };
  else if (answer.outcome === 'response' && answer.status === 402) result = { status: 'failed', failure_code: answer.body.error.code, decline_code: answer.body.error.decline_code || null };
  else {
    const found = await lookup(config, { gateway: attempt.gateway, idempotencyKey: attempt.idempotency_key });
    if (found.kind === 'charged' && confirmed(found.charge.status)) result = { status: found.charge.status };
    else if (found.kind === 'declined') result = { status: 'failed', failure_code: found.failureCode, decline_code: found.declineCode };
  }
  if (!result) throw new ApiError('PAYMENTS_UNAVAILABLE', 'the gateway did not confirm the payment yet; retry the confirmation');
  await db.transaction().execute(async (trx) => {
    const now = toInstant(clock.now());
    const updated = await trx.updateTable('payments').set({ ...result, next_action: null, updated_at: now })
      .where('id', '=', paymentId).where('status', '=', 'requires_action').executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return;
    await trx.updateTable('payment_attempts').set({
      status: confirmed(result.status) ? confirmed(result.status).attempt : 'declined', failure_code: result.failure_code || null,
      decline_code: result.decline_code || null, updated_at: now,
    }).where('id', '=', attempt.id).execute();
    await recordPaymentEvent(trx, services, paymentId, confirmed(result.status) ? confirmed(result.status).event : 'payment.failed');
  });
  return showPayment(db, await findPaymentRow(db, paymentId));
}

/// The job that settles a payment whose outcome is not recorded (its process died, or the
/// gateway's answer was unknown): asks the gateway by idempotency key first. It fails, and so
/// is retried with backoff, while the outcome stays unknown.
async function recoverPayment({ payment_id: paymentId }, services) {
  const payment = await drivePayment(services, paymentId, { recovering: true });
  if (payment.status === 'processing') throw new Error(`payment ${paymentId}: the gateway's outcome is still unknown`);
  return {};
}

/// The seam for invoicing: pays invoice { id, customer_id, amount_due, currency } with the
/// customer's default card (or `paymentMethod`). The payment carries the invoice's id, and its
/// payment.succeeded / payment.failed events name it. `requestKey` (say "invoice:<id>:<try>")
/// makes a retry after a crash find the payment instead of making a second one.
function payInvoice(services, invoice, { paymentMethod = null, requestKey = null } = {}) {
  return createPayment(services, {
    customer: invoice.customer_id, amount: invoice.amount_due, currency: invoice.currency, invoice: invoice.id,
    ...(paymentMethod ? { payment_method: paymentMethod } : {}),
  }, { requestKey });
}

/// Job `invoice.charge` (queued when an invoice collected automatically is finalized): pays the
/// invoice's amount due with the customer's default payment method, once: the request key makes
/// a run after a crash find the payment already made. An invoice no longer payable, or with
/// another payment on its way, is left, as is one whose customer's default is a bank account
/// awaiting its micro-deposits (its verification queues the debit: bank-debits.js).
async function chargeInvoice({ invoice_id: invoiceId }, services) {
  const row = await findInvoice(services.db, invoiceId);
  if (!PAYABLE.includes(row.status)) return {};
  if (await defaultAwaitsVerification(services.db, row.customer_id)) return {};
  // What remains: payments already applied (partial ones) are not charged again.
  const { amount_remaining: amountDue } = presentInvoice(row);
  try {
    await payInvoice(services, { id: row.id, customer_id: row.customer_id, amount_due: amountDue, currency: row.currency }, { requestKey: `invoice:${row.id}:auto` });
  } catch (error) {
    // Another payment of the invoice (the hosted page, a manual one) is on its way: it settles it.
    if (!(error instanceof ApiError) || error.code !== 'PAYMENT_IN_PROGRESS') throw error;
  }
  return {};
}

async function findPaymentRow(executor, id) {
  const row = await executor.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('payment', id);
  return row;
}

async function showPayment(db, row) {
  return presentPayment(row, await attemptsOf(db, row.id));
}

module.exports = { createPayment, confirmPayment, recoverPayment, payInvoice, chargeInvoice, findPaymentRow, showPayment };
