'use strict';
const store = require('./snapshot-store');
const { compareSnapshots } = require('./compare-snapshots');

/// MRR movements by month: each month's last snapshot compared with the last one of an earlier
/// month (month end to month end, the usual monthly movement report: a customer who came and
/// went within the month is in neither), per currency of the snapshots or in a reporting
/// currency, over every plan or one `plan`'s subscriptions. Rows are movement rows with
/// `month` first; `day` is the snapshot the month ends on.
async function monthlyMovements(executor, core, { scope, from, to, currency, reportingCurrency, plan }) {
  const monthEnds = await store.monthEndDays(executor, { scope, from: from ? `${from}-01` : null, to: to ? `${to}-31` : null });
  const rows = [];
  let previousDay = monthEnds.length ? await store.previousSnapshotDay(executor, scope, `${monthEnds[0].month}-01`) : null;
  for (const { month, day } of monthEnds) {
    const currencies = reportingCurrency ? [null] : await store.currenciesOn(executor, scope, [day, previousDay], currency);
    for (const code of currencies) {
      rows.push({ month, ...await compareSnapshots(executor, core, { scope, day, previousDay, currency: code, reportingCurrency, plan }) });
    }
    previousDay = day;
  }
  return rows;
}

module.exports = { monthlyMovements };
