'use strict';
const { MOVEMENTS } = require('./presenters');

const money = { type: 'string', description: 'A decimal string from the core, in `currency`' };
const count = { type: 'integer' };

const reportEnvelope = (title, object, row) => ({
  title,
  type: 'object',
  properties: {
    object: { const: object },
    test_clock: { type: ['string', 'null'], description: 'The test clock reported on, or null for the customers on no test clock' },
    from: { type: ['string', 'null'] }, to: { type: ['string', 'null'] }, currency: { type: ['string', 'null'] },
    data: { type: 'array', items: row },
  },
});

const mrrDaySchema = {
  title: 'MrrDay',
  type: 'object',
  properties: {
    day: { type: 'string' }, currency: { type: 'string' }, mrr: money,
    arr: { ...money, description: "Annual recurring revenue: 12 × each customer's exact MRR, rounded once per customer" },
    customers: { ...count, description: 'Customers with positive MRR' },
  },
};

const movementDaySchema = {
  title: 'MrrMovementDay',
  type: 'object',
  properties: {
    day: { type: 'string' },
    previous_day: { type: ['string', 'null'], description: 'The snapshot the movements are measured from (null: the first one)' },
    currency: { type: 'string' }, previous_mrr: money, mrr: money,
    net_change: { ...money, description: 'mrr − previous_mrr: exactly the sum of the five movements' },
    ...Object.fromEntries(MOVEMENTS.map((movement) => [movement, money])),
    ...Object.fromEntries(MOVEMENTS.map((movement) => [`${movement}_customers`, count])),
    net_arr_change: money,
  },
};

const mrrReportSchema = reportEnvelope('MrrReport', 'mrr_report', mrrDaySchema);
const movementReportSchema = reportEnvelope('MrrMovementReport', 'mrr_movement_report', movementDaySchema);

const snapshotRunSchema = {
  title: 'MrrSnapshotRun',
  type: 'object',
  properties: {
    object: { const: 'mrr_snapshot_run' },
    data: { type: 'array', items: { ...mrrDaySchema, title: 'MrrSnapshotDay', properties: { ...mrrDaySchema.properties, test_clock: { type: ['string', 'null'] } } } },
    failures: {
      type: 'array',
      items: { title: 'MrrSnapshotFailure', type: 'object', properties: { test_clock: { type: ['string', 'null'] }, message: { type: 'string' } } },
    },
  },
};

module.exports = { mrrReportSchema, movementReportSchema, snapshotRunSchema };
