'use strict';
// Dunning cases (docs/server.md, "Dunning"): one per invoice whose automatic charge failed.
// Only automatic attempts count: the first charge (`invoice:<id>:auto`) and dunning's retries
// (`invoice:<id>:dunning:<n>`); a payment made through the API for the invoice may pay it but
// uses up nothing. Each failed automatic attempt is recorded once (its number is the key),
// mails the customer and emits invoice.payment_failed; the first one makes the invoice's
// active subscriptions past_due. Instants are by the customer's clock (a test clock's).
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { notFound } = require('../http/errors');
const { recordEvent } = require('../outbox/outbox');
const { enqueueMail } = require('../mail/enqueue');
const { enqueueJob } = require('../jobs/queue');
const { findCustomer, customerNow } = require('../customers/customers');
const { findInvoice, lockInvoice, presentInvoice } = require('../invoicing/invoices');
const { PAYABLE } = require('../payments/invoice-payments');
const { invoiceLinkUrl } = require('../invoicing/invoice-links');
const { policyFor } = require('./policies');
const { retryClass } = require('./decline-codes');
const { invoiceSubscriptionIds, markPastDue, markUnpaid, markRecovered, cancelPastDue } = require('./subscription-states');

const DAY_MS = 24 * 60 * 60 * 1000;

const caseSchema = {
  title: 'DunningCase',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'dunning_case' }, invoice: { type: 'string' }, customer: { type: 'string' },
    plan: { type: ['string', 'null'] },
    status: { enum: ['open', 'recovered', 'exhausted', 'closed'], description: 'open: retrying or waiting for the final action; recovered: the invoice was paid; exhausted: the final action was taken; closed: the invoice was voided' },
    attempt_count: { type: 'integer', description: 'Automatic charges that failed (the first one included); manual payments do not count' },
    retry_class: { enum: ['card', 'bank', 'never'], description: "The last failure's schedule: retry_days, bank_retry_days, or never retried" },
    last_payment: { type: ['string', 'null'] }, last_failure_code: { type: ['string', 'null'] }, last_decline_code: { type: ['string', 'null'] },
    first_failed_at: { type: 'string' }, next_attempt_at: { type: ['string', 'null'] },
    final_action: { type: 'string' }, final_action_at: { type: ['string', 'null'] },
    closed_at: { type: ['string', 'null'] }, created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

function presentCase(row) {
  const policy = JSON.parse(row.policy);
  return {
    id: row.id, object: 'dunning_case', invoice: row.invoice_id, customer: row.customer_id, plan: row.plan_id, status: row.status,
    attempt_count: Number(row.attempt_count), retry_class: row.retry_class, last_payment: row.last_payment_id,
    last_failure_code: row.last_failure_code, last_decline_code: row.last_decline_code, first_failed_at: row.first_failed_at,
    next_attempt_at: row.next_attempt_at, final_action: policy.final_action, final_action_at: row.final_action_at,
    closed_at: row.closed_at, created_at: row.created_at, updated_at: row.updated_at,
  };
}

function findCase(executor, invoiceId) {
  return executor.selectFrom('dunning_cases').selectAll().where('invoice_id', '=', invoiceId).executeTakeFirst();
}

/// The dunning case of invoice `invoiceId`, as the API shows it (NOT_FOUND when it has none).
async function showCase(executor, invoiceId) {
  const invoice = await findInvoice(executor, invoiceId);
  const row = await findCase(executor, invoice.id);
  if (!row) throw notFound('dunning case for invoice', invoiceId);
  return presentCase(row);
}

/// The automatic attempt a payment row is ({ invoiceId, attempt }), or null for any other.
function automaticAttempt(payment) {
  const match = /^invoice:(.+):(auto|dunning:(\d+))$/.exec(payment.request_key || '');
  if (!match || match[1] !== payment.invoice_id) return null;
  return { invoiceId: match[1], attempt: match[2] === 'auto' ? 1 : Number(match[3]) };
}

