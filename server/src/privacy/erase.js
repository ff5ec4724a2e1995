'use strict';
// Erasing a customer's personal data on request (POST /v1/customers/:id/erase). Each domain
// scrubs its own tables (an `erasure.js` in its folder); this file checks the request, gathers
// the personal values whose copies must go, and calls the domains in one transaction. Frozen
// invoices and credit notes (their customer details, core requests and documents) stay, as the
// law requires of issued invoices; payments, refunds and usage aggregates stay (the books).
const { invalidState, notFound } = require('../http/errors');
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { ENDED_STATUSES } = require('../subscriptions/change');
const { customerPersonalValues, eraseCustomerRecord } = require('../customers/erasure');
const { eraseCheckoutSessions } = require('../checkout/erasure');
const { mailPersonalValues, eraseMail } = require('../mail/erasure');
const { eraseUsageProperties } = require('../usage/erasure');
const { fraudPersonalValues, eraseFraudDecisions } = require('../fraud/erasure');
const { provisioningPersonalValues, eraseProvisioning } = require('../provisioning/erasure');
const { eraseWorkflowRuns } = require('../workflows/erasure');
const { eraseEventCopies } = require('../outbox/erasure');
const { eraseDeliveryLogs } = require('../webhooks/erasure');
const { revokeCustomerPortalSessions } = require('../auth/erasure');
const { deleteInvoiceLinks } = require('../invoicing/erasure');
const { eraseStoredResponses } = require('../idempotency/erasure');
const { paymentPersonalValues, erasePaymentMethods } = require('../payments/erasure');
const { eraseAuditEntries } = require('../audit/erasure');
const { createRedactor } = require('./redactor');

// Locked against other changes of the customer, but not against rows that merely reference it
// (a payment or a balance entry inserted meanwhile takes a key-share lock on the customer: with
// FOR UPDATE, a job holding a row the erasure reaches later while inserting such a row
// deadlocked with it).
async function lockCustomer(trx, dialect, id) {
  let query = trx.selectFrom('customers').selectAll().where('id', '=', id);
  if (dialect === 'postgres') query = query.forNoKeyUpdate();
  const customer = await query.executeTakeFirst();
  if (!customer) throw notFound('customer', id);
  return customer;
}

/// Refuses (409 INVALID_STATE) a customer erased already, with a subscription not ended, or with
/// a draft invoice (finalizing it later would freeze the erased details on an issued invoice).
async function assertErasable(trx, customer) {
  if (customer.erased_at) throw invalidState(`customer ${customer.id} was erased at ${customer.erased_at}`);
  const running = await trx.selectFrom('subscriptions').select('id').where('customer_id', '=', customer.id)
    .where('status', 'not in', ENDED_STATUSES).orderBy('id').execute();
  if (running.length) {
    throw invalidState(`customer ${customer.id} has subscriptions that have not ended (${running.map((row) => row.id).join(', ')}): cancel them first`);
  }
  const drafts = await trx.selectFrom('invoices').select('id').where('customer_id', '=', customer.id).where('status', '=', 'draft').orderBy('id').execute();
  if (drafts.length) {
    throw invalidState(`customer ${customer.id} has draft invoices (${drafts.map((row) => row.id).join(', ')}): finalize or void them first`);
  }
}

/// Every personal value of the customer that copies may hold, gathered before anything is
/// scrubbed.
async function personalValues(trx, customer) {
  return [
    ...customerPersonalValues(customer),
    ...await provisioningPersonalValues(trx, customer.id),
    ...await fraudPersonalValues(trx, customer.id),
    ...await paymentPersonalValues(trx, customer.id),
    ...await mailPersonalValues(trx, customer.id),
  ];
}

/// Erases customer `id`'s personal data in one transaction and records customer.erased; the
/// vault forgets its cards through jobs committed with it. Returns the CustomerErasure object.
async function eraseCustomer(services, id) {
  const { db, dialect, clock } = services;
  return db.transaction().execute(async (trx) => {
    const customer = await lockCustomer(trx, dialect, id);
    await assertErasable(trx, customer);
    const clockNow = clock.now();
    const erasure = { customerId: id, now: toInstant(clockNow), services, redactor: createRedactor(await personalValues(trx, customer)) };
    const provisioning = await eraseProvisioning(trx, erasure);
    const scrubbed = {
      checkout_sessions: await eraseCheckoutSessions(trx, erasure),
      mail_messages: await eraseMail(trx, erasure),
      usage_events: await eraseUsageProperties(trx, erasure),
      fraud_decisions: await eraseFraudDecisions(trx, erasure),
      account_users: provisioning.account_users,
      orders: provisioning.orders,
      workflow_runs: await eraseWorkflowRuns(trx, erasure),
      events: await eraseEventCopies(trx, erasure),
      webhook_attempts: await eraseDeliveryLogs(trx, erasure),
      idempotency_responses: await eraseStoredResponses(trx, erasure),
      audit_entries: await eraseAuditEntries(trx, erasure),
    };
    const revoked = {
      portal_sessions: await revokeCustomerPortalSessions(trx, erasure),
      invoice_links: await deleteInvoiceLinks(trx, erasure),
      access_keys: provisioning.access_keys_revoked,
    };
    const vaultDeletions = await erasePaymentMethods(trx, erasure);
    const erased = await eraseCustomerRecord(trx, customer, erasure.now);
    await recordEvent(trx, { type: 'customer.erased', object: erased, customerId: id }, clockNow);
    return {
      object: 'customer_erasure', customer: erased, erased_at: erasure.now, scrubbed, revoked,
      payment_methods_detached: vaultDeletions,
    };
  });
}

module.exports = { eraseCustomer };
