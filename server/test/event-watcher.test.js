'use strict';
// The outbox event watcher (src/outbox/event-watcher.js) that keeps the entitlement and API key
// caches current across processes: most reads look
// one second behind the newest event seen, every tenth read ten seconds, so an event whose
// transaction committed late is still taken in, and an event is handled once.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startTestServer } = require('./support/harness');
const { EventWatcher, RECENT_MS, LOOKBACK_MS, FULL_READ_EVERY } = require('../src/outbox/event-watcher');
const { EntitlementCache } = require('../src/entitlements/cache');

describe('outbox event watcher [sqlite]', () => {
  let t;
  before(async () => { t = await startTestServer('sqlite'); });
  after(async () => { await t.close(); });

  let sequence = 0;
  const writeEvent = (customerId, createdAt) => t.services.db.insertInto('events').values({
    id: `evt_watcher_${(sequence += 1)}`, type: 'customer.updated', object_type: 'customer', object_id: customerId,
    customer_id: customerId, data: '{}', created_at: createdAt.toISOString(), delivered_at: null, deliveries: 0,
  }).execute();

  it('takes in a late-committed event at the next full read, and each event once', async () => {
    assert.ok(RECENT_MS < 5000 && LOOKBACK_MS > 5000, 'the test commits an event 5 s late: between the two lookbacks');
    const cache = new EntitlementCache();
    const watcher = new EventWatcher({ db: t.services.db });
    watcher.subscribe((event) => cache.applyEvent(event));
    await watcher.start();
    await watcher.stop(); // reads are driven by hand below
    await watcher.readOnce(); // the first read is a full one

    const now = Date.now() + 60 * 1000; // newer than anything the server wrote
    await writeEvent('cus_on_time', new Date(now));
    assert.equal(await watcher.readOnce(), 1);
    assert.equal(cache.stats.invalidations, 1);

    await writeEvent('cus_late', new Date(now - 5000)); // written 5 s before the newest event, committed only now
    for (let read = 2; read < FULL_READ_EVERY; read += 1) {
      assert.equal(await watcher.readOnce(), 0, `read ${read} looks back ${RECENT_MS} ms only`);
    }
    assert.equal(cache.generationOf('cus_late'), '0:0');
    assert.equal(await watcher.readOnce(), 1, 'the full read takes the late event in');
    assert.equal(cache.generationOf('cus_late'), '0:1');
    assert.equal(await watcher.readOnce(), 0, 'and no read handles it again');
    assert.equal(cache.stats.invalidations, 2);
  });
});
