'use strict';
const { snapshotDays } = require('./snapshot-store');
const { snapshotAllScopes } = require('./snapshot-scopes');
const { reportQuerySchema, reportFilter } = require('./report-query');
const { sendCsv } = require('./csv');
const { mrrReportSchema, movementReportSchema, snapshotRunSchema } = require('./schemas');
const {
  MRR_COLUMNS, MOVEMENT_COLUMNS, presentMrrDay, presentMovementDay, presentReport, testClockOf,
} = require('./presenters');
const { findTestClock } = require('../test-clocks/test-clocks');

/// Revenue reports: daily MRR and ARR and their movements, as JSON or CSV (?format=csv), and
/// the snapshot that records them (also taken every hour by the job revenue.mrr_snapshot).
async function revenueRoutes(app, { services }) {
  const { db } = services;
  const tags = ['Reports'];

  const report = (object, present, columns) => async (request, reply) => {
    const filter = await reportFilter(db, request.query);
    const rows = await snapshotDays(db, filter);
    if (filter.format === 'csv') return sendCsv(reply, object, columns, rows.map(present));
    return presentReport(object, rows, present, filter);
  };

  app.get('/reports/mrr', {
    config: { permission: 'reports:read' },
    schema: {
      operationId: 'reportMrr', tags, summary: 'MRR and ARR by day and currency, from the daily snapshots (?format=csv for CSV)',
      querystring: reportQuerySchema, response: { 200: mrrReportSchema },
    },
  }, report('mrr_report', presentMrrDay, MRR_COLUMNS));

  app.get('/reports/mrr_movements', {
    config: { permission: 'reports:read' },
    schema: {
      operationId: 'reportMrrMovements', tags,
      summary: 'MRR movements by day and currency (new, expansion, contraction, churn, reactivation), summing to the change since the previous snapshot (?format=csv for CSV)',
      querystring: reportQuerySchema, response: { 200: movementReportSchema },
    },
  }, report('mrr_movement_report', presentMovementDay, MOVEMENT_COLUMNS));

  app.post('/reports/mrr/snapshots', {
    config: { permission: 'reports:write' },
    schema: {
      operationId: 'takeMrrSnapshot', tags,
      summary: "Take today's MRR snapshot now (the wall clock's day, and each test clock's): every scope, or only `test_clock`'s",
      body: {
        type: ['object', 'null'], additionalProperties: false,
        properties: { test_clock: { type: 'string', maxLength: 100, description: "Only this test clock's customers" } },
      },
      response: { 200: snapshotRunSchema },
    },
  }, async (request) => {
    const testClockId = request.body && request.body.test_clock;
    if (testClockId) await findTestClock(db, testClockId, '/test_clock');
    const { days, failures } = await snapshotAllScopes(services, testClockId || null);
    for (const failure of failures) request.log.error({ err: failure.error, scope: failure.scope }, 'MRR snapshot failed');
    return {
      object: 'mrr_snapshot_run',
      data: days.map((row) => ({ ...presentMrrDay(row), test_clock: testClockOf(row.scope) })),
      failures: failures.map((failure) => ({ test_clock: testClockOf(failure.scope), message: failure.error.message })),
    };
  });
}

module.exports = revenueRoutes;