/// Records that automatic attempt `attempt` for invoice `invoiceId` failed with `failure`
/// ({ id?, failure_code, decline_code }), in `trx`. Safe to repeat: an attempt already counted
/// (or a case no longer open, or an invoice no longer payable) changes nothing. An invoice of a
/// subscription still incomplete (a checkout not paid yet) is not dunned.
async function recordAutomaticFailure(trx, services, { invoiceId, attempt, failure }) {
  const invoice = await lockInvoice(trx, services.dialect, invoiceId);
  if (!PAYABLE.includes(invoice.status)) return;
  const subscriptionIds = await invoiceSubscriptionIds(trx, invoice.id);
  const subscriptions = subscriptionIds.length
    ? await trx.selectFrom('subscriptions').select(['id', 'status', 'plan_id']).where('id', 'in', subscriptionIds).orderBy('id').execute() : [];
  if (subscriptions.some((subscription) => subscription.status === 'incomplete')) return;
  const customer = await findCustomer(trx, invoice.customer_id);
  const now = toInstant(await customerNow(trx, customer, services.clock));
  const wallNow = toInstant(services.clock.now());

  let row = await findCase(trx, invoice.id);
  if (row && (row.status !== 'open' || Number(row.attempt_count) >= attempt)) return;
  const opening = !row;
  if (opening) {
    const planId = subscriptions.length ? subscriptions[0].plan_id : null;
    row = {
      id: newId('dun'), invoice_id: invoice.id, customer_id: invoice.customer_id, plan_id: planId,
      policy: JSON.stringify(await policyFor(trx, planId)), status: 'open', attempt_count: 0, retry_class: 'card',
      last_payment_id: null, last_failure_code: null, last_decline_code: null, first_failed_at: now, next_attempt_at: null,
      queued_attempt: null, final_action_at: null, closed_at: null, created_at: wallNow, updated_at: wallNow,
    };
    await trx.insertInto('dunning_cases').values(row).execute();
  }

  const policy = JSON.parse(row.policy);
  const retry = retryClass(failure);
  const days = retry === 'bank' ? policy.bank_retry_days : policy.retry_days;
  const retriesUsed = attempt - 1;
  const nextAttemptAt = retry !== 'never' && retriesUsed < days.length ? addMilliseconds(row.first_failed_at, days[retriesUsed] * DAY_MS) : null;
  // Never retried: the customer has until the schedule's last day to pay another way.
  const graceEnd = policy.retry_days.length ? addMilliseconds(row.first_failed_at, policy.retry_days[policy.retry_days.length - 1] * DAY_MS) : now;
  const finalActionAt = nextAttemptAt ? null : (retry === 'never' && graceEnd > now ? graceEnd : now);
  const changes = {
    attempt_count: attempt, retry_class: retry, last_payment_id: failure.id || null, last_failure_code: failure.failure_code || null,
    last_decline_code: failure.decline_code || null, next_attempt_at: nextAttemptAt, queued_attempt: null, final_action_at: finalActionAt,
    updated_at: wallNow,
  };
  await trx.updateTable('dunning_cases').set(changes).where('id', '=', row.id).execute();
  row = { ...row, ...changes };

  if (opening) await markPastDue(trx, services, subscriptionIds, attempt);
  const presented = presentInvoice(invoice);
  await recordEvent(trx, {
    type: 'invoice.payment_failed', customerId: invoice.customer_id,
    object: { ...presented, attempt_count: attempt, next_payment_attempt: nextAttemptAt, failure_code: changes.last_failure_code, decline_code: changes.last_decline_code },
  }, services.clock.now());
  await enqueueMail(trx, services, {
    template: 'payment.failed', customerId: invoice.customer_id, key: `dunning:${invoice.id}:${attempt}`,
    data: {
      amount: presented.amount_due, currency: invoice.currency, update_payment_method_url: await updateLink(trx, services, policy, invoice),
      ...(invoice.number ? { invoice_number: invoice.number } : {}),
      ...(changes.last_decline_code || changes.last_failure_code ? { failure_reason: (changes.last_decline_code || changes.last_failure_code).replace(/_/g, ' ') } : {}),
      ...(nextAttemptAt ? { next_attempt_at: nextAttemptAt } : {}),
    },
  });
  await actOnDue(trx, services, row, now);
}

