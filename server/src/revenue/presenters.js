'use strict';
const { parseJson } = require('../db/rows');
const { WALL_CLOCK } = require('./scopes');

const MOVEMENTS = ['new', 'expansion', 'contraction', 'churn', 'reactivation'];

/// The columns of each report, in order: its JSON rows' fields and its CSV header.
const MRR_COLUMNS = ['day', 'currency', 'mrr', 'arr', 'customers'];
const MOVEMENT_COLUMNS = ['day', 'previous_day', 'currency', 'previous_mrr', 'mrr', 'net_change',
  ...MOVEMENTS, ...MOVEMENTS.map((movement) => `${movement}_customers`), 'net_arr_change'];

const testClockOf = (scope) => (scope === WALL_CLOCK ? null : scope);

function presentMrrDay(row) {
  return { day: row.day, currency: row.currency, mrr: row.mrr, arr: row.arr, customers: Number(row.customers) };
}

function presentMovementDay(row) {
  const movements = parseJson(row.movements);
  const presented = {
    day: row.day, previous_day: row.previous_day, currency: row.currency, previous_mrr: row.previous_mrr,
    mrr: row.mrr, net_change: row.net_change,
  };
  for (const movement of MOVEMENTS) presented[movement] = movements[movement].amount;
  for (const movement of MOVEMENTS) presented[`${movement}_customers`] = movements[movement].customers;
  presented.net_arr_change = row.net_arr_change;
  return presented;
}

/// A report: its rows and the filter it answers.
function presentReport(object, rows, present, { scope, from, to, currency }) {
  return {
    object, test_clock: testClockOf(scope), from: from || null, to: to || null, currency: currency || null,
    data: rows.map(present),
  };
}

module.exports = { MOVEMENTS, MRR_COLUMNS, MOVEMENT_COLUMNS, presentMrrDay, presentMovementDay, presentReport, testClockOf };
