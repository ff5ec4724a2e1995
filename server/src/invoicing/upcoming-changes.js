'use strict';
// The upcoming invoice with proposed subscription changes: each change is made by the
// subscriptions domain's own services (the ones POST /v1/subscriptions/:id/change and
// /cancel run), in a transaction that is always rolled back, and the upcoming invoice is
// computed inside it. Whatever the changes write (subscription rows, prorations, outbox events
// and their delivery jobs) and every row lock they take end with the rollback: nothing is
// stored, and the invoice is what the next billing run would issue had the changes been made now.
const { ApiError, notFound } = require('../http/errors');
const { findCustomer } = require('../customers/customers');
const { findSubscription } = require('../subscriptions/subscriptions');
const { changeSubscription } = require('../subscriptions/change-service');
const { cancel } = require('../subscriptions/service');
const { upcomingInvoice } = require('./upcoming');

const CHANGE_FIELDS = ['plan', 'quantity', 'add_ons'];

/// The customer's upcoming invoice as it would be with `subscriptionChanges` made now, in order
/// ([{ subscription, ...a change body, or cancel: a cancellation body }]); when the next moment
/// gives several invoices, the one billing the first subscription changed. `actor` is the
/// request's principal: a portal session proposes only its own customer's changes, and only
/// those its plans' portal policy allows. Errors of the i-th change point under
/// /subscription_changes/i.
async function upcomingInvoiceWithChanges(services, { customerId, subscriptionChanges, actor }) {
  const rollback = new Error('the upcoming invoice writes nothing');
  let invoice;
  try {
    await services.db.transaction().execute(async (trx) => {
      const customer = await findCustomer(trx, customerId, '/customer');
      if (actor?.kind === 'portal' && customer.id !== actor.customerId) throw notFound('customer', customerId, '/customer');
      const named = new Set();
      for (const [index, proposed] of subscriptionChanges.entries()) {
        await applyProposed(trx, services, { customer, proposed, actor, named }).catch(pointUnder(`/subscription_changes/${index}`));
      }
      const subscriptionIds = subscriptionChanges.map((proposed) => proposed.subscription);
      invoice = await upcomingInvoice(trx, services, customer.id, { customerPath: '/customer', subscriptionIds });
      throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return invoice;
}

// Makes one proposed change in `trx`; errors point into the proposed change.
async function applyProposed(trx, services, { customer, proposed, actor, named }) {
  const { subscription: subscriptionId, cancel: cancellation, ...change } = proposed;
  const row = await findSubscription(trx, subscriptionId, '/subscription');
  if (row.customer_id !== customer.id) {
    // A portal session learns nothing of other customers' subscriptions: as if there were none.
    if (actor?.kind === 'portal') throw notFound('subscription', subscriptionId, '/subscription');
    throw new ApiError('INVALID_ARGUMENT', `subscription ${subscriptionId} belongs to customer ${row.customer_id}, not ${customer.id}`, '/subscription');
  }
  if (named.has(subscriptionId)) throw new ApiError('INVALID_ARGUMENT', `subscription ${subscriptionId} is named by an earlier change: propose one change per subscription`, '/subscription');
  named.add(subscriptionId);
  const changing = CHANGE_FIELDS.some((field) => change[field] !== undefined);
  if (cancellation !== undefined) {
    const extra = Object.keys(change)[0];
    if (extra !== undefined) throw new ApiError('INVALID_ARGUMENT', 'a cancellation is proposed on its own: leave out the change fields', `/${extra}`);
    return cancel(trx, services, row, cancellation, actor).catch(pointUnder('/cancel'));
  }
  if (!changing) throw new ApiError('MISSING_FIELD', 'name what changes: plan, quantity, add_ons, or cancel', '');
  return changeSubscription(trx, services, row, change, actor);
}

// Rethrows an ApiError with its path under `prefix` (other errors as they are).
const pointUnder = (prefix) => (error) => {
  throw error instanceof ApiError ? new ApiError(error.code, error.message, `${prefix}${error.path}`) : error;
};

module.exports = { upcomingInvoiceWithChanges };
