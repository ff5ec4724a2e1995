'use strict';
// Queries of the MRR snapshot tables (migration 800_revenue).

/// The scope's last snapshot day before `day` in any currency, or null.
async function previousSnapshotDay(executor, scope, day) {
  const row = await executor.selectFrom('revenue_mrr_days').select('day')
    .where('scope', '=', scope).where('day', '<', day).orderBy('day', 'desc').limit(1).executeTakeFirst();
  return row ? row.day : null;
}

/// The customer rows of one snapshot day of a scope (every currency).
async function customerRowsOf(executor, scope, day) {
  if (!day) return [];
  return executor.selectFrom('revenue_mrr_customers').selectAll()
    .where('scope', '=', scope).where('day', '=', day).orderBy('currency').orderBy('customer_id').execute();
}

/// Customers of the scope who had positive MRR in `currency` (null: in any currency) on some day
/// before `day`.
async function everPayingCustomers(executor, scope, currency, day) {
  let query = executor.selectFrom('revenue_mrr_customers').select('customer_id').distinct()
    .where('scope', '=', scope).where('paying', '=', 1).where('day', '<', day);
  if (currency) query = query.where('currency', '=', currency);
  const rows = await query.execute();
  return rows.map((row) => row.customer_id);
}

/// Replaces the snapshot of `scope` on `day` (a snapshot taken again the same day is the
/// day's latest state).
async function replaceSnapshot(executor, scope, day, { days, customers }) {
  await executor.deleteFrom('revenue_mrr_customers').where('scope', '=', scope).where('day', '=', day).execute();
  await executor.deleteFrom('revenue_mrr_days').where('scope', '=', scope).where('day', '=', day).execute();
  if (days.length) await executor.insertInto('revenue_mrr_days').values(days).execute();
  for (let at = 0; at < customers.length; at += 500) {
    await executor.insertInto('revenue_mrr_customers').values(customers.slice(at, at + 500)).execute();
  }
}

/// The day rows of a scope from `from` to `to` (inclusive days, either may be null), in one
/// currency or all, oldest first.
async function snapshotDays(executor, { scope, from, to, currency }) {
  let query = executor.selectFrom('revenue_mrr_days').selectAll().where('scope', '=', scope);
  if (from) query = query.where('day', '>=', from);
  if (to) query = query.where('day', '<=', to);
  if (currency) query = query.where('currency', '=', currency);
  return query.orderBy('day').orderBy('currency').execute();
}

/// The distinct snapshot days of a scope from `from` to `to` (either may be null), oldest first.
async function snapshotDayList(executor, { scope, from, to }) {
  let query = executor.selectFrom('revenue_mrr_days').select('day').distinct().where('scope', '=', scope);
  if (from) query = query.where('day', '>=', from);
  if (to) query = query.where('day', '<=', to);
  return (await query.orderBy('day').execute()).map((row) => row.day);
}

/// The last snapshot day of each month of a scope up to `to` (a day, or null), oldest first:
/// [{ month: "YYYY-MM", day }].
async function monthEndDays(executor, { scope, from = null, to = null }) {
  const monthEnds = [];
  for (const day of await snapshotDayList(executor, { scope, from, to })) {
    const month = day.slice(0, 7);
    if (monthEnds.length && monthEnds[monthEnds.length - 1].month === month) monthEnds[monthEnds.length - 1].day = day;
    else monthEnds.push({ month, day });
  }
  return monthEnds;
}

/// The currencies of a scope's day rows on `days` (null days skipped), sorted, or just `only`.
async function currenciesOn(executor, scope, days, only = null) {
  const rows = await executor.selectFrom('revenue_mrr_days').select('currency').distinct()
    .where('scope', '=', scope).where('day', 'in', days.filter(Boolean)).execute();
  const codes = rows.map((row) => row.currency).sort();
  return only ? codes.filter((code) => code === only) : codes;
}

module.exports = {
  currenciesOn, previousSnapshotDay, customerRowsOf, everPayingCustomers, replaceSnapshot, snapshotDays, snapshotDayList, monthEndDays,
};
