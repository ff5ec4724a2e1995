'use strict';
const { inTransaction, parseJson } = require('../db/rows');
const { toInstant, parseInstant } = require('../time');
const { mrrEntriesOfScope } = require('./mrr-entries');
const { snapshotDay } = require('./scopes');
const { involuntaryChurners } = require('./churn-reasons');
const store = require('./snapshot-store');

/// MRR is never negative, so any non-zero digit makes an amount from the core positive.
const isPositive = (amount) => /[1-9]/.test(amount);

/// Takes the MRR snapshot of one scope ({ scope, now }) on the day of its `now`, in one
/// transaction: in each currency, the core's `mrr` op compares the scope's subscriptions now
/// with its previous snapshot (customers who paid before and stopped are passed as former
/// customers, so their return is a reactivation) and gives the totals, ARR and the movements,
/// which sum exactly to the change. Taking it again the same day replaces it.
/// Returns the day rows written.
async function takeMrrSnapshot(db, { core, clock }, { scope, now }) {
  if (!parseInstant(now)) throw new Error(`the scope ${scope} has no valid now (${now}): no snapshot`);
  const day = snapshotDay(now);
  return inTransaction(db, async (trx) => {
    const previousDay = await store.previousSnapshotDay(trx, scope, day);
    const previousRows = await store.customerRowsOf(trx, scope, previousDay);
    const { byCurrency: current, planOf } = await mrrEntriesOfScope(trx, core, scope);
    const currencies = [...new Set([...previousRows.map((row) => row.currency), ...current.keys()])].sort();
    const written = { days: [], customers: [] };
    for (const currency of currencies) {
      const before = previousRows.filter((row) => row.currency === currency);
      const previous = before.flatMap((row) => parseJson(row.entries));
      const entries = current.get(currency) || [];
      if (!previous.length && !entries.length) continue;
      const payingBefore = new Set(before.filter((row) => Number(row.paying) === 1).map((row) => row.customer_id));
      const former = (await store.everPayingCustomers(trx, scope, currency, day)).filter((id) => !payingBefore.has(id));
      const result = core.run({ op: 'mrr', currency, include_arr: true, previous, current: entries, former_customers: former });
      const churned = result.customers.filter((customer) => customer.movement === 'churn').map((customer) => customer.customer);
      const involuntary = await involuntaryChurners(trx, churned);
      const split = churnSplit(core, currency, previous, churned, involuntary);
      written.days.push({ ...dayRow({ scope, day, currency, previousDay, result, takenAt: toInstant(clock.now()) }), churn_split: JSON.stringify(split) });
      written.customers.push(...customerRows({ scope, day, currency, result, entries, involuntary, planOf }));
    }
    await store.replaceSnapshot(trx, scope, day, written);
    return written.days;
  });
}

/// The churn movement split into voluntary and involuntary, each `{ amount, customers }`: the
/// core's `mrr` op classifies each group's previous subscriptions against nothing, so the two
/// amounts are the same rounded customer figures as the day's churn and sum exactly to it.
function churnSplit(core, currency, previous, churned, involuntary) {
  const churnOf = (customers) => core.run({
    op: 'mrr', currency, previous: previous.filter((entry) => customers.includes(entry.customer)), current: [],
  }).movements.churn;
  return {
    voluntary: churnOf(churned.filter((customer) => !involuntary.has(customer))),
    involuntary: churnOf(churned.filter((customer) => involuntary.has(customer))),
  };
}

function dayRow({ scope, day, currency, previousDay, result, takenAt }) {
  return {
    scope, day, currency, previous_day: previousDay, previous_mrr: result.previous_mrr, mrr: result.current_mrr,
    arr: result.current_arr, net_change: result.net_change, net_arr_change: result.net_arr_change,
    customers: result.customers.filter((customer) => isPositive(customer.current_mrr)).length,
    movements: JSON.stringify(result.movements), arr_movements: JSON.stringify(result.arr_movements), taken_at: takenAt,
  };
}

/// A row for each customer who pays now or whose MRR or ARR moved: the rest have nothing to
/// compare against tomorrow.
function customerRows({ scope, day, currency, result, entries, involuntary, planOf }) {
  return result.customers
    .filter((customer) => isPositive(customer.current_mrr) || customer.movement !== 'unchanged' || customer.arr_movement !== 'unchanged')
    .map((customer) => ({
      scope, day, currency, customer_id: customer.customer, previous_mrr: customer.previous_mrr, mrr: customer.current_mrr,
      arr: customer.current_arr, change: customer.change, movement: customer.movement,
      paying: isPositive(customer.current_mrr) ? 1 : 0,
      churn_reason: customer.movement !== 'churn' ? null : involuntary.has(customer.customer) ? 'involuntary' : 'voluntary',
      ...entriesAndPlans(entries.filter((entry) => entry.customer === customer.customer), planOf),
    }));
}

/// A customer's core entries and the plan each is on, as stored.
function entriesAndPlans(entries, planOf) {
  return {
    entries: JSON.stringify(entries),
    plans: JSON.stringify(Object.fromEntries(entries.map((entry) => [entry.id, planOf.get(entry.id)]))),
  };
}

module.exports = { takeMrrSnapshot };
