'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { openDatabase } = require('../src/db/database');
const { migrateToLatest } = require('../src/db/migrate');
const { inTransaction } = require('../src/db/rows');
const { holdInserts, updateHeldRow, isHeldRow, flushHeldInserts } = require('../src/db/held-inserts');
const { recordEvent } = require('../src/outbox/outbox');
const { enqueueJob } = require('../src/jobs/queue');

const NOW = new Date('2026-03-01T00:00:00.000Z');

// What a billing batch holds back (db/held-inserts.js): outbox events and their delivery jobs
// here, through the same functions the batch calls.
for (const backend of BACKENDS) {
  describe(`held inserts [${backend}]`, () => {
    let target;
    let database;
    before(async () => {
      target = await createTestDatabase(backend);
      database = openDatabase(target);
      await migrateToLatest(database.db);
    });
    after(async () => {
      await database.destroy();
      await target.drop();
    });
    const count = async (executor, table, prefix) => Number((await executor.selectFrom(table).select((eb) => eb.fn.countAll().as('n'))
      .where('id', 'like', `${prefix}%`).executeTakeFirst()).n);

    it('writes nothing until flushed, then every row once (a held row as last changed, a job whose id exists left out), past one statement\'s rows', async () => {
      const object = (i) => ({ object: 'customer', id: `cus_held${i}`, name: `Held ${i}` });
      await enqueueJob(database.db, { id: 'job_held_existing', type: 'test.held', payload: { n: 'first' } }, NOW);
      const ids = await inTransaction(database.db, async (trx) => {
        holdInserts(trx, database.dialect);
        const events = [];
        for (let i = 0; i < 250; i += 1) events.push(await recordEvent(trx, { type: 'customer.updated', object: object(i) }, NOW));
        await enqueueJob(trx, { id: 'job_held_existing', type: 'test.held', payload: { n: 'second' } }, NOW);
        assert.equal(await count(trx, 'events', 'evt_'), 0, 'held events are not in the table yet');
        assert.equal(isHeldRow(trx, 'events', events[7].id), true);
        assert.equal(updateHeldRow(trx, 'events', events[7].id, { data: JSON.stringify({ ...object(7), name: 'Changed while held' }) }), true);
        assert.equal(updateHeldRow(trx, 'events', 'evt_not_held', { data: '{}' }), false);
        await flushHeldInserts(trx);
        assert.equal(isHeldRow(trx, 'events', events[7].id), false);
        assert.equal(await count(trx, 'events', 'evt_'), 250);
        return events.map((event) => event.id);
      });
      const stored = await database.db.selectFrom('events').select(['id', 'data']).where('id', 'in', ids).execute();
      assert.equal(stored.length, 250);
      assert.equal(JSON.parse(stored.find((row) => row.id === ids[7]).data).name, 'Changed while held');
      assert.equal(JSON.parse(stored.find((row) => row.id === ids[8]).data).name, 'Held 8');
      const deliveries = await database.db.selectFrom('jobs').select('payload').where('type', '=', 'event.deliver').execute();
      assert.deepEqual(new Set(deliveries.map((row) => JSON.parse(row.payload).event_id)), new Set(ids));
      const existing = await database.db.selectFrom('jobs').selectAll().where('id', '=', 'job_held_existing').execute();
      assert.deepEqual(existing.map((row) => JSON.parse(row.payload)), [{ n: 'first' }]);
    });

    it('leaves nothing when the transaction rolls back after flushing, and writes at once when nothing holds', async () => {
      await assert.rejects(inTransaction(database.db, async (trx) => {
        holdInserts(trx, database.dialect);
        await recordEvent(trx, { type: 'customer.updated', object: { object: 'customer', id: 'cus_rolled_back' } }, NOW);
        await flushHeldInserts(trx);
        throw new Error('the batch failed');
      }), /the batch failed/);
      assert.equal(await count(database.db, 'events', 'evt_'), 250);
      await inTransaction(database.db, async (trx) => {
        await recordEvent(trx, { type: 'customer.updated', object: { object: 'customer', id: 'cus_direct' } }, NOW);
        assert.equal(await count(trx, 'events', 'evt_'), 251);
      });
    });
  });
}
