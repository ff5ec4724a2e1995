'use strict';
const { invalidArgument } = require('../http/errors');
const { toInstant } = require('../time');

const DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const RATE = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/// Checks one rate ({ currency, reporting_currency, effective_date, rate }) and returns it: the
/// core checks both currencies and the rate as its `mrr` op would read them; `path` prefixes
/// the error paths ("" for a request body, "/csv/3" for an imported line).
function checkRate(core, rate, path = '') {
  if (!DAY.test(rate.effective_date) || Number.isNaN(Date.parse(`${rate.effective_date}T00:00:00Z`))) {
    throw invalidArgument('must be a day, YYYY-MM-DD', `${path}/effective_date`);
  }
  if (!RATE.test(rate.rate) || !/[1-9]/.test(rate.rate)) throw invalidArgument('must be a decimal string above 0, such as "1.0825"', `${path}/rate`);
  if (rate.currency === rate.reporting_currency) throw invalidArgument('must differ from reporting_currency', `${path}/currency`);
  for (const field of ['currency', 'reporting_currency']) {
    core.run({ op: 'mrr', currency: rate[field], current: [] }, [['/currency', `${path}/${field}`]]);
  }
  core.run({ op: 'mrr', currency: rate.reporting_currency, fx_rates: { [rate.currency]: rate.rate }, current: [] }, [['/fx_rates', `${path}/rate`]]);
  return rate;
}

/// Stores rates, each replacing the one of its currencies and day.
async function saveRates(executor, rates, now) {
  for (const rate of rates) {
    const row = { ...pick(rate), created_at: toInstant(now), updated_at: toInstant(now) };
    await executor.insertInto('revenue_fx_rates').values(row)
      .onConflict((conflict) => conflict.columns(['reporting_currency', 'currency', 'effective_date'])
        .doUpdateSet({ rate: row.rate, updated_at: row.updated_at }))
      .execute();
  }
}

const pick = (rate) => ({ currency: rate.currency, reporting_currency: rate.reporting_currency, effective_date: rate.effective_date, rate: rate.rate });

/// The rates into `reportingCurrency` in force on `day`: { currency: rate }, each the latest
/// effective on or before it.
async function ratesOn(executor, reportingCurrency, day) {
  const rows = await executor.selectFrom('revenue_fx_rates').select(['currency', 'rate', 'effective_date'])
    .where('reporting_currency', '=', reportingCurrency).where('effective_date', '<=', day)
    .orderBy('currency').orderBy('effective_date').execute();
  return Object.fromEntries(rows.map((row) => [row.currency, row.rate]));
}

/// Stored rates, newest day first, optionally of one reporting currency or currency.
async function listRates(executor, { reporting_currency: reporting, currency } = {}) {
  let query = executor.selectFrom('revenue_fx_rates').selectAll();
  if (reporting) query = query.where('reporting_currency', '=', reporting);
  if (currency) query = query.where('currency', '=', currency);
  return query.orderBy('effective_date', 'desc').orderBy('reporting_currency').orderBy('currency').limit(1000).execute();
}

function presentRate(row) {
  return { object: 'fx_rate', ...pick(row), updated_at: row.updated_at };
}

module.exports = { checkRate, saveRates, ratesOn, listRates, presentRate };
