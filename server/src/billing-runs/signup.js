'use strict';
// The first invoice of a subscription, issued as it is created (so a checkout can charge it):
// its first period's fixed items in advance. A subscription with a trial is first billed when
// the trial ends, by a billing run.
const { customerNow, findCustomer } = require('../customers/customers');
const { toInstant } = require('../time');
const { ApiError } = require('../http/errors');
const { billCustomerAt } = require('./bill');

/// Gives the new subscription `subscriptionId` its billing schedule and, when billing starts
/// now, issues its first invoice in `trx` (the subscription's transaction). Returns the
/// invoice row, or null when billing starts later (a trial). `finalizeLater`: as billCustomerAt
/// takes it (the invoice returned is then the draft, for finalizeTogether in bill-batch.js).
async function billAtSignup(trx, services, subscriptionId, { finalizeLater = null } = {}) {
  const subscription = await trx.selectFrom('subscriptions').selectAll().where('id', '=', subscriptionId).executeTakeFirstOrThrow();
  const billingStart = subscription.trial_end || subscription.started_at;
  await trx.insertInto('billing_schedules').values({
    subscription_id: subscription.id, customer_id: subscription.customer_id, next_billing_at: billingStart, coupon_periods_applied: 0,
  }).execute();
  const now = toInstant(await customerNow(trx, await findCustomer(trx, subscription.customer_id), services.clock));
  if (billingStart > now) return null;
  let outcome;
  try {
    outcome = await billCustomerAt(trx, services, { customerId: subscription.customer_id, moment: billingStart, subscriptionIds: [subscription.id], finalizeLater });
  } catch (error) {
    throw itemError(error);
  }
  return outcome && outcome.invoices.length ? outcome.invoices[0] : null;
}

// A subscription whose first invoice the core refuses (a quantity whose charge is beyond the
// exact range) is refused with it: the core's error on an item points at the quantities.
function itemError(error) {
  if (!(error instanceof ApiError) || error.path !== '' || !/core request path \/subscriptions\/0\/items\//.test(error.message)) return error;
  return new ApiError(error.code, `the first invoice cannot be computed: ${error.message}`, '/quantity');
}

module.exports = { billAtSignup };