// The policy's page, else RATECARD_PAYMENT_UPDATE_URL (each with ?invoice=), else the invoice's
// hosted page, where the customer pays it or puts another card on file.
async function updateLink(trx, services, policy, invoice) {
  const page = policy.update_payment_method_url || services.config.paymentUpdateUrl;
  if (!page) return invoiceLinkUrl(trx, services, invoice);
  const link = new URL(page);
  link.searchParams.set('invoice', invoice.id);
  return link.toString();
}

/// What is due on an open case at the customer's `now`: the next retry (queued once, as the
/// job `dunning.retry` keyed by the invoice and the attempt's number), or the final action.
async function actOnDue(trx, services, row, now) {
  if (row.status !== 'open') return;
  if (row.next_attempt_at && row.next_attempt_at <= now && row.queued_attempt === null) {
    const attempt = Number(row.attempt_count) + 1;
    const queued = await trx.updateTable('dunning_cases').set({ queued_attempt: attempt, updated_at: toInstant(services.clock.now()) })
      .where('id', '=', row.id).where('status', '=', 'open').where('queued_attempt', 'is', null).executeTakeFirst();
    if (Number(queued.numUpdatedRows) !== 1) return;
    await enqueueJob(trx, {
      type: 'dunning.retry', payload: { invoice_id: row.invoice_id, attempt }, id: `job_dunning_retry_${row.invoice_id}_${attempt}`,
    }, services.clock.now());
  } else if (!row.next_attempt_at && row.final_action_at && row.final_action_at <= now) {
    await takeFinalAction(trx, services, row);
  }
}

/// The retries ran out: the case is exhausted and the invoice's past-due subscriptions are
/// canceled or left unpaid, as the policy says.
async function takeFinalAction(trx, services, row) {
  const nowText = toInstant(services.clock.now());
  const updated = await trx.updateTable('dunning_cases').set({ status: 'exhausted', closed_at: nowText, updated_at: nowText })
    .where('id', '=', row.id).where('status', '=', 'open').executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return;
  const ids = await invoiceSubscriptionIds(trx, row.invoice_id);
  if (JSON.parse(row.policy).final_action === 'cancel') await cancelPastDue(trx, services, ids);
  else await markUnpaid(trx, services, ids, row.attempt_count);
}

/// The invoice was paid (by a retry, a manual payment or out of band): its case is recovered
/// and its past-due or unpaid subscriptions are active again (subscription.recovered).
async function recoverCase(trx, services, invoiceId) {
  const row = await findCase(trx, invoiceId);
  if (!row || !['open', 'exhausted'].includes(row.status)) return;
  const nowText = toInstant(services.clock.now());
  await trx.updateTable('dunning_cases').set({ status: 'recovered', next_attempt_at: null, closed_at: nowText, updated_at: nowText })
    .where('id', '=', row.id).where('status', '=', row.status).execute();
  await markRecovered(trx, services, await invoiceSubscriptionIds(trx, invoiceId), row.attempt_count);
}

/// The invoice was voided: nothing more is attempted.
async function closeCase(trx, services, invoiceId) {
  const nowText = toInstant(services.clock.now());
  await trx.updateTable('dunning_cases').set({ status: 'closed', next_attempt_at: null, closed_at: nowText, updated_at: nowText })
    .where('invoice_id', '=', invoiceId).where('status', '=', 'open').execute();
}

module.exports = {
  caseSchema, presentCase, findCase, showCase, automaticAttempt, recordAutomaticFailure, actOnDue, recoverCase, closeCase,
};
