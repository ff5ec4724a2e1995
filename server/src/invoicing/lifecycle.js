'use strict';
// An invoice's life: created (draft) → finalized (open: numbered, frozen, immutable) → paid,
// void or uncollectible; overdue when a send_invoice invoice passes its due date. Each
// transition is one transaction with its outbox event.
const { ApiError, invalidState } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { parseJson } = require('../db/rows');
const { insertRow, updateHeldRow, isHeldRow } = require('../db/held-inserts');
const { findCustomer, customerNow } = require('../customers/customers');
const { readSettings, takeNumber } = require('../settings/seller-settings');
const { coreInstant } = require('../subscriptions/calendar');
const { computeInvoice, isZeroAmount, CORE_VERSION } = require('./core-invoice');
const { presentInvoice, lockInvoice } = require('./invoices');
const { isPositive } = require('./amounts');
const { activateIncompleteSubscription } = require('../subscriptions/activation');
const { requestWithCustomerBalance, recordInvoiceBalanceMovements } = require('../balances/apply');
const { issueInvoiceLink } = require('./invoice-links');

/// Computes `request` with the core and stores it as a draft invoice of `customer` (a row), with
/// invoice.created; finalizes it at once when `finalize` is true. Returns the stored row.
async function createInvoice(trx, services, {
  id = newId('in'), customer, request, billingReason, collectionMethod, daysUntilDue, oneOffLines = [], moment = null,
  periodStart = null, periodEnd = null, runId = null, finalizeAt = null, finalize = false, metadata = {}, pathMap = [],
}) {
  const { core, clock } = services;
  const computed = computeInvoice(core, request, pathMap);
  const now = toInstant(clock.now());
  const row = {
    id, number: null, customer_id: customer.id, status: 'draft', billing_reason: billingReason,
    currency: customer.currency, collection_method: collectionMethod,
    days_until_due: collectionMethod === 'send_invoice' ? daysUntilDue : null,
    billing_moment: moment, period_start: periodStart, period_end: periodEnd, one_off_lines: JSON.stringify(oneOffLines),
    ...computedColumns(request, computed), customer_details: null, seller_details: null,
    finalize_at: finalizeAt, finalized_at: null, due_at: null, overdue_at: null, paid_at: null, paid_out_of_band: 0,
    payment_reference: null, voided_at: null, marked_uncollectible_at: null, billing_run_id: runId,
    metadata: JSON.stringify(metadata), created_at: now, updated_at: now,
  };
  await insertRow(trx, 'invoices', row);
  await recordInvoiceEvent(trx, services, 'invoice.created', row);
  return finalize ? finalizeInvoice(trx, services, row, { customer }) : row;
}

/// The columns a core computation fills.
function computedColumns(request, { result, text, hash }) {
  return {
    core_request: JSON.stringify(request), core_result: text, content_hash: hash, core_version: CORE_VERSION,
    subtotal: result.subtotal, discount_total: result.discount_total, tax_total: result.tax_total, total: result.total,
    amount_due: result.amount_due,
  };
}

/// Replaces a draft's core request (an edit) and recomputes it. Returns the new row.
async function recomputeDraft(trx, services, row, request, changes = {}, pathMap = []) {
  if (row.status !== 'draft') throw invalidState(`a ${row.status} invoice cannot change; only drafts can`);
  const next = { ...row, ...changes, ...computedColumns(request, computeInvoice(services.core, request, pathMap)), updated_at: toInstant(services.clock.now()) };
  const { id, ...values } = next;
  await updateInvoiceRow(trx, row.id, values);
  return next;
}

