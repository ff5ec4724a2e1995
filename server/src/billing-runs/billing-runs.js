'use strict';
// A billing run's record: what was asked (`until`), its status and its counts.
const { notFound } = require('../http/errors');
const { parseJson } = require('../db/rows');

const STATUSES = ['queued', 'running', 'succeeded', 'failed'];

const billingRunSchema = {
  title: 'BillingRun',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'billing_run' }, status: { enum: STATUSES },
    until: { type: 'string', description: 'Wall-clock customers are billed for every moment up to this instant; test-clock customers up to their clock' },
    invoices: { type: 'integer' }, subscriptions: { type: 'integer', description: 'Subscription billings done (one per subscription and moment)' },
    totals: { type: 'object', additionalProperties: { type: 'string' }, description: 'Sum of the invoices\' totals per currency (added up by the core)' },
    failures: { type: 'array', items: { type: 'object', properties: { customer: { type: 'string' }, moment: { type: 'string' }, error: { type: 'string' } } } },
    started_at: { type: ['string', 'null'] }, finished_at: { type: ['string', 'null'] },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

function presentBillingRun(row) {
  return {
    id: row.id, object: 'billing_run', status: row.status, until: row.until, invoices: row.invoices, subscriptions: row.subscriptions,
    totals: parseJson(row.totals), failures: parseJson(row.failures), started_at: row.started_at, finished_at: row.finished_at,
    created_at: row.created_at, updated_at: row.updated_at,
  };
}

async function findBillingRun(executor, id, path = '') {
  const row = await executor.selectFrom('billing_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('billing run', id, path);
  return row;
}

module.exports = { STATUSES, billingRunSchema, presentBillingRun, findBillingRun };
