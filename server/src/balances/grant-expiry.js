'use strict';
// Credit grants expire by their customer's clock (docs/server.md, "Credit notes and customer
// balance"): a recurring job, every minute, and a job queued when a test clock advances (for
// that clock's customers) take each grant past its expires_at to zero remaining, recording the
// expired amount as the grant's movement with credit_grant.expired. Each grant in its own
// transaction, locked, so an invoice finalizing at that moment either spends it first or sees
// it expired.
const { sql } = require('kysely');
const { toInstant, addMilliseconds } = require('../time');
const { inTransaction } = require('../db/rows');
const { scheduleRecurringJob } = require('../jobs/queue');
const { queueOnClockAdvancing } = require('../test-clocks/advancing-consumer');
const { recordEvent } = require('../outbox/outbox');
const { findCustomer, customerNow } = require('../customers/customers');
const { sumAmounts, isZeroAmount } = require('../invoicing/core-invoice');
const { presentGrant } = require('./grants');

const EXPIRE_INTERVAL_MS = 60 * 1000;

/// Grants not voided nor expired yet whose expires_at has passed by `until` (a test clock's
/// customers: by the clock's frozen time); only those on test clock `testClockId` when given.
async function dueGrantIds(db, { until, testClockId = null }) {
  const { rows } = await sql`
    select g.id from credit_grants g
      join customers c on c.id = g.customer_id
      left join test_clocks tc on tc.id = c.test_clock_id
     where g.expired_at is null and g.voided_at is null and g.expires_at is not null
       and g.expires_at <= coalesce(tc.frozen_time, ${until})
       ${testClockId ? sql`and c.test_clock_id = ${testClockId}` : sql``}
     order by g.expires_at, g.id`.execute(db);
  return rows.map((row) => row.id);
}

/// Expires grant `id` if it is still due by its customer's clock: what remains becomes
/// `expired_amount`, remaining zero. A grant spent to zero before it expired records a zero
/// amount and no event (nothing expired; it stays depleted).
async function expireGrant(trx, services, id) {
  const { clock, core, dialect } = services;
  let query = trx.selectFrom('credit_grants').selectAll().where('id', '=', id);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirstOrThrow();
  const now = await customerNow(trx, await findCustomer(trx, row.customer_id), clock);
  if (row.expired_at || row.voided_at || !row.expires_at || row.expires_at > toInstant(now)) return;
  const changes = {
    expired_amount: row.remaining, expired_at: row.expires_at, remaining: sumAmounts(core, row.currency, []), updated_at: toInstant(clock.now()),
  };
  await trx.updateTable('credit_grants').set(changes).where('id', '=', id).execute();
  if (isZeroAmount(row.remaining)) return;
  await recordEvent(trx, { type: 'credit_grant.expired', object: presentGrant({ ...row, ...changes }, now), customerId: row.customer_id }, clock.now());
}

async function expireDueGrants(services, { until, testClockId = null }) {
  for (const id of await dueGrantIds(services.db, { until, testClockId })) {
    await inTransaction(services.db, (trx) => expireGrant(trx, services, id));
  }
}

/// Recurring, every minute: expires the grants due now.
async function expireGrantsNow(payload, services) {
  const now = toInstant(services.now || services.clock.now());
  await expireDueGrants(services, { until: now });
  return { rescheduleAt: addMilliseconds(now, EXPIRE_INTERVAL_MS) };
}

/// After a test clock moved: expires its customers' grants due by its new time.
async function expireGrantsForClock({ test_clock_id: testClockId }, services) {
  await expireDueGrants(services, { until: toInstant(services.clock.now()), testClockId });
  return {};
}

/// Outbox consumer: test_clock.advancing queues the expiry of the clock's customers' grants.
const queueGrantExpiryForClock = queueOnClockAdvancing('credit_grants.expire_for_clock');

async function scheduleGrantExpiry(db, now) {
  await scheduleRecurringJob(db, { id: 'job_recurring_credit_grants_expire', type: 'credit_grants.expire' }, now);
}

const GRANT_EXPIRY_HANDLERS = {
  'credit_grants.expire': expireGrantsNow,
  'credit_grants.expire_for_clock': expireGrantsForClock,
};

module.exports = { GRANT_EXPIRY_HANDLERS, scheduleGrantExpiry, queueGrantExpiryForClock };
