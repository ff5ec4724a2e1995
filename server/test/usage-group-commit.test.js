'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { sql } = require('kysely');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createMetrics, createUsagePlan, subscribedCustomer } = require('./support/usage');
const { openDatabase } = require('../src/db/database');
const { groupCommitter } = require('../src/db/group-commit');
const { prepareBatch, storeBatch, ensureBatchPartitions } = require('../src/usage/ingestion');
const { usageSettings } = require('../src/usage/settings');

// Batches of concurrent requests stored through the group committer (on SQLite one transaction
// and one commit for all of them; on PostgreSQL one transaction each).
for (const backend of BACKENDS) {
  describe(`usage ingestion in a group commit [${backend}]`, () => {
    let t;
    let customer;
    let groupRun;
    before(async () => {
      const clock = manualClock('2026-03-01T00:00:00.000Z');
      t = await startTestServer(backend, { clock });
      await createMetrics(t, [{ code: 'calls', aggregation: 'count' }]);
      const plan = await createUsagePlan(t, { code: 'grouped', metrics: ['calls'] });
      ({ customer } = await subscribedCustomer(t, plan));
      clock.set('2026-03-10T00:00:00.000Z');
      groupRun = groupCommitter(t.services.db, t.services.dialect);
    });
    after(() => t.close());

    const events = (ids) => ids.map((id) => ({ id, customer: customer.id, metric: 'calls', timestamp: '2026-03-05T12:00:00Z' }));
    const prepare = async (ids) => {
      const candidates = await prepareBatch(t.services, usageSettings(t.services.config), events(ids));
      await ensureBatchPartitions(t.services, candidates);
      return candidates;
    };
    const store = (trx, candidates) => storeBatch(trx, t.services, candidates, (index) => `/events/${index}`);
    const storedKeys = async (ids) => (await t.services.db.selectFrom('usage_event_keys').select('event_id')
      .where('customer_id', '=', customer.id).where('event_id', 'in', ids).orderBy('event_id').execute()).map((row) => row.event_id);

    it('counts an event sent in two batches of one group once, the second batch seeing the first uncommitted', async () => {
      const first = await prepare(['same-1', 'same-2', 'only-first']);
      const second = await prepare(['same-2', 'same-1', 'only-second']);
      // A second connection sees only what is committed.
      const outside = openDatabase({ databaseUrl: t.services.config.databaseUrl, sqliteFile: t.services.config.sqliteFile });
      let seenOutside = null;
      try {
        const [a, b] = await Promise.all([
          groupRun((trx) => store(trx, first)),
          groupRun(async (trx) => {
            const batch = await store(trx, second);
            seenOutside = await storedKeysWith(outside.db, customer.id, ['same-1']);
            return batch;
          }),
        ]);
        assert.equal(a.results[2].status, 'accepted');
        assert.equal(b.results[2].status, 'accepted');
        // Each shared id: accepted by one batch, a duplicate naming the same stored event in the other.
        for (const [ia, ib] of [[0, 1], [1, 0]]) {
          const pair = [a.results[ia], b.results[ib]];
          assert.deepEqual(pair.map((r) => r.status).sort(), ['accepted', 'duplicate']);
          assert.equal(pair[0].event, pair[1].event);
        }
        if (backend === 'sqlite') {
          // One transaction, in the order they came: the second batch saw the first one's keys
          // before anything was committed.
          assert.deepEqual(b.results.map((r) => r.status), ['duplicate', 'duplicate', 'accepted']);
          assert.deepEqual(seenOutside, []);
        }
      } finally {
        await outside.destroy();
      }
      assert.deepEqual(await storedKeys(['same-1', 'same-2', 'only-first', 'only-second']), ['only-first', 'only-second', 'same-1', 'same-2']);
      const stored = await t.services.db.selectFrom('usage_events').select('event_id')
        .where('customer_id', '=', customer.id).where('event_id', 'like', 'same-%').execute();
      assert.equal(stored.length, 2);
    });

    it('undoes a failing batch alone and keeps the others of its group', async () => {
      const [good, bad, later] = await Promise.all([prepare(['keep-1']), prepare(['undone-1']), prepare(['keep-2', 'undone-1'])]);
      const outcomes = await Promise.allSettled([
        groupRun((trx) => store(trx, good)),
        groupRun(async (trx) => {
          await store(trx, bad);
          throw new Error('the handler failed after storing');
        }),
        groupRun((trx) => store(trx, later)),
      ]);
      assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
      assert.equal(outcomes[1].reason.message, 'the handler failed after storing');
      // The failed batch's key was undone, so the later batch of the group stored the event.
      assert.deepEqual(outcomes[2].value.results.map((r) => r.status), ['accepted', 'accepted']);
      assert.deepEqual(await storedKeys(['keep-1', 'keep-2', 'undone-1']), ['keep-1', 'keep-2', 'undone-1']);
    });

    it('fails every batch of a group whose commit fails, and stores nothing of it', async () => {
      if (backend !== 'sqlite') return; // PostgreSQL commits each batch on its own
      const [one, two] = await Promise.all([prepare(['lost-1']), prepare(['lost-2'])]);
      const outcomes = await Promise.allSettled([
        groupRun((trx) => store(trx, one)),
        groupRun(async (trx) => {
          const batch = await store(trx, two);
          // A foreign key checked at commit: the commit fails, as a full disk would make it.
          await sql`pragma defer_foreign_keys = on`.execute(trx);
          await sql`insert into usage_aggregates (subscription_id, metric, period_start, period_end, customer_id, partial, aggregate, revision, updated_at)
            values ('sub_missing', 'calls', 'x', 'y', ${customer.id}, '{}', '{}', 0, 'now')`.execute(trx);
          return batch;
        }),
      ]);
      assert.deepEqual(outcomes.map((o) => o.status), ['rejected', 'rejected']);
      assert.match(String(outcomes[0].reason.message), /FOREIGN KEY/);
      assert.deepEqual(await storedKeys(['lost-1', 'lost-2']), []);
      // The connection is usable again.
      const after = await prepare(['lost-1']);
      const batch = await groupRun((trx) => store(trx, after));
      assert.equal(batch.accepted, 1);
    });
  });
}

async function storedKeysWith(db, customerId, ids) {
  return (await db.selectFrom('usage_event_keys').select('event_id')
    .where('customer_id', '=', customerId).where('event_id', 'in', ids).execute()).map((row) => row.event_id);
}
