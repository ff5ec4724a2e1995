'use strict';
const { seedStep: step } = require('./seed-step');
const { createProduct } = require('../catalog/products');
const { createPrice } = require('../catalog/prices');
const { createPlan } = require('../catalog/plans');
const { createAddOn } = require('../catalog/add-ons');
const { createCoupon } = require('../catalog/coupons');
const { createMetric } = require('../catalog/metrics');
const { sendDemoUsage } = require('./demo-usage');
const { createCustomer } = require('../customers/customers');
const { createSubscription } = require('../subscriptions/service');
const { billAtSignup } = require('../billing-runs/signup');
const { seedDemoHistory } = require('./demo-history');
const { DEMO_DATA } = require('./demo-catalog');

/// Seeds the demo catalog (metrics first: usage prices name them), customers and their
/// subscriptions with the functions the API's handlers call (so the core validates every price
/// and computes every period), recording the same events. Each step is one transaction: a
/// metric, a plan with its product and prices, an add-on with its price, a coupon, a customer
/// with its subscription; then the demo usage, sent as the API takes it. Before the customers, the
/// demo's past (`history`, demo-history.js) is replayed with its MRR snapshot days. A step that fails leaves nothing
/// behind, and a step whose object exists (looked up by code or external_id) is skipped, so a
/// restart after a failure, or a second process seeding at the same time, duplicates nothing.
/// Returns counts of what was created.
async function seedDemoData(services, demo = DEMO_DATA) {
  const created = { metrics: 0, plans: 0, add_ons: 0, coupons: 0, history_days: 0, customers: 0, subscriptions: 0, usage_events: 0 };
  for (const metric of demo.metrics || []) {
    if (await step(services, `metric ${metric.code}`, (trx) => seedMetric(trx, services, metric))) created.metrics += 1;
  }
  for (const plan of demo.plans) {
    if (await step(services, `plan ${plan.code}`, (trx) => seedPlan(trx, services, plan))) created.plans += 1;
  }
  for (const addOn of demo.addOns) {
    if (await step(services, `add-on ${addOn.code}`, (trx) => seedAddOn(trx, services, addOn))) created.add_ons += 1;
  }
  for (const coupon of demo.coupons) {
    if (await step(services, `coupon ${coupon.code}`, (trx) => seedCoupon(trx, services, coupon))) created.coupons += 1;
  }
  created.history_days = await seedDemoHistory(services, demo.history);
  for (const customer of demo.customers) {
    const subscription = demo.subscriptions.find((s) => s.customer === customer.external_id);
    const outcome = await step(services, `customer ${customer.external_id}`, (trx) => seedCustomer(trx, services, customer, subscription));
    created.customers += outcome.customer ? 1 : 0;
    created.subscriptions += outcome.subscription ? 1 : 0;
  }
  created.usage_events = await sendDemoUsage(services, demo.usage || {});
  return created;
}

async function seedPlan(trx, services, plan) {
  if (await findByCode(trx, 'plans', plan.code)) return false;
  const productId = plan.sameProductAs
    ? (await findByCode(trx, 'plans', plan.sameProductAs)).product_id
    : (await createProduct(trx, services, plan.product)).id;
  const prices = [];
  for (const price of plan.prices) prices.push((await createPrice(trx, services, { product: productId, currency: 'USD', ...price })).id);
  await createPlan(trx, services, {
    code: plan.code, name: plan.name, product: productId, currency: 'USD', interval: plan.interval,
    prices, trial_days: plan.trial_days, features: plan.features,
    ...(plan.minimum_amount ? { minimum_amount: plan.minimum_amount } : {}),
    ...(plan.portal ? { portal: plan.portal } : {}),
  });
  return true;
}

async function seedMetric(trx, services, metric) {
  if (await findByCode(trx, 'billable_metrics', metric.code)) return false;
  await createMetric(trx, services, metric);
  return true;
}

async function seedAddOn(trx, services, addOn) {
  if (await findByCode(trx, 'add_ons', addOn.code)) return false;
  const product = await addOnsProduct(trx, services);
  const price = await createPrice(trx, services, { product, currency: 'USD', nickname: addOn.name, ...addOn.price });
  await createAddOn(trx, services, { code: addOn.code, name: addOn.name, price: price.id });
  return true;
}

// Add-ons share one product: the one the first add-on's price belongs to, or a new one.
async function addOnsProduct(trx, services) {
  const existing = await trx.selectFrom('add_ons').innerJoin('prices', 'prices.id', 'add_ons.price_id')
    .select('prices.product_id').orderBy('add_ons.id').limit(1).executeTakeFirst();
  if (existing) return existing.product_id;
  return (await createProduct(trx, services, { name: 'Add-ons', description: 'Extras for any plan' })).id;
}

async function seedCoupon(trx, services, coupon) {
  if (await findByCode(trx, 'coupons', coupon.code)) return false;
  await createCoupon(trx, services, coupon);
  return true;
}

// The customer (by external_id) and, when it has none, its demo subscription.
async function seedCustomer(trx, services, customer, subscription) {
  let query = trx.selectFrom('customers').select('id').where('external_id', '=', customer.external_id);
  if (services.dialect === 'postgres') query = query.forUpdate();
  const found = await query.executeTakeFirst();
  const customerId = found ? found.id : (await createCustomer(trx, services, customer)).id;
  const outcome = { customer: !found, subscription: false };
  if (!subscription) return outcome;
  const existing = await trx.selectFrom('subscriptions').select('id').where('customer_id', '=', customerId).limit(1).executeTakeFirst();
  if (existing) return outcome;
  const idOf = async (table, code) => (await findByCode(trx, table, code)).id;
  const body = { customer: customerId, plan: await idOf('plans', subscription.plan) };
  if (subscription.quantity) body.quantity = subscription.quantity;
  if (subscription.add_ons) {
    body.add_ons = [];
    for (const item of subscription.add_ons) body.add_ons.push({ ...item, add_on: await idOf('add_ons', item.add_on) });
  }
  if (subscription.coupon) body.coupon = await idOf('coupons', subscription.coupon);
  const created = await createSubscription(trx, services, body);
  await billAtSignup(trx, services, created.id); // the first invoice, as POST /v1/subscriptions issues it
  outcome.subscription = true;
  return outcome;
}

function findByCode(trx, table, code) {
  return trx.selectFrom(table).selectAll().where('code', '=', code).executeTakeFirst();
}

module.exports = { seedDemoData };
