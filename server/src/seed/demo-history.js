'use strict';
const { fromDatabaseError } = require('../http/errors');
const { seedStep } = require('./seed-step');
const { toInstant } = require('../time');
const { createCustomer } = require('../customers/customers');
const { createSubscription, applyChange, cancel } = require('../subscriptions/service');
const { lockSubscription } = require('../subscriptions/subscriptions');
const { billAtSignup } = require('../billing-runs/signup');
const { billCustomersTogether } = require('../billing-runs/bill-batch');
const { takeMrrSnapshot } = require('../revenue/take-snapshot');
const { WALL_CLOCK, snapshotDay } = require('../revenue/scopes');

/// Replays the demo's past (demo-history-data.js) on the wall clock: for each step, oldest
/// first, a clock set to the step's day (the first of the month `monthsAgo` months before
/// `services.clock`'s, 12:00 UTC) bills the history's customers what was due by then (their
/// renewals, as the billing job would have), runs the step's events through the API's own
/// functions (customers and subscriptions created then, with their first invoices; quantities
/// changed and subscriptions canceled then), then takes that day's MRR snapshot, so every past figure is
/// the core's over the subscriptions as they were that day. Runs only on a database whose wall
/// clock has no subscription but this history's (the demo customers come after it); each event
/// is one transaction and is skipped once done, and a day's snapshot is taken only once, so a
/// restart after a crash resumes where it stopped, on the same days (counted from the first
/// step's, once it happened). Returns the number of snapshot days taken.
async function seedDemoHistory(services, history) {
  if (!history || !history.length || !(await historyMayRun(services.db))) return 0;
  const origin = await historyOrigin(services.db, history[0]) || monthStart(services.clock.now(), -history[0].monthsAgo);
  let taken = 0;
  for (const step of history) {
    const at = monthStart(new Date(origin), history[0].monthsAgo - step.monthsAgo);
    const past = { ...services, clock: { now: () => new Date(at) } };
    await billCustomersTogether(past, { customerIds: await historyCustomers(services.db), until: at });
    for (const event of step.events) await seedStep(services, `the demo's past on ${at}`, (trx) => replay(trx, past, event));
    if (await snapshotTaken(services.db, snapshotDay(at))) continue;
    await snapshotOnce(past, at);
    taken += 1;
  }
  return taken;
}

/// The first of the month `months` after `date`'s (before, when negative), at 12:00 UTC.
function monthStart(date, months) {
  return toInstant(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1, 12)));
}

// When a start replayed part of the history and stopped, the day its first step happened (its
// first customer's subscription start), so a later start in another month resumes on the same days.
async function historyOrigin(db, first) {
  const joined = first.events.find((event) => event.join);
  if (!joined) return null;
  const row = await db.selectFrom('subscriptions').innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
    .select('subscriptions.started_at').where('customers.external_id', '=', joined.join.external_id).executeTakeFirst();
  return row ? row.started_at : null;
}

// A fresh database (no wall-clock subscription yet), or one whose history was started: the
// demo history customers are the only wall-clock customers with subscriptions.
async function historyMayRun(db) {
  const other = await db.selectFrom('subscriptions').innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
    .select('subscriptions.id').where('customers.test_clock_id', 'is', null)
    .where((eb) => eb.or([eb('customers.external_id', 'is', null), eb('customers.external_id', 'not like', 'demo-history-%')]))
    .limit(1).executeTakeFirst();
  return !other;
}

async function historyCustomers(db) {
  const rows = await db.selectFrom('customers').select('id').where('external_id', 'like', 'demo-history-%').orderBy('id').execute();
  return rows.map((row) => row.id);
}

// The wall clock's snapshot of the day of `at` (its own transaction). Should another process
// seeding at the same time take it first (a duplicate row), theirs stands.
async function snapshotOnce(services, at) {
  try {
    await takeMrrSnapshot(services.db, services, { scope: WALL_CLOCK, now: at });
  } catch (error) {
    if (!fromDatabaseError(error) || !(await snapshotTaken(services.db, snapshotDay(at)))) throw error;
  }
}

async function snapshotTaken(db, day) {
  return Boolean(await db.selectFrom('revenue_mrr_days').select('day').where('scope', '=', WALL_CLOCK).where('day', '=', day).limit(1).executeTakeFirst());
}

// One event, unless it is done already: a customer that exists joined; a subscription at the
// quantity asked was changed; a canceled one was canceled.
async function replay(trx, services, event) {
  if (event.join) {
    if (await customerOf(trx, event.join.external_id)) return;
    const customer = await createCustomer(trx, services, event.join);
    const plan = await trx.selectFrom('plans').select('id').where('code', '=', event.subscription.plan).executeTakeFirstOrThrow();
    const created = await createSubscription(trx, services, { ...event.subscription, customer: customer.id, plan: plan.id });
    await billAtSignup(trx, services, created.id);
    return;
  }
  const row = await lockSubscription(trx, services.dialect, (await subscriptionOf(trx, event.change || event.cancel)).id);
  if (event.change && row.quantity !== event.quantity) await applyChange(trx, services, row, { quantity: event.quantity });
  if (event.cancel && row.status !== 'canceled') await cancel(trx, services, row, {}, null);
}

const customerOf = (trx, externalId) => trx.selectFrom('customers').select('id').where('external_id', '=', externalId).executeTakeFirst();

async function subscriptionOf(trx, externalId) {
  return trx.selectFrom('subscriptions').innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
    .select('subscriptions.id').where('customers.external_id', '=', externalId).executeTakeFirstOrThrow();
}

module.exports = { seedDemoHistory };
