'use strict';
// The upcoming invoice: what the customer's next billing moment will invoice, computed now from
// the same plan a billing run follows, with usage and late usage adjustments read (not billed
// or claimed). Nothing is stored, so when
// nothing changes in between, the invoice then issued has the same core result, byte for byte.
const { ApiError } = require('../http/errors');
const { toInstant } = require('../time');
const { findCustomer, customerNow } = require('../customers/customers');
const { findPlan } = require('../catalog/plans');
const { advanceTo } = require('../subscriptions/lifecycle');
const { usageForPeriod, pendingLateAdjustments } = require('../usage');
const { readSettings } = require('../settings/seller-settings');
const { nextMoment } = require('../billing-runs/due');
const { planInvoices } = require('../billing-runs/invoice-plan');
const { lastBilledPeriod } = require('../billing-runs/bill');
const { billingReason } = require('../billing-runs/reasons');
const { computeInvoice, CORE_VERSION } = require('./core-invoice');
const { presentInvoice } = require('./invoices');

/// The customer's next invoice, as the API object with status "upcoming" and no id. When the
/// moment gives several invoices (subscriptions with other periods, or a customer who does not
/// consolidate), it is the first that bills one of `subscriptionIds`, else the first.
/// `customerPath` points at the request's customer field in errors.
async function upcomingInvoice(db, services, customerId, { customerPath = '/query/customer', subscriptionIds = [] } = {}) {
  const { core, clock } = services;
  const customer = await findCustomer(db, customerId, customerPath);
  const next = await nextMoment(db, customerId);
  if (!next) throw new ApiError('NOT_FOUND', `customer ${customerId} has no upcoming invoice (no subscription left to bill)`, customerPath);
  const { moment } = next;
  const now = toInstant(await customerNow(db, customer, clock));
  const due = [];
  for (const id of next.subscriptionIds) {
    const stored = await db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    // As it will stand at the moment: renewed, and with the changes scheduled by then applied.
    const { row: subscription } = await advanceTo(db, { core, clock }, stored, new Date(moment > now ? moment : now));
    const plan = await findPlan(db, subscription.plan_id);
    const schedule = await db.selectFrom('billing_schedules').selectAll().where('subscription_id', '=', id).executeTakeFirstOrThrow();
    due.push({ subscription, plan, last: await lastBilledPeriod(db, id), couponPeriods: schedule.coupon_periods_applied });
  }
  const readUsage = (subscriptionId, metric, period) => usageForPeriod(db, services, { subscriptionId, metric, period });
  const readLate = (subscriptionId) => pendingLateAdjustments(db, services, { subscriptionId });
  const { invoices } = await planInvoices(db, services, { customer, moment, due, readUsage, readLate });
  if (!invoices.length) throw new ApiError('NOT_FOUND', `customer ${customerId} has nothing to invoice at its next billing moment ${moment}`, customerPath);
  const { entries, request } = invoices.find((invoice) => invoice.entries.some((entry) => subscriptionIds.includes(entry.subscription.id))) || invoices[0];
  const computed = computeInvoice(core, request);
  const settings = await readSettings(db);
  const [{ period, arrears }] = entries;
  const shown = period || arrears;
  return presentInvoice({
    id: null, number: null, customer_id: customer.id, status: 'upcoming', billing_reason: billingReason(entries), currency: customer.currency,
    collection_method: settings.default_collection_method,
    days_until_due: settings.default_collection_method === 'send_invoice' ? settings.default_days_until_due : null,
    billing_moment: moment, period_start: shown.start, period_end: shown.end, core_request: JSON.stringify(request),
    core_result: computed.text, content_hash: computed.hash, core_version: CORE_VERSION, customer_details: null, seller_details: null,
    finalize_at: null, finalized_at: null, due_at: null, overdue_at: null, paid_at: null, paid_out_of_band: 0, payment_reference: null,
    voided_at: null, marked_uncollectible_at: null, billing_run_id: null, metadata: '{}', created_at: null, updated_at: null,
  });
}

module.exports = { upcomingInvoice };
