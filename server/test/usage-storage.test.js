'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { sql } = require('kysely');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { expectStatus } = require('./support/fixtures');
const { createMetrics, createUsagePlan, subscribedCustomer, sendBatch, mergeAll, storedAggregates } = require('./support/usage');
const { usageForPeriod } = require('../src/usage');
const { archiveEvents, sqliteArchiveFile } = require('../src/usage/archive');
const { rebuildAggregates } = require('../src/usage/rebuild');
const { existingMonths } = require('../src/usage/partitions');
const { usageSettings } = require('../src/usage/settings');
const { loadConfig } = require('../src/config');

const CLI = path.join(__dirname, '..', 'src', 'usage', 'cli.js');
const JANUARY = { start: '2026-01-05T00:00:00.000Z', end: '2026-02-05T00:00:00.000Z' };

// Runs `npm run usage -- ...` on the test database: { code, stdout, stderr }.
function runCli(t, args) {
  const env = { ...process.env, DATABASE_URL: t.config.databaseUrl || '', RATECARD_SQLITE_FILE: t.config.sqliteFile || '', LOG_LEVEL: 'silent' };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env }, (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

describe('usage settings', () => {
  it('reads the windows from the environment and refuses a lookback beyond the deduplication window or the retention', () => {
    const config = loadConfig({ RATECARD_USAGE_LOOKBACK_DAYS: '10', RATECARD_USAGE_FUTURE_SECONDS: '60' });
    assert.deepEqual(config.usage, { lookbackDays: 10, futureSeconds: 60 });
    assert.deepEqual([usageSettings(config).lookbackMs, usageSettings(config).dedupDays], [10 * 86400000, 35]);
    assert.throws(() => usageSettings({ usage: { lookbackDays: 40 } }), /may not exceed RATECARD_USAGE_DEDUP_DAYS/);
    assert.throws(() => usageSettings({ usage: { dedupDays: 60, retentionDays: 20 } }), /may not exceed RATECARD_USAGE_RETENTION_DAYS/);
    assert.throws(() => loadConfig({ RATECARD_USAGE_DEDUP_DAYS: 'a week' }), /RATECARD_USAGE_DEDUP_DAYS must be a positive integer/);
  });
});

for (const backend of BACKENDS) {
  describe(`usage storage, rebuild and archiving [${backend}]`, () => {
    let t;
    let clock;
    let customer;
    let subscription;
    before(async () => {
      clock = manualClock('2026-01-05T00:00:00.000Z');
      t = await startTestServer(backend, { clock });
      t.config = t.services.config;
      await createMetrics(t, [{ code: 'calls', aggregation: 'count' }]);
      const plan = await createUsagePlan(t, { code: 'metered', metrics: ['calls'] });
      ({ customer, subscription } = await subscribedCustomer(t, plan));
    });
    after(() => t.close());

    const calls = (prefix, count, timestamp) => Array.from({ length: count }, (_, i) => ({
      id: `${prefix}-${i}`, customer: customer.id, metric: 'calls', timestamp,
    }));

    it('keeps a month per partition on PostgreSQL, one table on SQLite', async () => {
      clock.set('2026-01-20T00:00:00.000Z');
      await sendBatch(t, calls('jan', 4, '2026-01-10T00:00:00Z'));
      clock.set('2026-03-10T00:00:00.000Z');
      await sendBatch(t, calls('mar', 3, '2026-03-09T00:00:00Z'));
      await mergeAll(t);
      if (backend === 'postgres') {
        assert.deepEqual(await existingMonths(t.services.db), ['2026-01', '2026-03']);
        const { rows } = await sql`select count(*) as n from usage_events_2026_01`.execute(t.services.db);
        assert.equal(Number(rows[0].n), 4);
      } else {
        const { rows } = await sql`select count(*) as n from usage_events`.execute(t.services.db);
        assert.equal(Number(rows[0].n), 7);
      }
    });

    it('forgets deduplication keys past their 35-day window in the hourly maintenance job', async () => {
      // The January events were received on January 20, the March ones on March 10 (now): 49
      // and 0 days ago.
      const keys = async () => (await t.services.db.selectFrom('usage_event_keys').select('event_id')
        .where('customer_id', '=', customer.id).orderBy('event_id').execute()).map((row) => row.event_id);
      assert.deepEqual(await keys(), ['jan-0', 'jan-1', 'jan-2', 'jan-3', 'mar-0', 'mar-1', 'mar-2']);
      await t.worker.drain();
      const job = await expectStatus(t.call('GET', '/v1/jobs/job_recurring_usage_maintenance'), 200);
      assert.equal(job.last_error, null);
      assert.deepEqual(await keys(), ['mar-0', 'mar-1', 'mar-2']);
      // On PostgreSQL it also makes next month's partition ahead of time.
      if (backend === 'postgres') assert.deepEqual(await existingMonths(t.services.db), ['2026-01', '2026-03', '2026-04']);
      // Within the window a retry is still recognized.
      const retry = await sendBatch(t, calls('mar', 1, '2026-03-09T00:00:00Z'));
      assert.equal(retry.results[0].status, 'duplicate');
    });

    it('rebuilds from the command line: the same bytes, nothing rewritten', async () => {
      const before = await storedAggregates(t);
      const checked = await runCli(t, ['rebuild', '--check']);
      assert.equal(checked.code, 0, checked.stderr);
      assert.match(checked.stdout, /2 aggregates: 2 identical, 0 differ, 0 in archived months skipped/);
      // A stored aggregate tampered with is found, and put right by a rebuild.
      await t.services.db.updateTable('usage_aggregates').set({ aggregate: '{"tampered":true}' })
        .where('period_start', '=', JANUARY.start).execute();
      const found = await runCli(t, ['rebuild', '--check']);
      assert.equal(found.code, 1);
      assert.match(found.stdout, new RegExp(`1 identical, 1 differ, 0 in archived months skipped\\n  ${subscription.id} calls from ${JANUARY.start}`));
      const repaired = await runCli(t, ['rebuild']);
      assert.equal(repaired.code, 0, repaired.stderr);
      assert.deepEqual(await storedAggregates(t), before);
      const bad = await runCli(t, ['rebuild', '--before', '2026-01']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /unknown argument --before/);
    });

    it('archives the months past the retention; aggregates and invoices stay, nothing older is accepted', async () => {
      const january = async () => (await usageForPeriod(t.services.db, t.services, { subscriptionId: subscription.id, metric: 'calls', period: JANUARY })).aggregate;
      assert.equal((await january()).value, '4');
      await assert.rejects(archiveEvents(t.services, { before: '2026-03' }), /late events are still accepted back to 2026-02-08/);
      const report = await archiveEvents(t.services, { before: '2026-02' });
      assert.equal(report.archived_before, '2026-02-01T00:00:00.000Z');
      if (backend === 'postgres') {
        assert.deepEqual(report.months, ['usage_events_2026_01']);
        assert.deepEqual(await existingMonths(t.services.db), ['2026-03', '2026-04']);
        const { rows } = await sql`select count(*) as n from usage_events_2026_01`.execute(t.services.db);
        assert.equal(Number(rows[0].n), 4, 'the detached table keeps its events');
      } else {
        assert.equal(report.events, 4);
        assert.equal(report.file, sqliteArchiveFile(t.config.sqliteFile));
        assert.ok(fs.existsSync(report.file));
      }
      const listed = await expectStatus(t.call('GET', `/v1/usage_events?customer=${customer.id}`), 200);
      assert.deepEqual(listed.data.map((e) => e.event_id), ['mar-2', 'mar-1', 'mar-0']);
      assert.equal((await january()).value, '4');
      const rebuilt = await rebuildAggregates(t.services, { check: true });
      assert.deepEqual([rebuilt.unchanged, rebuilt.changed.length, rebuilt.skipped], [1, 0, 1]);
      const refused = await sendBatch(t, calls('late', 1, '2026-01-31T00:00:00Z'));
      assert.equal(refused.results[0].error.code, 'EVENT_TOO_OLD');
    });
  });
}
