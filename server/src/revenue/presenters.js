'use strict';
const { parseJson } = require('../db/rows');
const { WALL_CLOCK } = require('./scopes');

const MOVEMENTS = ['new', 'expansion', 'contraction', 'churn', 'reactivation'];

/// The columns of each report, in order: its JSON rows' fields and its CSV header.
const MRR_COLUMNS = ['day', 'currency', 'mrr', 'arr', 'customers'];
const MOVEMENT_COLUMNS = ['day', 'previous_day', 'currency', 'previous_mrr', 'mrr', 'net_change', 'fx_effect',
  ...MOVEMENTS, ...MOVEMENTS.map((movement) => `${movement}_customers`), 'net_arr_change',
  'voluntary_churn', 'involuntary_churn', 'voluntary_churn_customers', 'involuntary_churn_customers'];

const MONTHLY_MOVEMENT_COLUMNS = ['month', ...MOVEMENT_COLUMNS];
const RATE_COLUMNS = ['month', 'day', 'previous_day', 'currency', 'previous_customers', 'customers', 'churned_customers', 'logo_churn_rate',
  'previous_mrr', 'mrr', 'lost_mrr', 'revenue_churn_rate', 'retained_mrr', 'gross_revenue_retention', 'net_retained_mrr', 'net_revenue_retention', 'arpa'];
const COHORT_COLUMNS = ['cohort', 'month', 'day', 'currency', 'customers', 'mrr', 'cohort_customers', 'cohort_mrr'];
const RECOGNITION_COLUMNS = ['currency', 'period', 'start', 'end', 'recognized', 'deferred'];
const WATERFALL_COLUMNS = ['currency', 'invoiced_period', 'period', 'recognized', 'deferred'];
const JOURNAL_COLUMNS = ['date', 'entry', 'currency', 'account', 'debit', 'credit', 'reference', 'description'];

const testClockOf = (scope) => (scope === WALL_CLOCK ? null : scope);

function presentMrrDay(row) {
  return { day: row.day, currency: row.currency, mrr: row.mrr, arr: row.arr, customers: Number(row.customers) };
}

function presentMovementDay(row) {
  const movements = parseJson(row.movements);
  const presented = {
    day: row.day, previous_day: row.previous_day, currency: row.currency, previous_mrr: row.previous_mrr,
    mrr: row.mrr, net_change: row.net_change, fx_effect: null,
  };
  for (const movement of MOVEMENTS) presented[movement] = movements[movement].amount;
  for (const movement of MOVEMENTS) presented[`${movement}_customers`] = movements[movement].customers;
  presented.net_arr_change = row.net_arr_change;
  // Days snapshotted before churn was split have none.
  const split = parseJson(row.churn_split);
  Object.assign(presented, {
    voluntary_churn: split ? split.voluntary.amount : null, involuntary_churn: split ? split.involuntary.amount : null,
    voluntary_churn_customers: split ? split.voluntary.customers : null, involuntary_churn_customers: split ? split.involuntary.customers : null,
  });
  return presented;
}

/// The rows of the recognition report: one per currency and month.
function recognitionRows(recognitions) {
  return recognitions.flatMap(({ currency, periods }) => periods.map((period) => ({
    currency, period: period.period, start: period.start, end: period.end, recognized: period.recognized, deferred: period.deferred,
  })));
}

/// The rows of the waterfall: one per currency, month invoiced and month recognized.
function waterfallRows(waterfall) {
  return waterfall.flatMap(({ currency, invoiced_period: invoiced, periods }) => periods.map((period) => ({
    currency, invoiced_period: invoiced, period: period.period, recognized: period.recognized, deferred: period.deferred,
  })));
}

/// The rows of the journal: one per entry line.
function journalRows(entries) {
  return entries.flatMap(({ lines, ...entry }) => lines.map((line) => ({
    date: entry.date, entry: entry.entry, currency: entry.currency, account: line.account, debit: line.debit, credit: line.credit,
    reference: entry.reference, description: entry.description,
  })));
}

/// Rows whose `key` (a day or a month) lies within the filter's from and to.
const withinPeriod = (rows, key, { from, to }) => rows.filter((row) => (!from || row[key] >= from) && (!to || row[key] <= to));

/// A report: its rows and the filter it answers.
function presentReport(object, rows, present, { scope, from, to, currency }) {
  return {
    object, test_clock: testClockOf(scope), from: from || null, to: to || null, currency: currency || null,
    data: rows.map(present),
  };
}

module.exports = {
  MOVEMENTS, MRR_COLUMNS, MOVEMENT_COLUMNS, MONTHLY_MOVEMENT_COLUMNS, RATE_COLUMNS, COHORT_COLUMNS, RECOGNITION_COLUMNS, WATERFALL_COLUMNS, JOURNAL_COLUMNS,
  journalRows, presentMrrDay, presentMovementDay, presentReport, testClockOf, recognitionRows, waterfallRows, withinPeriod,
};
