'use strict';
// A customer's live usage: the open period's quantity per metric and its amount so far,
// priced by the core with the usage price that charges for it.
const { findCustomer, customerNow } = require('../customers/customers');
const { planVersionPrices } = require('../catalog/plans');
const { toInstant } = require('../time');
const { inSnapshot } = require('../db/rows');
const { openPeriodUsage, pendingEventCount } = require('./index');

/// GET /v1/customers/:id/usage, read on one snapshot (so a merge committing meanwhile counts
/// its events either in the quantities or in pending_events, never in neither or both).
function customerUsage(db, services, customerId) {
  return inSnapshot(db, services.dialect, (trx) => readCustomerUsage(trx, services, customerId));
}

async function readCustomerUsage(executor, services, customerId) {
  const customer = await findCustomer(executor, customerId);
  const usages = await openPeriodUsage(executor, services, { customerId: customer.id });
  const items = [];
  const requests = [];
  const pricesBySubscription = new Map();
  for (const usage of usages) {
    if (!pricesBySubscription.has(usage.subscription)) {
      const subscription = await executor.selectFrom('subscriptions').select(['plan_id', 'plan_version']).where('id', '=', usage.subscription).executeTakeFirstOrThrow();
      pricesBySubscription.set(usage.subscription, (await planVersionPrices(executor, subscription.plan_id, subscription.plan_version)).filter((p) => p.type === 'usage'));
    }
    const price = pricesBySubscription.get(usage.subscription).find((p) => p.metric === usage.metric) || null;
    const item = {
      subscription: usage.subscription, metric: usage.metric, aggregation: usage.aggregate.aggregation, period: usage.period,
      quantity: usage.aggregate.value, event_count: usage.aggregate.event_count, price: price ? price.id : null,
      amount: null, lines: null, note: null,
    };
    if (!price) item.note = 'no usage price of the plan charges for this metric';
    else if (price.pricing.model === 'percentage') item.note = 'percentage prices are charged on each event\'s amount, known only when invoiced';
    else requests.push({ item, request: { op: 'price', currency: price.currency, price: price.pricing, quantity: item.quantity } });
    items.push(item);
  }
  const responses = requests.length ? services.core.run({ op: 'batch', requests: requests.map((r) => r.request) }).responses : [];
  for (const [index, { item }] of requests.entries()) {
    const response = responses[index];
    if (response.ok) {
      item.amount = response.result.amount;
      item.lines = response.result.lines;
    } else {
      item.note = `the price cannot charge this quantity: ${response.error.message}`;
    }
  }
  return {
    object: 'customer_usage', customer: customer.id, currency: customer.currency,
    as_of: toInstant(await customerNow(executor, customer, services.clock)),
    pending_events: await pendingEventCount(executor, { customerId: customer.id }), items,
  };
}

module.exports = { customerUsage };
