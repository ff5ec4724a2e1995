'use strict';
const { parseJson } = require('../db/rows');
const { invalidArgument } = require('../http/errors');
const { sumAmounts } = require('../invoicing/core-invoice');
const store = require('./snapshot-store');
const { ratesOn } = require('./fx-rates');
const { MOVEMENTS } = require('./presenters');

const isZero = (amount) => !/[1-9]/.test(amount);
const isPositive = (amount) => /[1-9]/.test(amount) && !amount.startsWith('-');
const negated = (amount) => (isZero(amount) ? amount : amount.startsWith('-') ? amount.slice(1) : `-${amount}`);

/// The scope's snapshot days in one reporting currency, every currency converted by the stored
/// rates in force that day. Each day the core's `mrr` op compares the previous snapshot with
/// this one at the day's rates, so the movements are customers' alone; `fx_effect` is what the
/// day's rates changed the previous MRR by (it at the day's rates minus it as reported at its
/// own day's rates), so previous_mrr + fx_effect + the movements = mrr, exactly.
/// Returns presented movement rows (with mrr, arr and customers).
async function convertedDays(executor, core, { scope, from, to, reportingCurrency }) {
  const rows = [];
  for (const day of await store.snapshotDayList(executor, { scope, from, to })) {
    const previousDay = await store.previousSnapshotDay(executor, scope, day);
    const previousRows = await store.customerRowsOf(executor, scope, previousDay);
    const previous = previousRows.flatMap((row) => parseJson(row.entries));
    const current = (await store.customerRowsOf(executor, scope, day)).flatMap((row) => parseJson(row.entries));
    const rates = await ratesFor(executor, reportingCurrency, day, current.concat(previous));
    const payingBefore = new Set(previousRows.filter((row) => Number(row.paying) === 1).map((row) => row.customer_id));
    const former = (await store.everPayingCustomers(executor, scope, null, day)).filter((id) => !payingBefore.has(id));
    const result = core.run({
      op: 'mrr', currency: reportingCurrency, fx_rates: rates, include_arr: true, previous, current, former_customers: former,
    });
    let reported = result.previous_mrr;
    if (previousDay) {
      const previousRates = await ratesFor(executor, reportingCurrency, previousDay, previous);
      reported = core.run({ op: 'mrr', currency: reportingCurrency, fx_rates: previousRates, current: previous }).current_mrr;
    }
    const row = {
      day, previous_day: previousDay, currency: reportingCurrency, previous_mrr: reported, mrr: result.current_mrr, arr: result.current_arr,
      customers: result.customers.filter((customer) => isPositive(customer.current_mrr)).length,
      net_change: sumAmounts(core, reportingCurrency, [result.current_mrr, negated(reported)]),
      fx_effect: sumAmounts(core, reportingCurrency, [result.previous_mrr, negated(reported)]),
    };
    for (const movement of MOVEMENTS) row[movement] = result.movements[movement].amount;
    for (const movement of MOVEMENTS) row[`${movement}_customers`] = result.movements[movement].customers;
    Object.assign(row, {
      net_arr_change: result.net_arr_change, voluntary_churn: null, involuntary_churn: null,
      voluntary_churn_customers: null, involuntary_churn_customers: null,
    });
    rows.push(row);
  }
  return rows;
}

/// The rates into `reportingCurrency` on `day` for the currencies `entries` use; a missing one
/// is INVALID_ARGUMENT naming it.
async function ratesFor(executor, reportingCurrency, day, entries) {
  const stored = await ratesOn(executor, reportingCurrency, day);
  const rates = {};
  for (const code of new Set(entries.map((entry) => entry.currency))) {
    if (code === reportingCurrency) continue;
    if (!stored[code]) {
      throw invalidArgument(`no exchange rate from ${code} to ${reportingCurrency} in force on ${day}: set one with POST /v1/fx_rates`, '/reporting_currency');
    }
    rates[code] = stored[code];
  }
  return rates;
}

module.exports = { convertedDays };
