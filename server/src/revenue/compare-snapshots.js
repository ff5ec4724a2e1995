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

/// Compares a scope's snapshot of `day` with the one of `previousDay` (null: nothing before)
/// through the core's `mrr` op, in one `currency` (its subscriptions only) or in a
/// `reportingCurrency` (every currency converted at the stored rates in force on `day`, so the
/// movements are customers' alone, and `fx_effect` is what those rates changed the previous MRR
/// by: it at `day`'s rates minus it at `previousDay`'s, subtracted by the core; so
/// previous_mrr + fx_effect + the movements = mrr, exactly), over every plan or one `plan`'s
/// entries. Customers who paid before `previousDay` and were not paying then come back as
/// reactivations.
/// Returns a presented movement row (with arr, customers and previous_customers).
async function compareSnapshots(executor, core, { scope, day, previousDay, currency, reportingCurrency, plan = null }) {
  const entriesOf = (rows) => (reportingCurrency ? rows : rows.filter((row) => row.currency === currency)).flatMap((row) => {
    const plans = parseJson(row.plans) || {};
    return parseJson(row.entries).filter((entry) => !plan || plans[entry.id] === plan);
  });
  const previous = entriesOf(await store.customerRowsOf(executor, scope, previousDay));
  const current = entriesOf(await store.customerRowsOf(executor, scope, day));
  const target = reportingCurrency || currency;
  const rates = reportingCurrency ? await ratesFor(executor, reportingCurrency, day, current.concat(previous)) : {};
  const before = core.run({ op: 'mrr', currency: target, fx_rates: rates, current: previous });
  const payingBefore = new Set(before.customers.filter((customer) => isPositive(customer.current_mrr)).map((customer) => customer.customer));
  const former = previousDay
    ? (await store.everPayingCustomers(executor, scope, reportingCurrency ? null : currency, previousDay))
      .filter((id) => !payingBefore.has(id))
    : [];
  const result = core.run({ op: 'mrr', currency: target, fx_rates: rates, include_arr: true, previous, current, former_customers: former });
  let reported = result.previous_mrr;
  let fxEffect = null;
  if (reportingCurrency) {
    if (previousDay) {
      const previousRates = await ratesFor(executor, reportingCurrency, previousDay, previous);
      reported = core.run({ op: 'mrr', currency: target, fx_rates: previousRates, current: previous }).current_mrr;
    }
    fxEffect = sumAmounts(core, target, [result.previous_mrr, negated(reported)]);
  }
  const row = {
    day, previous_day: previousDay, currency: target, previous_mrr: reported, mrr: result.current_mrr, arr: result.current_arr,
    customers: result.customers.filter((customer) => isPositive(customer.current_mrr)).length, previous_customers: payingBefore.size,
    net_change: reportingCurrency ? sumAmounts(core, target, [result.current_mrr, negated(reported)]) : result.net_change,
    fx_effect: fxEffect,
  };
  for (const movement of MOVEMENTS) row[movement] = result.movements[movement].amount;
  for (const movement of MOVEMENTS) row[`${movement}_customers`] = result.movements[movement].customers;
  Object.assign(row, {
    net_arr_change: result.net_arr_change, voluntary_churn: null, involuntary_churn: null,
    voluntary_churn_customers: null, involuntary_churn_customers: null,
  });
  return row;
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

module.exports = { compareSnapshots, ratesFor };
