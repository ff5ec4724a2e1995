'use strict';
// What a billing run reads for each customer it bills. `directReads` asks the database at every
// call, one row at a time, as billing one customer at one moment does. `batchReads` serves a
// batch of customers in one transaction (bill-batch.js): what does not change while the batch
// runs (the seller's settings, plans and their versions' prices, coupons, test clocks' times)
// is read once, and before each round of the batch `prefetch` reads the round's customers,
// their due subscriptions' billing schedules and subscriptions (both locked) and their last
// billed periods, one query each, and `claimLateAdjustments` their late usage adjustments, for
// the calls that follow.
const { sql } = require('kysely');
const { readSettings } = require('../settings/seller-settings');
const { findPlan, planVersionPrices } = require('../catalog/plans');
const { findCustomer, customerNow } = require('../customers/customers');
const { lockSubscription } = require('../subscriptions/subscriptions');
const { claimLateAdjustments, claimLateAdjustmentsOf } = require('../usage');

/// { settings(), plan(id), prices(planId, version), coupon(id), customer(id), now(customer),
/// lockSchedules(subscriptionIds), lockSubscription(id), lastBilledPeriod(subscriptionId),
/// lateAdjustments(subscriptionId) }, each read from `trx` at every call. lockSchedules locks and
/// returns the schedules of the subscriptions, in id order; on PostgreSQL rows another worker
/// holds are skipped (SKIP LOCKED), so two workers never wait on each other's customer.
/// lateAdjustments claims the subscription's late usage adjustments (claimLateAdjustments).
function directReads(trx, services) {
  const { dialect, clock } = services;
  return {
    settings: () => readSettings(trx),
    plan: (id) => findPlan(trx, id),
    prices: (planId, version) => planVersionPrices(trx, planId, version),
    coupon: (id) => trx.selectFrom('coupons').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    customer: (id) => findCustomer(trx, id),
    now: (customer) => customerNow(trx, customer, clock),
    lockSchedules: (subscriptionIds) => lockSchedules(trx, dialect, subscriptionIds),
    lockSubscription: (id) => lockSubscription(trx, dialect, id),
    lastBilledPeriod: (subscriptionId) => lastBilledPeriods(trx, [subscriptionId]).then((rows) => rows.get(subscriptionId) || null),
    lateAdjustments: (subscriptionId) => claimLateAdjustments(trx, services, { subscriptionId }),
  };
}

/// The same reads for a batch in transaction `trx`, plus `prefetch(due)`: `due` maps each
/// customer of the round to { moment, subscriptionIds } (nextDueMoments); it resolves to the ids
/// of the subscriptions it locked. What was prefetched is served once; anything else is read as
/// directReads reads it.
function batchReads(trx, services) {
  const direct = directReads(trx, services);
  const kept = new Map();
  const once = (key, read) => {
    if (!kept.has(key)) kept.set(key, read());
    return kept.get(key);
  };
  let round = { customers: new Map(), schedules: new Map(), subscriptions: new Map(), lastBilled: new Map(), late: new Map() };
  const take = (map, key) => {
    const value = map.get(key);
    map.delete(key);
    return value;
  };
  return {
    settings: () => once('settings', direct.settings),
    plan: (id) => once(`plan ${id}`, () => direct.plan(id)),
    prices: (planId, version) => once(`prices ${planId} ${version}`, () => direct.prices(planId, version)),
    coupon: (id) => once(`coupon ${id}`, () => direct.coupon(id)),
    now: (customer) => (customer.test_clock_id ? once(`clock ${customer.test_clock_id}`, () => direct.now(customer)) : direct.now(customer)),
    customer: async (id) => take(round.customers, id) || direct.customer(id),
    // Schedules the prefetch could not lock (another worker holds them) are left out, as
    // lockSchedules leaves them out.
    lockSchedules: async (subscriptionIds) => {
      if (!subscriptionIds.every((id) => round.schedules.has(id))) return direct.lockSchedules(subscriptionIds);
      return [...subscriptionIds].sort().map((id) => take(round.schedules, id)).filter(Boolean);
    },
    lockSubscription: async (id) => take(round.subscriptions, id) || direct.lockSubscription(id),
    lastBilledPeriod: async (subscriptionId) => (round.lastBilled.has(subscriptionId) ? take(round.lastBilled, subscriptionId) : direct.lastBilledPeriod(subscriptionId)),
    lateAdjustments: async (subscriptionId) => take(round.late, subscriptionId) || direct.lateAdjustments(subscriptionId),
    /// Claims the late adjustments of the round's subscriptions the prefetch locked (their
    /// waiting usage merged in one pass first), for lateAdjustments to serve.
    async claimLateAdjustments(subscriptionIds) {
      round.late = await claimLateAdjustmentsOf(trx, services, subscriptionIds);
    },
    async prefetch(due) {
      const customerIds = [...due.keys()];
      const subscriptionIds = [...due.values()].flatMap((next) => next.subscriptionIds);
      round = { customers: new Map(), schedules: new Map(), subscriptions: new Map(), lastBilled: new Map(), late: new Map() };
      if (!customerIds.length) return [];
      const customers = await trx.selectFrom('customers').selectAll().where('id', 'in', customerIds).execute();
      const schedules = await lockSchedules(trx, services.dialect, subscriptionIds);
      const lockedIds = schedules.map((schedule) => schedule.subscription_id);
      const subscriptions = lockedIds.length ? await lockSubscriptions(trx, services.dialect, lockedIds) : [];
      round = {
        customers: new Map(customers.map((row) => [row.id, row])),
        // every due subscription has an entry: null when another worker holds its schedule
        schedules: new Map([...subscriptionIds.map((id) => [id, null]), ...schedules.map((row) => [row.subscription_id, row])]),
        subscriptions: new Map(subscriptions.map((row) => [row.id, row])),
        lastBilled: lockedIds.length ? await lastBilledPeriods(trx, lockedIds) : new Map(),
        late: new Map(),
      };
      for (const id of lockedIds) if (!round.lastBilled.has(id)) round.lastBilled.set(id, null);
      return lockedIds;
    },
  };
}

async function lockSchedules(trx, dialect, subscriptionIds) {
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
  const { rows } = await sql`select * from billing_schedules where subscription_id in (${sql.join(subscriptionIds)}) order by subscription_id ${lock}`.execute(trx);
  return rows;
}

async function lockSubscriptions(trx, dialect, ids) {
  const lock = dialect === 'postgres' ? sql`for update` : sql``;
  const { rows } = await sql`select * from subscriptions where id in (${sql.join(ids)}) order by id ${lock}`.execute(trx);
  return rows;
}

/// The last period each of `subscriptionIds` was billed in advance (or skipped while paused):
/// what its next invoice bills in arrears. A Map from subscription id to its billing row; a
/// subscription never billed so is left out.
async function lastBilledPeriods(executor, subscriptionIds) {
  const { rows } = await sql`
    select * from (
      select b.*, row_number() over (partition by b.subscription_id order by b.moment desc) as latest
        from subscription_billings b
       where b.subscription_id in (${sql.join(subscriptionIds)}) and b.period_start is not null) ranked
     where latest = 1`.execute(executor);
  return new Map(rows.map(({ latest, ...row }) => [row.subscription_id, row]));
}

module.exports = { directReads, batchReads, lockSchedules, lastBilledPeriods };