/// Finalizes a draft: takes the next number of the gapless series (in this transaction, so a
/// rollback leaves no gap), freezes the customer's and seller's details, sets the due date, and
/// records invoice.finalized; it gets its hosted page link (invoice-links.js). The customer's balance pays it first (balances/apply.js). An
/// invoice with nothing to collect is paid at once. `known.customer`: the customer's row when
/// the caller read it in this transaction (a billing run), saving a read; `known.number`: its
/// number, when the caller took the batch's numbers in this transaction (takeNumbers);
/// `known.settings`: the seller's settings as read in this transaction; `known.now`: the
/// customer's now as read in this transaction; `known.withBalance`: what
/// requestWithCustomerBalance gave for it in this transaction (finalizeTogether asks before it
/// takes the numbers).
async function finalizeInvoice(trx, services, draft, known = {}) {
  if (draft.status !== 'draft') throw invalidState(`the invoice is ${draft.status}; only a draft can be finalized`);
  const customer = known.customer && known.customer.id === draft.customer_id ? known.customer : await findCustomer(trx, draft.customer_id);
  const customerTime = known.now || await customerNow(trx, customer, services.clock);
  const withBalance = 'withBalance' in known ? known.withBalance : await requestWithCustomerBalance(trx, services, draft, { customer, now: customerTime });
  const row = withBalance ? await recomputeDraft(trx, services, draft, withBalance) : draft;
  const settings = known.settings || await readSettings(trx);
  const now = toInstant(customerTime);
  const changes = {
    status: 'open', number: known.number || await takeNumber(trx, 'invoice'), finalized_at: now, finalize_at: null,
    due_at: dueAt(services.core, row, now, customer.timezone),
    customer_details: JSON.stringify({ name: customer.name, email: customer.email, address: parseJson(customer.address), tax_ids: parseJson(customer.tax_ids) }),
    seller_details: JSON.stringify({ legal_name: settings.legal_name, address: parseJson(settings.address), email: settings.email, tax_ids: parseJson(settings.tax_ids), logo_sha256: settings.logo_sha256 ?? null,
      payment_instructions: settings.payment_instructions ?? null }),
    updated_at: toInstant(services.clock.now()),
  };
  await issueInvoiceLink(trx, services, row, { newInvoice: isHeldRow(trx, 'invoices', row.id), customer });
  let next = await saveTransition(trx, services, row, changes, 'invoice.finalized');
  await recordInvoiceBalanceMovements(trx, services, next);
  if (isZeroAmount(next.amount_due)) next = await saveTransition(trx, services, next, { status: 'paid', paid_at: now }, 'invoice.paid');
  return next;
}

// charge_automatically: due at finalization (the payment is attempted then); send_invoice: the
// payment terms' days later, by the core's calendar in the customer's billing zone.
function dueAt(core, row, finalizedAt, timeZone) {
  if (row.collection_method !== 'send_invoice' || !row.days_until_due) return finalizedAt;
  const { periods: [period] } = core.run({ op: 'periods', start: coreInstant(finalizedAt), interval: 'day', interval_count: row.days_until_due, time_zone: timeZone, count: 1 });
  return new Date(period.end).toISOString();
}

/// Marks an open (or uncollectible) invoice paid: by a payment (`reference`, the payments
/// domain's id) or outside Ratecard (`outOfBand`). Records invoice.paid. Payments reach it
/// through applyToInvoice (./payment-applications.js) once they cover what remains.
async function payInvoice(trx, services, row, { outOfBand, reference = null }) {
  if (!['open', 'uncollectible'].includes(row.status)) throw invalidState(`the invoice is ${row.status}; only an open or uncollectible invoice can be paid`);
  const customer = await findCustomer(trx, row.customer_id);
  const now = toInstant(await customerNow(trx, customer, services.clock));
  const paid = await saveTransition(trx, services, row, { status: 'paid', paid_at: now, paid_out_of_band: outOfBand ? 1 : 0, payment_reference: reference }, 'invoice.paid');
  await activateFirstBilled(trx, services, row.id);
  return paid;
}

// A checkout's subscription waits `incomplete` for its first invoice: paying that invoice
// activates it, in the same transaction. One that expired (or was canceled) first stays so:
// nothing is granted, and the payment is the operator's to refund.
async function activateFirstBilled(trx, services, invoiceId) {
  const firsts = await trx.selectFrom('subscription_billings').select('subscription_id')
    .where('invoice_id', '=', invoiceId).where('kind', '=', 'first').orderBy('subscription_id').execute();
  for (const { subscription_id: subscriptionId } of firsts) {
    try {
      await activateIncompleteSubscription(trx, services, subscriptionId);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'INVALID_STATE') throw error;
    }
  }
}

