'use strict';
const { currency } = require('../http/schemas');
const { checkRate, saveRates, listRates, presentRate } = require('./fx-rates');
const { parseRatesCsv } = require('./fx-import');

const fxRateSchema = {
  title: 'FxRate',
  type: 'object',
  properties: {
    object: { const: 'fx_rate' }, currency: { type: 'string' }, reporting_currency: { type: 'string' },
    effective_date: { type: 'string' }, rate: { type: 'string' }, updated_at: { type: 'string' },
  },
};
const fxRateListSchema = { title: 'FxRateList', type: 'object', properties: { object: { const: 'list' }, data: { type: 'array', items: fxRateSchema } } };

const rateBody = {
  type: 'object', additionalProperties: false, required: ['currency', 'reporting_currency', 'effective_date', 'rate'],
  properties: {
    currency: { ...currency, description: 'The currency converted' }, reporting_currency: currency,
    effective_date: { type: 'string', maxLength: 10, description: 'The UTC day the rate is in force from (YYYY-MM-DD), until the next one' },
    rate: { type: 'string', maxLength: 40, description: 'Units of reporting_currency per 1 unit of currency, a decimal string: "1.0825"' },
  },
};

/// Exchange rates for revenue reports in one currency: entered one at a time or imported as CSV.
async function fxRateRoutes(app, { services }) {
  const { db, core, clock } = services;
  const tags = ['Reports'];

  app.post('/fx_rates', {
    config: { permission: 'reports:write' },
    schema: {
      operationId: 'setFxRate', tags, summary: 'Set the exchange rate of a currency into a reporting currency from a day on (replaces that day\'s rate)',
      body: rateBody, response: { 200: fxRateSchema },
    },
  }, async (request) => {
    const rate = checkRate(core, request.body);
    await request.transaction((trx) => saveRates(trx, [rate], clock.now()));
    return presentRate({ ...rate, updated_at: clock.now().toISOString() });
  });

  app.post('/fx_rates/import', {
    config: { permission: 'reports:write' },
    schema: {
      operationId: 'importFxRates', tags, summary: 'Import exchange rates from CSV (columns currency, reporting_currency, effective_date, rate): all lines or none',
      body: {
        type: 'object', additionalProperties: false, required: ['csv'],
        properties: { csv: { type: 'string', minLength: 1, maxLength: 1024 * 512, description: 'The CSV text, a header line first' } },
      },
      response: { 200: fxRateListSchema },
    },
  }, async (request) => {
    const rates = parseRatesCsv(core, request.body.csv);
    await request.transaction((trx) => saveRates(trx, rates, clock.now()));
    return { object: 'list', data: rates.map((rate) => presentRate({ ...rate, updated_at: clock.now().toISOString() })) };
  });

  app.get('/fx_rates', {
    config: { permission: 'reports:read' },
    schema: {
      operationId: 'listFxRates', tags, summary: 'List exchange rates, newest day first (at most 1000)',
      querystring: { type: 'object', additionalProperties: false, properties: { reporting_currency: currency, currency } },
      response: { 200: fxRateListSchema },
    },
  }, async (request) => ({ object: 'list', data: (await listRates(db, request.query)).map(presentRate) }));
}

module.exports = fxRateRoutes;
