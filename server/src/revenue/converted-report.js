'use strict';
const store = require('./snapshot-store');
const { compareSnapshots } = require('./compare-snapshots');

/// The scope's snapshot days in one reporting currency: each day compared with its previous
/// snapshot, every currency converted at the stored rates in force that day (compare-snapshots.js).
/// Returns presented movement rows (with mrr, arr and customers).
async function convertedDays(executor, core, { scope, from, to, reportingCurrency }) {
  const rows = [];
  for (const day of await store.snapshotDayList(executor, { scope, from, to })) {
    const previousDay = await store.previousSnapshotDay(executor, scope, day);
    rows.push(await compareSnapshots(executor, core, { scope, day, previousDay, reportingCurrency }));
  }
  return rows;
}

module.exports = { convertedDays };