/// Voids a draft, open or uncollectible invoice (its number, if it has one, stays used).
async function voidInvoice(trx, services, row) {
  if (!['draft', 'open', 'uncollectible'].includes(row.status)) throw invalidState(`a ${row.status} invoice cannot be voided`);
  const { amount_paid: paid } = presentInvoice(row);
  if (isPositive(paid)) throw invalidState(`${paid} ${row.currency} of payments were applied to this invoice: unmatch them (POST /v1/received_payments/:id/unmatch) or let it be paid before crediting it`);
  return saveTransition(trx, services, row, { status: 'void', voided_at: await nowOf(trx, services, row), finalize_at: null }, 'invoice.voided');
}

/// Marks an open invoice uncollectible (it may still be paid later).
async function markUncollectible(trx, services, row) {
  if (row.status !== 'open') throw invalidState(`the invoice is ${row.status}; only an open invoice can be marked uncollectible`);
  return saveTransition(trx, services, row, { status: 'uncollectible', marked_uncollectible_at: await nowOf(trx, services, row) }, 'invoice.marked_uncollectible');
}

/// Marks an open invoice overdue once (invoice.overdue), when its due date has passed.
async function markOverdue(trx, services, row, now) {
  const updated = await trx.updateTable('invoices').set({ overdue_at: now, updated_at: toInstant(services.clock.now()) })
    .where('id', '=', row.id).where('status', '=', 'open').where('overdue_at', 'is', null).executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return null;
  const next = { ...row, overdue_at: now };
  await recordInvoiceEvent(trx, services, 'invoice.overdue', next);
  return next;
}

/// Recomputes a stored invoice from its stored core request and compares the bytes.
function verifyInvoice(core, row) {
  const request = JSON.parse(row.core_request);
  let recomputed;
  try {
    recomputed = computeInvoice(core, request);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { object: 'invoice_verification', invoice: row.id, matches: false, content_hash: row.content_hash, recomputed_hash: null, core_version: CORE_VERSION, stored_core_version: row.core_version, error: error.message };
  }
  return {
    object: 'invoice_verification', invoice: row.id, matches: recomputed.text === row.core_result && recomputed.hash === row.content_hash,
    content_hash: row.content_hash, recomputed_hash: recomputed.hash, core_version: CORE_VERSION, stored_core_version: row.core_version, error: null,
  };
}

async function nowOf(trx, services, row) {
  return toInstant(await customerNow(trx, await findCustomer(trx, row.customer_id), services.clock));
}

async function saveTransition(trx, services, row, changes, eventType) {
  const next = { ...row, ...changes, updated_at: toInstant(services.clock.now()) };
  await updateInvoiceRow(trx, row.id, { ...changes, updated_at: next.updated_at });
  await recordInvoiceEvent(trx, services, eventType, next);
  return next;
}

// An invoice still held back by a billing batch (db/held-inserts.js) changes in memory; any
// other is updated.
async function updateInvoiceRow(trx, id, values) {
  if (updateHeldRow(trx, 'invoices', id, values)) return;
  await trx.updateTable('invoices').set(values).where('id', '=', id).execute();
}

async function recordInvoiceEvent(trx, { clock }, type, row) {
  await recordEvent(trx, { type, object: presentInvoice(row), customerId: row.customer_id }, clock.now());
}

/// Runs `transition(trx, services, row)` on the invoice `id`, locked, in `trx`.
async function onLockedInvoice(trx, services, id, transition) {
  return transition(trx, services, await lockInvoice(trx, services.dialect, id));
}

module.exports = {
  createInvoice, recomputeDraft, finalizeInvoice, payInvoice, voidInvoice, markUncollectible, markOverdue, verifyInvoice, onLockedInvoice,
};
