'use strict';
// Money applied to invoices: a payment through Ratecard, or money received outside it
// (reconciliation/), pays part or all of an open invoice. Each source applies to an invoice at
// most once (a unique key), never beyond what remains; what it pays in full becomes paid
// (invoice.paid) in the same transaction.
const { invalidState } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { lockInvoice, presentInvoice } = require('./invoices');
const { payInvoice } = require('./lifecycle');
const { addAmounts, subtractAmounts, minAmount, isZero, zeroLike } = require('./amounts');

const PAYABLE = ['open', 'uncollectible'];

/// Applies up to `amount` (a core amount in `currency`) from source `sourceType`/`sourceId` to
/// invoice `invoiceId`, in transaction `trx`: no more than the invoice's amount_remaining, and
/// nothing to an invoice that is not open or uncollectible, or in another currency. When nothing
/// remains the invoice is paid (by a payment through Ratecard, or out of band). A source that
/// already applied to this invoice applies nothing more. Returns { applied, invoice (the row) }.
async function applyToInvoice(trx, services, { invoiceId, sourceType, sourceId, amount, currency }) {
  const row = await lockInvoice(trx, services.dialect, invoiceId);
  const none = { applied: zeroLike(amount), invoice: row };
  const earlier = await trx.selectFrom('invoice_payment_applications').select('id')
    .where('invoice_id', '=', invoiceId).where('source_type', '=', sourceType).where('source_id', '=', sourceId).executeTakeFirst();
  if (earlier || !PAYABLE.includes(row.status) || row.currency !== currency) return none;
  const { amount_paid: paidBefore, amount_remaining: remainingBefore } = presentInvoice(row);
  const applied = minAmount(amount, remainingBefore);
  if (isZero(applied)) return none;
  const now = toInstant(services.clock.now());
  await trx.insertInto('invoice_payment_applications').values({
    id: newId('ipa'), invoice_id: invoiceId, customer_id: row.customer_id, source_type: sourceType, source_id: sourceId,
    amount: applied, currency, created_at: now,
  }).execute();
  const amounts = { amount_paid: addAmounts(paidBefore, applied), amount_remaining: subtractAmounts(remainingBefore, applied) };
  await trx.updateTable('invoices').set({ ...amounts, updated_at: now }).where('id', '=', invoiceId).execute();
  let invoice = { ...row, ...amounts, updated_at: now };
  if (isZero(amounts.amount_remaining)) {
    invoice = await payInvoice(trx, services, invoice, { outOfBand: sourceType !== 'payment', reference: sourceId });
  }
  return { applied, invoice };
}

/// Takes back what source `sourceType`/`sourceId` applied to invoices, in `trx`: each invoice's
/// amount_paid goes down again. INVALID_STATE (409), changing nothing, when one of them is no
/// longer open or uncollectible (paid, void): its money is then taken back with a credit note.
async function withdrawApplications(trx, services, { sourceType, sourceId }) {
  const applications = await applicationsOf(trx, sourceType, [sourceId]);
  const now = toInstant(services.clock.now());
  for (const application of applications) {
    const row = await lockInvoice(trx, services.dialect, application.invoice_id);
    if (!PAYABLE.includes(row.status)) {
      throw invalidState(`invoice ${row.number || row.id} is ${row.status}; money applied to it is taken back with a credit note, not by unmatching`);
    }
    const { amount_paid: paid, amount_remaining: remaining } = presentInvoice(row);
    await trx.updateTable('invoices').set({
      amount_paid: subtractAmounts(paid, application.amount), amount_remaining: addAmounts(remaining, application.amount), updated_at: now,
    }).where('id', '=', row.id).execute();
    await trx.deleteFrom('invoice_payment_applications').where('id', '=', application.id).execute();
  }
  return applications;
}

/// The applications of the sources `sourceIds` of one type, oldest first, each with its
/// invoice's number, status and amount remaining (`invoice_remaining`).
async function applicationsOf(executor, sourceType, sourceIds) {
  if (!sourceIds.length) return [];
  const applications = await executor.selectFrom('invoice_payment_applications').selectAll()
    .where('source_type', '=', sourceType).where('source_id', 'in', sourceIds).orderBy('id').execute();
  if (!applications.length) return [];
  const invoiceIds = [...new Set(applications.map((application) => application.invoice_id))];
  const invoices = new Map((await executor.selectFrom('invoices').selectAll().where('id', 'in', invoiceIds).execute())
    .map((row) => [row.id, presentInvoice(row)]));
  return applications.map((application) => {
    const invoice = invoices.get(application.invoice_id);
    return { ...application, number: invoice.number, status: invoice.status, invoice_remaining: invoice.amount_remaining };
  });
}

module.exports = { applyToInvoice, withdrawApplications, applicationsOf, PAYABLE };
