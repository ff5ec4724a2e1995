'use strict';
const { parseJson } = require('../db/rows');
const store = require('./snapshot-store');
const { ratesFor } = require('./compare-snapshots');

const isPositive = (amount) => /[1-9]/.test(amount) && !amount.startsWith('-');

/// MRR cohorts by signup month: a customer's cohort is the month of the first snapshot they
/// paid in. At each month end (the month's last snapshot) every cohort's paying customers and
/// their MRR (added up by the core's `mrr` op) beside the cohort's size and MRR at the end of its
/// own month: logo and net revenue retention, as exact figures to divide. Per currency of the
/// snapshots, or in a reporting currency at each month end's rates; over every plan or one
/// `plan`'s subscriptions (the cohort stays the customer's first paying month).
/// Rows: { cohort, month, day, currency, customers, mrr, cohort_customers, cohort_mrr }.
async function mrrCohorts(executor, core, { scope, from, to, currency, reportingCurrency, plan }) {
  const cohortOf = await signupMonths(executor, scope, reportingCurrency ? null : currency);
  const monthEnds = await store.monthEndDays(executor, { scope, to: to ? `${to}-31` : null });
  const rows = [];
  const starts = new Map(); // `${currency} ${cohort}` → { customers, mrr } at the cohort's own month end
  for (const { month, day } of monthEnds) {
    const entries = (await store.customerRowsOf(executor, scope, day)).filter((row) => Number(row.paying) === 1)
      .flatMap((row) => {
        const plans = parseJson(row.plans) || {};
        return parseJson(row.entries).filter((entry) => !plan || plans[entry.id] === plan);
      });
    const groups = groupByCohort(entries, cohortOf, reportingCurrency, currency);
    for (const [key, group] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const [code, cohort] = key.split(' ');
      const fxRates = reportingCurrency ? await ratesFor(executor, reportingCurrency, day, group) : {};
      const result = core.run({ op: 'mrr', currency: code, fx_rates: fxRates, current: group });
      const figures = { customers: result.customers.filter((customer) => isPositive(customer.current_mrr)).length, mrr: result.current_mrr };
      if (cohort === month) starts.set(key, figures);
      const start = starts.get(key);
      rows.push({
        cohort, month, day, currency: code, ...figures,
        cohort_customers: start ? start.customers : null, cohort_mrr: start ? start.mrr : null,
      });
    }
  }
  return rows.filter((row) => (!from || row.month >= from) && (!to || row.month <= to));
}

/// Each customer's signup month: the month of their first paying snapshot (in `currency`, or in
/// any currency when null). Map(customer → "YYYY-MM").
async function signupMonths(executor, scope, currency) {
  let query = executor.selectFrom('revenue_mrr_customers').select('customer_id').select((eb) => eb.fn.min('day').as('first_day'))
    .where('scope', '=', scope).where('paying', '=', 1).groupBy('customer_id');
  if (currency) query = query.where('currency', '=', currency);
  return new Map((await query.execute()).map((row) => [row.customer_id, row.first_day.slice(0, 7)]));
}

/// The entries grouped by `${currency} ${cohort}`: the reporting currency, or each entry's own
/// (only `only` when given).
function groupByCohort(entries, cohortOf, reportingCurrency, only) {
  const groups = new Map();
  for (const entry of entries) {
    if (!reportingCurrency && only && entry.currency !== only) continue;
    const key = `${reportingCurrency || entry.currency} ${cohortOf.get(entry.customer)}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(entry);
  }
  return groups;
}

module.exports = { mrrCohorts };
