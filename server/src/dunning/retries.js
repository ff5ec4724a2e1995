'use strict';
// Dunning's jobs (docs/server.md, "Dunning"): finding the cases whose next retry or final
// action is due by their customer's clock, and making a retry. A retry charges the invoice with
// the request key `invoice:<id>:dunning:<n>`: a run after a crash (or a second run of the job)
// finds the payment already made instead of charging again.
const { sql } = require('kysely');
const { ApiError } = require('../http/errors');
const { toInstant, addMilliseconds } = require('../time');
const { inTransaction } = require('../db/rows');
const { scheduleRecurringJob } = require('../jobs/queue');
const { findCustomer, customerNow } = require('../customers/customers');
const { findInvoice, presentInvoice } = require('../invoicing/invoices');
const { PAYABLE } = require('../payments/invoice-payments');
const { payInvoice } = require('../payments/payments');
const { findCase, actOnDue, recordAutomaticFailure, closeCase } = require('./cases');

const RUN_DUE_INTERVAL_MS = 60 * 1000;

/// Open cases with a retry not queued yet or a final action, due by `until` (a test clock's
/// customers: by the clock's frozen time); only those on test clock `testClockId` when given.
async function dueCaseIds(db, { until, testClockId = null }) {
  const { rows } = await sql`
    select d.id from dunning_cases d
      join customers c on c.id = d.customer_id
      left join test_clocks tc on tc.id = c.test_clock_id
     where d.status = 'open'
       and ((d.next_attempt_at is not null and d.queued_attempt is null and d.next_attempt_at <= coalesce(tc.frozen_time, ${until}))
         or (d.next_attempt_at is null and d.final_action_at is not null and d.final_action_at <= coalesce(tc.frozen_time, ${until})))
       ${testClockId ? sql`and c.test_clock_id = ${testClockId}` : sql``}
     order by d.id`.execute(db);
  return rows.map((row) => row.id);
}

/// Acts on every due case, each in its own transaction.
async function actOnDueCases(services, { until, testClockId = null }) {
  for (const id of await dueCaseIds(services.db, { until, testClockId })) {
    await inTransaction(services.db, async (trx) => {
      const row = await trx.selectFrom('dunning_cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const customer = await findCustomer(trx, row.customer_id);
      await actOnDue(trx, services, row, toInstant(await customerNow(trx, customer, services.clock)));
    });
  }
}

/// Recurring, every minute: acts on the cases due now.
async function runDueDunning(payload, services) {
  const now = toInstant(services.now || services.clock.now());
  await actOnDueCases(services, { until: now });
  return { rescheduleAt: addMilliseconds(now, RUN_DUE_INTERVAL_MS) };
}

/// After a test clock moved (queued by the outbox on test_clock.advancing): acts on the cases
/// of its customers due by its new time.
async function runDueDunningForClock({ test_clock_id: testClockId }, services) {
  await actOnDueCases(services, { until: toInstant(services.clock.now()), testClockId });
  return {};
}

/// Job `dunning.retry` { invoice_id, attempt }: charges the invoice's amount due to the
/// customer's default payment method, as automatic attempt `attempt`. Without a default
/// payment method the attempt fails as `no_payment_method`; an invoice no longer payable
/// closes the case. A payment that needs the customer (3-D Secure) counts as failed
/// (`authentication_required`): a confirmation later still pays the invoice. While another
/// payment of the invoice is on its way, the attempt charges nothing and fails as
/// `payment_in_progress`.
async function retryInvoice({ invoice_id: invoiceId, attempt }, services) {
  const { db } = services;
  const row = await findCase(db, invoiceId);
  if (!row || row.status !== 'open' || Number(row.queued_attempt) !== attempt) return {};
  const invoice = await findInvoice(db, invoiceId);
  if (!PAYABLE.includes(invoice.status)) {
    await inTransaction(db, (trx) => closeCase(trx, services, invoiceId));
    return {};
  }
  const method = await db.selectFrom('payment_methods').select('id')
    .where('customer_id', '=', invoice.customer_id).where('is_default', '=', 1).where('status', '=', 'active').executeTakeFirst();
  const fail = (failureCode, id = null) => inTransaction(db, (trx) => recordAutomaticFailure(trx, services, {
    invoiceId, attempt, failure: { id, failure_code: failureCode, decline_code: null },
  }));
  if (!method) {
    await fail('no_payment_method');
    return {};
  }
  let payment;
  try {
    payment = await payInvoice(services, {
      id: invoice.id, customer_id: invoice.customer_id, amount_due: presentInvoice(invoice).amount_remaining, currency: invoice.currency,
    }, { requestKey: `invoice:${invoice.id}:dunning:${attempt}` });
  } catch (error) {
    // Another payment of the invoice (the hosted page, a manual one) is on its way: this
    // attempt charges nothing; that payment's success closes the case.
    if (!(error instanceof ApiError) || error.code !== 'PAYMENT_IN_PROGRESS') throw error;
    await fail('payment_in_progress');
    return {};
  }
  if (payment.status === 'requires_action') await fail('authentication_required', payment.id);
  return {};
}

async function scheduleDunningJobs(db, now) {
  await scheduleRecurringJob(db, { id: 'job_recurring_dunning_run_due', type: 'dunning.run_due' }, now);
}

const DUNNING_HANDLERS = {
  'dunning.run_due': runDueDunning,
  'dunning.run_due_for_clock': runDueDunningForClock,
  'dunning.retry': retryInvoice,
};

module.exports = { DUNNING_HANDLERS, scheduleDunningJobs, actOnDueCases };
