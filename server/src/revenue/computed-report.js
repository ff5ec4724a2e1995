'use strict';
const store = require('./snapshot-store');
const { compareSnapshots } = require('./compare-snapshots');

/// The scope's snapshot days computed from the stored entries rather than read from the day
/// rows: in one reporting currency (every currency converted at the stored rates in force that
/// day) or per currency, over every plan or one `plan`'s subscriptions; each day compared with
/// its previous snapshot (compare-snapshots.js).
/// Returns presented movement rows (with mrr, arr and customers).
async function computedDays(executor, core, { scope, from, to, currency, reportingCurrency, plan }) {
  const rows = [];
  for (const day of await store.snapshotDayList(executor, { scope, from, to })) {
    const previousDay = await store.previousSnapshotDay(executor, scope, day);
    const currencies = reportingCurrency ? [null] : await store.currenciesOn(executor, scope, [day, previousDay], currency);
    for (const code of currencies) {
      rows.push(await compareSnapshots(executor, core, { scope, day, previousDay, currency: code, reportingCurrency, plan }));
    }
  }
  return rows;
}

module.exports = { computedDays };
