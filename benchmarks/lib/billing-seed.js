'use strict';
// What the billing benchmark bills, created through the server's HTTP API as an operator
// would (the customers and subscriptions by the server's own services, in batches: see
// seedSubscriptions): a seller in Germany collecting EU VAT (One-Stop Shop), a catalog in euros of three
// monthly plans (seats at 12.00 each; a 19.00 fee with graduated API calls; a 100.00 fee with
// units at 1.00 and a 500.00 minimum), three coupons, and N customers across seven EU
// countries (one in four with a VAT id on file; the server passes none as validated, so the
// core taxes them as consumers), each with one subscription, on test clocks of CLOCK_SIZE
// customers frozen at T0. Creating a subscription issues its first
// invoice. Then the usage plans' customers send their January usage in batches of 100 events,
// dated in the first minutes of January (a clock takes events up to 300 s past its time, and
// moving 100,000 customers' clocks to mid-January first would only add a catch-up pass).

const { inParallel } = require('./api-client.js');
const { seedInProcess } = require('./seed-in-process.js');

/// Where the test clocks start, and where they stop for the run: every subscription's second
/// period starts on February 1, so each one is due exactly once.
const T0 = '2026-01-01T00:00:00Z';
const BILLING_INSTANT = '2026-02-01T12:00:00Z';
/// Customers per test clock (a clock's advance is one job: many clocks share the processes).
const CLOCK_SIZE = 1000;
const CONCURRENCY = 8;
const EVENTS_PER_BATCH = 100;

const PLACES = [
  { country: 'DE', city: 'Berlin', postal_code: '10119', timezone: 'Europe/Berlin' },
  { country: 'FR', city: 'Lyon', postal_code: '69002', timezone: 'Europe/Paris' },
  { country: 'IT', city: 'Milano', postal_code: '20121', timezone: 'Europe/Rome' },
  { country: 'ES', city: 'Madrid', postal_code: '28013', timezone: 'Europe/Madrid' },
  { country: 'NL', city: 'Utrecht', postal_code: '3511', timezone: 'Europe/Amsterdam' },
  { country: 'AT', city: 'Wien', postal_code: '1010', timezone: 'Europe/Vienna' },
  { country: 'BE', city: 'Gent', postal_code: '9000', timezone: 'Europe/Brussels' },
];

/// The plan of subscription i: 40 % seats, 30 % usage, 30 % hybrid.
const planOf = (i) => (i % 10 < 4 ? 'seats' : i % 10 < 7 ? 'usage' : 'hybrid');

/// Seller settings, metrics, plans and coupons; returns { plans: { seats, usage, hybrid }, coupons: [id, id, id] }.
async function createCatalog(api) {
  await api.call('PATCH', '/v1/seller_settings', {
    legal_name: 'Bench GmbH', address: { line1: 'Torstr. 1', city: 'Berlin', postal_code: '10119', country: 'DE' },
    tax: { country: 'DE', registrations: ['DE', 'EU'], default_tax_category: 'digital_services', tax_ids: ['DE123456789'] },
  });
  for (const code of ['calls', 'units']) await api.call('POST', '/v1/metrics', { code, name: code, aggregation: 'sum', property: 'n' });
  const plan = async (code, pricings, minimum) => {
    const product = await api.call('POST', '/v1/products', { name: `Bench ${code}` });
    const prices = [];
    for (const { metric, pricing } of pricings) {
      const body = { product: product.id, currency: 'EUR', interval: 'month', pricing, ...(metric ? { type: 'usage', metric } : { type: 'recurring' }) };
      prices.push((await api.call('POST', '/v1/prices', body)).id);
    }
    const body = { code, name: `Bench ${code}`, product: product.id, currency: 'EUR', interval: 'month', prices, ...(minimum ? { minimum_amount: minimum } : {}) };
    return (await api.call('POST', '/v1/plans', body)).id;
  };
  const plans = {
    seats: await plan('seats', [{ pricing: { model: 'per_unit', unit_amount: '12.00' } }]),
    usage: await plan('usage', [
      { pricing: { model: 'flat', amount: '19.00' } },
      { metric: 'calls', pricing: { model: 'graduated', tiers: [{ up_to: '1000', unit_amount: '0' }, { up_to: '10000', unit_amount: '0.002' }, { up_to: null, unit_amount: '0.001' }] } },
    ]),
    hybrid: await plan('hybrid', [{ pricing: { model: 'flat', amount: '100.00' } }, { metric: 'units', pricing: { model: 'per_unit', unit_amount: '1.00' } }], '500.00'),
  };
  const coupons = [
    await api.call('POST', '/v1/coupons', { code: 'bench20', name: '20 % off', percent_off: '20', duration: 'forever' }),
    await api.call('POST', '/v1/coupons', { code: 'bench5x3', name: '5.00 off for 3 months', amount_off: '5.00', currency: 'EUR', duration: 'repeating', duration_in_periods: 3 }),
    await api.call('POST', '/v1/coupons', { code: 'bench50', name: 'Half off once', percent_off: '50', duration: 'once' }),
  ];
  return { plans, coupons: coupons.map((coupon) => coupon.id) };
}

