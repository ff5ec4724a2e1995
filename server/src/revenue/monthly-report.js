'use strict';
const store = require('./snapshot-store');
const { compareSnapshots } = require('./compare-snapshots');

/// MRR movements by month: each month's last snapshot compared with the last one of an earlier
/// month (month end to month end, the usual monthly movement report: a customer who came and
/// went within the month is in neither), per currency of the snapshots or in a reporting
/// currency. Rows are movement rows with `month` first; `day` is the snapshot the month ends on.
async function monthlyMovements(executor, core, { scope, from, to, currency, reportingCurrency }) {
  const monthEnds = await store.monthEndDays(executor, { scope, from: from ? `${from}-01` : null, to: to ? `${to}-31` : null });
  const rows = [];
  let previousDay = monthEnds.length ? await store.previousSnapshotDay(executor, scope, `${monthEnds[0].month}-01`) : null;
  for (const { month, day } of monthEnds) {
    const currencies = reportingCurrency ? [null] : await currenciesOf(executor, scope, [day, previousDay], currency);
    for (const code of currencies) {
      rows.push({ month, ...await compareSnapshots(executor, core, { scope, day, previousDay, currency: code, reportingCurrency }) });
    }
    previousDay = day;
  }
  return rows;
}

/// The currencies of the day rows of `days` (null days skipped), or just `only`.
async function currenciesOf(executor, scope, days, only) {
  const rows = await executor.selectFrom('revenue_mrr_days').select('currency').distinct()
    .where('scope', '=', scope).where('day', 'in', days.filter(Boolean)).execute();
  const codes = rows.map((row) => row.currency).sort();
  return only ? codes.filter((code) => code === only) : codes;
}

module.exports = { monthlyMovements };
