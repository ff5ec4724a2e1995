'use strict';
// Migration 202 (the merge queue folded into the events): a database whose usage_pending holds
// waiting and refused events at migration time still merges the waiting ones, once, and keeps
// the refused ones reported; the events merged before stay merged.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { Migrator } = require('kysely');
const { BACKENDS, createTestDatabase, manualClock } = require('./support/harness');
const { openDatabase } = require('../src/db/database');
const { migrateToLatest, MIGRATIONS } = require('../src/db/migrate');
const { ensurePartitions } = require('../src/usage/partitions');
const { mergePending } = require('../src/usage/processor');
const { pendingEventCount } = require('../src/usage');
const { inTransaction } = require('../src/db/rows');

const BEFORE = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '202'));
const AT = '2026-03-05T10:00:00.000Z';

// An event of customer `cus_old` counting for no subscription (so merging needs no catalog).
const eventRow = (id) => ({
  id, customer_id: 'cus_old', event_id: `client-${id}`, metric: 'calls', occurred_at: AT, properties: '{}',
  subscription_id: null, period_start: null, period_end: null, late: 0, received_at: AT, voided_at: null, void_reason: null,
});

for (const backend of BACKENDS) {
  describe(`usage merge watermark migration [${backend}]`, () => {
    it('merges the events waiting in the old queue once, and keeps the refused ones reported', async () => {
      const target = await createTestDatabase(backend);
      const database = openDatabase(target);
      const { db, dialect } = database;
      try {
        const { error } = await new Migrator({ db, provider: { getMigrations: async () => BEFORE }, allowUnorderedMigrations: true }).migrateToLatest();
        assert.equal(error, undefined);
        await ensurePartitions(db, dialect, [AT]);
        // Two merged before (no queue row), two waiting, one the core refused.
        await db.insertInto('usage_events').values(['uev_1', 'uev_2', 'uev_3', 'uev_4', 'uev_5'].map(eventRow)).execute();
        await db.insertInto('usage_pending').values([
          { usage_event_id: 'uev_2', occurred_at: AT, customer_id: 'cus_old', subscription_id: null, received_at: AT, error: 'OVERFLOW at /: too large' },
          { usage_event_id: 'uev_3', occurred_at: AT, customer_id: 'cus_old', subscription_id: null, received_at: AT, error: null },
          { usage_event_id: 'uev_5', occurred_at: AT, customer_id: 'cus_old', subscription_id: null, received_at: AT, error: null },
        ]).execute();

        assert.deepEqual(await migrateToLatest(db), Object.keys(MIGRATIONS).filter((name) => name >= '202'));
        // Waiting: uev_3 and uev_5; refused: uev_2 (pending counts both, as before).
        assert.equal(await pendingEventCount(db, { customerId: 'cus_old' }), 3);
        const failures = await db.selectFrom('usage_merge_failures').select(['usage_event_id', 'error']).execute();
        assert.deepEqual(failures, [{ usage_event_id: 'uev_2', error: 'OVERFLOW at /: too large' }]);

        const services = { db, dialect, core: null, clock: manualClock(AT) };
        const first = await inTransaction(db, (trx) => mergePending(trx, services));
        assert.deepEqual(first, { events: 2, merged: 0, unattributed: 2, failed: 0 });
        const again = await inTransaction(db, (trx) => mergePending(trx, services));
        assert.equal(again.events, 0);
        const counters = await db.selectFrom('usage_counters').select(['processed', 'unattributed']).where('customer_id', '=', 'cus_old').executeTakeFirst();
        assert.deepEqual({ processed: Number(counters.processed), unattributed: Number(counters.unattributed) }, { processed: 2, unattributed: 2 });
        assert.equal(await pendingEventCount(db, { customerId: 'cus_old' }), 1); // the refused one
      } finally {
        await database.destroy();
        await target.drop();
      }
    });
  });
}
