'use strict';
// The billing benchmark's customers and subscriptions, written by the server's own services in
// this process instead of one HTTP call per subscription: each one as POST /v1/customers and
// POST /v1/subscriptions store it (createCustomer, createSubscription, then billAtSignup, the
// first invoice, with the same outbox events), SEED_BATCH subscriptions per transaction, one
// transaction at a time: concurrent ones would wait on each other anyway (the invoice number
// series; the coupons' redemption counts, in an order that can deadlock). The server processes
// deliver the outbox events as they would.

const { openDatabase } = require('../../server/src/db/database');
const { loadBillingCore } = require('../../server/src/core/billing-core');
const { createLogger } = require('../../server/src/logger');
const { systemClock } = require('../../server/src/time');
const { inTransaction } = require('../../server/src/db/rows');
const { createCustomer } = require('../../server/src/customers/customers');
const { createSubscription } = require('../../server/src/subscriptions/service');
const { billAtSignup } = require('../../server/src/billing-runs/signup');
const { inParallel } = require('./api-client.js');

/// Subscriptions per transaction.
const SEED_BATCH = 100;

/// Services of the database at `databaseUrl` (migrated by a server process), as a server builds them.
async function openServices(databaseUrl) {
  const logger = createLogger({ level: 'warn' });
  const database = openDatabase({ databaseUrl, logger });
  const core = await loadBillingCore({ backend: 'auto' });
  const services = { db: database.db, dialect: database.dialect, core, clock: systemClock(), logger, config: { autoBilling: false } };
  return { services, close: () => database.destroy() };
}

/**
 * Creates the customer and subscription of each of `bodies` ([{ customer, subscription }], the
 * subscription's customer filled in here). `pace()` is awaited before each transaction;
 * `progress(done)` after it. Returns the customers' ids, in order.
 */
async function seedInProcess(databaseUrl, bodies, { pace, progress }) {
  const { services, close } = await openServices(databaseUrl);
  try {
    const batches = [];
    for (let i = 0; i < bodies.length; i += SEED_BATCH) batches.push(bodies.slice(i, i + SEED_BATCH));
    const ids = [];
    let done = 0;
    await inParallel(batches, 1, async (batch, b) => {
      await pace();
      const created = await inTransaction(services.db, async (trx) => {
        const batchIds = [];
        for (const { customer, subscription } of batch) {
          const { id } = await createCustomer(trx, services, customer);
          const row = await createSubscription(trx, services, { ...subscription, customer: id });
          await billAtSignup(trx, services, row.id);
          batchIds.push(id);
        }
        return batchIds;
      });
      created.forEach((id, k) => { ids[b * SEED_BATCH + k] = id; });
      done += batch.length;
      progress(done);
    });
    return ids;
  } finally {
    await close();
  }
}

module.exports = { seedInProcess };
