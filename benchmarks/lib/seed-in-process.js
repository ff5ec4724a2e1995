'use strict';
// The billing benchmark's customers and subscriptions, written by the server's own services in
// this process instead of one HTTP call per subscription: each one as POST /v1/customers and
// POST /v1/subscriptions store it (createCustomer, createSubscription, then billAtSignup, the
// first invoice, with the same outbox events), SEED_BATCH subscriptions per transaction,
// CONCURRENCY transactions at a time, written as a billing batch writes (bill-batch.js): the
// rows each transaction inserts held back and written at its end in multi-row inserts
// (db/held-inserts.js), its first invoices finalized together at its end, numbered in one step
// (finalizeTogether), so the number series' row is held only briefly. A coupon's redemption
// count is a row every transaction redeeming it updates and holds to its commit: a batch holds
// the subscriptions of one coupon at most, and no two batches of the same coupon run at once.
// The server processes deliver the outbox events as they would.

const { openDatabase } = require('../../server/src/db/database');
const { loadConfig } = require('../../server/src/config');
const { loadBillingCore } = require('../../server/src/core/billing-core');
const { createLogger } = require('../../server/src/logger');
const { systemClock } = require('../../server/src/time');
const { inTransaction } = require('../../server/src/db/rows');
const { createCustomer } = require('../../server/src/customers/customers');
const { createSubscription } = require('../../server/src/subscriptions/service');
const { billAtSignup } = require('../../server/src/billing-runs/signup');
const { finalizeTogether } = require('../../server/src/billing-runs/bill-batch');
const { holdInserts, flushHeldInserts } = require('../../server/src/db/held-inserts');

/// Subscriptions per transaction, and transactions at a time.
const SEED_BATCH = 100;
const CONCURRENCY = 4;

/// Services of the database at `databaseUrl` (migrated by a server process), as a server builds
/// them, with the servers' configuration: the same data directory `dataDir`, so the same
/// encryption key seals the first invoices' hosted links.
async function openServices(databaseUrl, dataDir) {
  const logger = createLogger({ level: 'warn' });
  const database = openDatabase({ databaseUrl, logger });
  const core = await loadBillingCore({ backend: 'auto' });
  const config = loadConfig({ DATABASE_URL: databaseUrl, RATECARD_DATA_DIR: dataDir, RATECARD_AUTO_BILLING: 'false', RATECARD_SEED: 'false' });
  const services = { db: database.db, dialect: database.dialect, core, clock: systemClock(), logger, config };
  return { services, close: () => database.destroy() };
}

/**
 * Creates the customer and subscription of each of `bodies` ([{ customer, subscription }], the
 * subscription's customer filled in here). `progress(done)` is called after each transaction. Returns the customers' ids, in the order of `bodies`.
 */
async function seedInProcess(databaseUrl, bodies, { dataDir, progress }) {
  const { services, close } = await openServices(databaseUrl, dataDir);
  try {
    const batches = batchesByCoupon(bodies);
    const ids = [];
    const couponsInUse = new Set();
    let done = 0;
    const lane = async () => {
      for (;;) {
        const index = batches.findIndex((batch) => batch.coupon === null || !couponsInUse.has(batch.coupon));
        if (index < 0) {
          if (!batches.length) return;
          await new Promise((resolve) => setTimeout(resolve, 20)); // every batch left waits for its coupon
          continue;
        }
        const [batch] = batches.splice(index, 1);
        if (batch.coupon !== null) couponsInUse.add(batch.coupon);
        try {
          const created = await seedBatch(services, batch.items.map((i) => bodies[i]));
          created.forEach((id, k) => { ids[batch.items[k]] = id; });
        } finally {
          couponsInUse.delete(batch.coupon);
        }
        done += batch.items.length;
        progress(done);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    return ids;
  } finally {
    await close();
  }
}

// The indexes of `bodies` in batches of SEED_BATCH, each of one coupon (or none): { coupon, items }.
function batchesByCoupon(bodies) {
  const byCoupon = new Map();
  bodies.forEach(({ subscription }, i) => {
    const coupon = subscription.coupon || null;
    if (!byCoupon.has(coupon)) byCoupon.set(coupon, []);
    byCoupon.get(coupon).push(i);
  });
  const batches = [];
  for (const [coupon, items] of byCoupon) {
    for (let i = 0; i < items.length; i += SEED_BATCH) batches.push({ coupon, items: items.slice(i, i + SEED_BATCH) });
  }
  return batches.sort((a, b) => a.items[0] - b.items[0]);
}

// One transaction: each customer, its subscription and its first invoice, as the API stores
// them; the first invoices finalized at the end. Returns the customers' ids.
async function seedBatch(services, batch) {
  return inTransaction(services.db, async (trx) => {
    holdInserts(trx, services.dialect);
    const finalizeLater = [];
    const ids = [];
    for (const { customer, subscription } of batch) {
      const { id } = await createCustomer(trx, services, customer);
      const row = await createSubscription(trx, services, { ...subscription, customer: id });
      await billAtSignup(trx, services, row.id, { finalizeLater });
      ids.push(id);
    }
    await finalizeTogether(trx, services, finalizeLater);
    await flushHeldInserts(trx);
    return ids;
  });
}

module.exports = { seedInProcess };
