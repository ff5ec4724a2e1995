'use strict';
const { DEMO_PLANS, DEMO_ADD_ONS, DEMO_COUPONS, DEMO_CUSTOMERS, DEMO_SUBSCRIPTIONS } = require('./demo-catalog');

/// Seeds the demo catalog, customers and their subscriptions through the API itself (so the
/// core validates every price and computes every period). Idempotent: each plan, add-on, coupon
/// and customer is looked up by its code or external_id first and created only when missing; a
/// customer gets its demo subscription only when it has none. Returns counts of what was created.
async function seedDemoData(app, adminKey) {
  const api = apiClient(app, adminKey);
  const created = { plans: 0, add_ons: 0, coupons: 0, customers: 0, subscriptions: 0 };
  const planIds = {};

  for (const plan of DEMO_PLANS) {
    const found = await api.get(`/v1/plans?code=${plan.code}`);
    if (found.data.length) {
      planIds[plan.code] = found.data[0];
      continue;
    }
    const productId = plan.sameProductAs
      ? planIds[plan.sameProductAs].product
      : (await api.post('/v1/products', plan.product)).id;
    const priceIds = [];
    for (const price of plan.prices) {
      priceIds.push((await api.post('/v1/prices', { product: productId, currency: 'USD', ...price })).id);
    }
    planIds[plan.code] = await api.post('/v1/plans', {
      code: plan.code, name: plan.name, product: productId, currency: 'USD', interval: plan.interval,
      prices: priceIds, trial_days: plan.trial_days, features: plan.features,
      ...(plan.minimum_amount ? { minimum_amount: plan.minimum_amount } : {}),
    });
    created.plans += 1;
  }

  const addOnsProduct = DEMO_ADD_ONS.length ? await findOrCreateAddOnsProduct(api) : null;
  for (const addOn of DEMO_ADD_ONS) {
    const found = await api.get(`/v1/add_ons?limit=100`);
    if (found.data.some((existing) => existing.code === addOn.code)) continue;
    const price = await api.post('/v1/prices', { product: addOnsProduct, currency: 'USD', nickname: addOn.name, ...addOn.price });
    await api.post('/v1/add_ons', { code: addOn.code, name: addOn.name, price: price.id });
    created.add_ons += 1;
  }

  for (const coupon of DEMO_COUPONS) {
    const found = await api.get(`/v1/coupons?code=${coupon.code}`);
    if (found.data.length) continue;
    await api.post('/v1/coupons', coupon);
    created.coupons += 1;
  }

  const customerIds = {};
  for (const customer of DEMO_CUSTOMERS) {
    const found = await api.get(`/v1/customers?external_id=${customer.external_id}`);
    if (found.data.length) {
      customerIds[customer.external_id] = found.data[0].id;
      continue;
    }
    customerIds[customer.external_id] = (await api.post('/v1/customers', customer)).id;
    created.customers += 1;
  }

  const addOnIds = Object.fromEntries((await api.get('/v1/add_ons?limit=100')).data.map((a) => [a.code, a.id]));
  const couponIds = Object.fromEntries((await api.get('/v1/coupons?limit=100')).data.map((c) => [c.code, c.id]));
  for (const subscription of DEMO_SUBSCRIPTIONS) {
    const customer = customerIds[subscription.customer];
    if ((await api.get(`/v1/subscriptions?customer=${customer}&limit=1`)).data.length) continue;
    await api.post('/v1/subscriptions', {
      customer,
      plan: planIds[subscription.plan].id,
      ...(subscription.quantity ? { quantity: subscription.quantity } : {}),
      ...(subscription.add_ons ? { add_ons: subscription.add_ons.map((a) => ({ ...a, add_on: addOnIds[a.add_on] })) } : {}),
      ...(subscription.coupon ? { coupon: couponIds[subscription.coupon] } : {}),
    });
    created.subscriptions += 1;
  }
  return created;
}

async function findOrCreateAddOnsProduct(api) {
  const existing = await api.get('/v1/add_ons?limit=1');
  if (existing.data.length) return existing.data[0].price.product;
  return (await api.post('/v1/products', { name: 'Add-ons', description: 'Extras for any plan' })).id;
}

function apiClient(app, adminKey) {
  const call = async (method, url, payload) => {
    const response = await app.inject({ method, url, payload, headers: { authorization: `Bearer ${adminKey}` } });
    if (response.statusCode >= 300) throw new Error(`seeding: ${method} ${url} answered ${response.statusCode}: ${response.body}`);
    return response.json();
  };
  return { get: (url) => call('GET', url), post: (url, body) => call('POST', url, body) };
}

module.exports = { seedDemoData };