/// The customer and subscription bodies of subscription i (the customer's test clock filled in later).
function subscriber(i, catalog) {
  const place = PLACES[i % PLACES.length];
  const customer = {
    name: `Bench customer ${i}`, currency: 'EUR', timezone: place.timezone,
    address: { line1: `${1 + (i % 200)} Bench Street`, city: place.city, postal_code: place.postal_code, country: place.country },
    ...(i % 4 === 1 ? { tax_ids: [{ type: 'eu_vat', value: `${place.country}${String(100000000 + i)}` }] } : {}),
  };
  const plan = planOf(i);
  const subscription = { plan: catalog.plans[plan], ...(plan === 'seats' ? { quantity: 1 + (i % 20) } : {}) };
  if (i % 3 === 0) subscription.coupon = catalog.coupons[(i / 3) % catalog.coupons.length];
  return { customer, subscription };
}

/**
 * Seeds `count` subscriptions: the catalog and test clocks through `apis` (clients of the
 * server processes), the customers and subscriptions by the server's services in this process,
 * in batches (seed-in-process.js), the shape POST /v1/customers and POST /v1/subscriptions give.
 * `progress(text)` reports counts as they grow. The outbox events it records (four per
 * subscription) are left queued for the server processes to deliver: the benchmark waits for
 * the queue to go quiet before the run. Returns { catalog, clocks: [ids],
 * customers: [{ id, plan }], seconds }.
 */
async function seedSubscriptions(apis, count, { databaseUrl, dataDir, progress }) {
  const [api] = apis;
  const started = Date.now();
  const catalog = await createCatalog(api);
  const clocks = [];
  for (let i = 0; i < Math.ceil(count / CLOCK_SIZE); i += 1) {
    clocks.push((await api.call('POST', '/v1/test_clocks', { name: `bench ${i}`, frozen_time: T0 })).id);
  }
  const bodies = Array.from({ length: count }, (_, i) => {
    const { customer, subscription } = subscriber(i, catalog);
    return { customer: { ...customer, test_clock: clocks[Math.floor(i / CLOCK_SIZE)] }, subscription };
  });
  const ids = await seedInProcess(databaseUrl, bodies, {
    dataDir, progress: (done) => progress(`${done.toLocaleString('en-US')}/${count.toLocaleString('en-US')} subscriptions`),
  });
  const customers = ids.map((id, i) => ({ id, plan: planOf(i) }));
  return { catalog, clocks, customers, seconds: (Date.now() - started) / 1000 };
}

/// January usage of the usage and hybrid customers: three API-call events of 200 to 2,200 each
/// (crossing the graduated tiers) or two unit events of 0 to 199, dated in the first four
/// minutes after T0, sent in batches of 100. Returns the number of events sent.
async function sendUsage(apis, customers, progress) {
  const events = [];
  customers.forEach(({ id, plan }, i) => {
    if (plan === 'usage') {
      for (let k = 0; k < 3; k += 1) events.push({ id: `calls-${i}-${k}`, customer: id, metric: 'calls', timestamp: afterT0(10 + ((i + 40 * k) % 230)), properties: { n: String(200 + ((i * 37 + k * 1000) % 2001)) } });
    } else if (plan === 'hybrid') {
      for (let k = 0; k < 2; k += 1) events.push({ id: `units-${i}-${k}`, customer: id, metric: 'units', timestamp: afterT0(10 + ((i + 70 * k) % 230)), properties: { n: String((i * 13 + k * 50) % 200) } });
    }
  });
  const batches = [];
  for (let i = 0; i < events.length; i += EVENTS_PER_BATCH) batches.push(events.slice(i, i + EVENTS_PER_BATCH));
  let sent = 0;
  await inParallel(batches, CONCURRENCY, async (batch, i) => {
    const answer = await apis[i % apis.length].call('POST', '/v1/usage_events', { events: batch });
    if (answer.accepted !== batch.length) throw new Error(`usage batch ${i}: ${JSON.stringify(answer).slice(0, 500)}`);
    sent += batch.length;
    progress(`${sent.toLocaleString('en-US')}/${events.length.toLocaleString('en-US')} usage events`);
  });
  return events.length;
}

const afterT0 = (seconds) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

module.exports = { seedSubscriptions, sendUsage, T0, BILLING_INSTANT, CLOCK_SIZE };
