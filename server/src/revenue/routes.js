'use strict';
const { snapshotDays } = require('./snapshot-store');
const { snapshotAllScopes } = require('./snapshot-scopes');
const { reportQuerySchema, reportFilter } = require('./report-query');
const { sendCsv } = require('./csv');
const {
  rateReportSchema, mrrReportSchema, movementReportSchema, monthlyMovementReportSchema, cohortReportSchema, snapshotRunSchema,
  recognitionReportSchema, waterfallReportSchema, journalReportSchema,
} = require('./schemas');
const {
  MRR_COLUMNS, MOVEMENT_COLUMNS, MONTHLY_MOVEMENT_COLUMNS, RATE_COLUMNS, COHORT_COLUMNS, RECOGNITION_COLUMNS, WATERFALL_COLUMNS, JOURNAL_COLUMNS,
  journalRows, presentMrrDay, presentMovementDay, presentReport, testClockOf, recognitionRows, waterfallRows, withinPeriod,
} = require('./presenters');
const { recognizeRevenue, deferredRevenueWaterfall } = require('./recognize-revenue');
const { journalEntries } = require('./journal-entries');
const { snapshotScopes } = require('./scopes');
const { computedDays } = require('./computed-report');
const { monthlyMovements } = require('./monthly-report');
const { mrrCohorts } = require('./cohort-report');
const { revenueRates } = require('./rates-report');
const fxRateRoutes = require('./fx-routes');
const { findTestClock } = require('../test-clocks/test-clocks');

/// Revenue reports, as JSON or CSV (?format=csv): daily MRR and ARR and their movements, the
/// snapshot that records them (also taken every hour by the job revenue.mrr_snapshot), and
/// monthly churn, retention and ARPA, and revenue recognized and deferred by month from finalized
/// invoices and credit notes, with its journal.
async function revenueRoutes(app, { services }) {
  const { db, core } = services;
  const tags = ['Reports'];
  await fxRateRoutes(app, { services });

  // A report by currency over every plan presents the stored day rows; one in a reporting
  // currency or of one plan is computed from the snapshots' entries (its rows come presented as
  // movement rows, `pick` keeps the report's fields).
  const report = (object, present, columns) => async (request, reply) => {
    const filter = await reportFilter(db, request.query);
    const pick = (row) => Object.fromEntries(columns.map((column) => [column, row[column]]));
    const rows = filter.reportingCurrency || filter.plan
      ? (await computedDays(db, core, filter)).map(pick)
      : (await snapshotDays(db, filter)).map(present);
    if (filter.format === 'csv') return sendCsv(reply, object, columns, rows);
    return { ...presentReport(object, rows, (row) => row, filter), reporting_currency: filter.reportingCurrency };
  };

  app.get('/reports/mrr', {
    config: { permission: 'reports:read' },
    schema: {
      operationId: 'reportMrr', tags, summary: 'MRR and ARR by day and currency, from the daily snapshots (?format=csv for CSV)',
      querystring: reportQuerySchema('day', { computed: true }), response: { 200: mrrReportSchema },
    },
  }, report('mrr_report', presentMrrDay, MRR_COLUMNS));

  app.get('/reports/mrr_movements', {
    config: { permission: 'reports:read' },
    schema: {
      operationId: 'reportMrrMovements', tags,
      summary: 'MRR movements by day and currency (new, expansion, contraction, churn, reactivation), summing to the change since the previous snapshot (?format=csv for CSV)',
      querystring: reportQuerySchema('day', { computed: true }), response: { 200: movementReportSchema },
    },
  }, report('mrr_movement_report', presentMovementDay, MOVEMENT_COLUMNS));

  app.get('/reports/mrr_movements_monthly', {
    config: { permission: 'reports:read' },
    schema: {
      operationId: 'reportMonthlyMrrMovements', tags,
      summary: "MRR movements by month: each month's last snapshot compared with the previous month's, by currency or in reporting_currency (?format=csv for CSV)",
      querystring: reportQuerySchema('month', { computed: true }), response: { 200: monthlyMovementReportSchema },
    },
  }, async (request, reply) => {
    const filter = await reportFilter(db, request.query);
    const pick = (row) => Object.fromEntries(MONTHLY_MOVEMENT_COLUMNS.map((column) => [column, row[column]]));
    const rows = (await monthlyMovements(db, core, filter)).map(pick);
    if (filter.format === 'csv') return sendCsv(reply, 'mrr_monthly_movement_report', MONTHLY_MOVEMENT_COLUMNS, rows);
    return { ...presentReport('mrr_monthly_movement_report', rows, (row) => row, filter), reporting_currency: filter.reportingCurrency };
  });

  app.get('/reports/mrr_rates', {
    config: { permission: 'reports:read' },
    schema: {
      operationId: 'reportMrrRates', tags,
      summary: 'Logo churn rate, revenue churn, gross and net revenue retention and ARPA by month, each with its exact terms (?format=csv for CSV)',
      querystring: reportQuerySchema('month', { computed: true }), response: { 200: rateReportSchema },
    },
  }, async (request, reply) => {
    const filter = await reportFilter(db, request.query);
    const rows = await revenueRates(db, core, filter);
    if (filter.format === 'csv') return sendCsv(reply, 'mrr_rate_report', RATE_COLUMNS, rows);
    return { ...presentReport('mrr_rate_report', rows, (row) => row, filter), reporting_currency: filter.reportingCurrency };
  });

  app.get('/reports/mrr_cohorts', {
    config: { permission: 'reports:read' },
    schema: {
      operationId: 'reportMrrCohorts', tags,
      summary: "MRR cohorts by signup month: each cohort's paying customers and MRR at every month end beside its size and MRR at the end of its own month (?format=csv for CSV)",
      querystring: reportQuerySchema('month', { computed: true }), response: { 200: cohortReportSchema },
    },
  }, async (request, reply) => {
    const filter = await reportFilter(db, request.query);
    const rows = await mrrCohorts(db, core, filter);
    if (filter.format === 'csv') return sendCsv(reply, 'mrr_cohort_report', COHORT_COLUMNS, rows);
    return { ...presentReport('mrr_cohort_report', rows, (row) => row, filter), reporting_currency: filter.reportingCurrency };
  });

  app.get('/reports/revenue_recognition', {
    config: { permission: 'reports:read' },
    schema: {
      operationId: 'reportRevenueRecognition', tags,
      summary: "Revenue recognized by month from finalized invoices and credit notes (net of discounts and tax, day by day over each line's period) and the deferred revenue at each month's end (?format=csv for CSV)",
      querystring: reportQuerySchema('month', { plan: true }), response: { 200: recognitionReportSchema },
    },
  }, async (request, reply) => {
    const filter = await reportFilter(db, request.query);
    const recognitions = await recognizeRevenue(db, core, filter);
    const rows = withinPeriod(recognitionRows(recognitions), 'period', filter);
    if (filter.format === 'csv') return sendCsv(reply, 'revenue_recognition', RECOGNITION_COLUMNS, rows);
    return {
      ...presentReport('revenue_recognition_report', rows, (row) => row, filter),
      unmatched_credits: recognitions.flatMap(({ currency, unmatchedCredits }) => unmatchedCredits.map((credit) => ({ currency, line: credit.id, amount: credit.amount }))),
    };
  });

  app.get('/reports/deferred_revenue', {
    config: { permission: 'reports:read' },
    schema: {
      operationId: 'reportDeferredRevenue', tags,
      summary: 'The deferred revenue waterfall: for each month revenue was invoiced in, what of it is recognized each month and what is still deferred (?format=csv for CSV)',
      querystring: reportQuerySchema('month', { plan: true }), response: { 200: waterfallReportSchema },
    },
  }, async (request, reply) => {
    const filter = await reportFilter(db, request.query);
    const rows = withinPeriod(waterfallRows(await deferredRevenueWaterfall(db, core, filter)), 'period', filter);
    if (filter.format === 'csv') return sendCsv(reply, 'deferred_revenue', WATERFALL_COLUMNS, rows);
    return presentReport('deferred_revenue_report', rows, (row) => row, filter);
  });

  app.get('/reports/journal_entries', {
    config: { permission: 'reports:read' },
    schema: {
      operationId: 'reportJournalEntries', tags,
      summary: 'Journal entries for accounting (accounts receivable, deferred revenue, revenue, tax payable), one row per debit or credit, up to now (?format=csv for CSV)',
      querystring: reportQuerySchema('day', { plan: true }), response: { 200: journalReportSchema },
    },
  }, async (request, reply) => {
    const filter = await reportFilter(db, request.query);
    const [{ now }] = await snapshotScopes(db, services.clock, filter.scope);
    const rows = withinPeriod(journalRows(await journalEntries(db, core, { ...filter, until: now })), 'date', filter);
    if (filter.format === 'csv') return sendCsv(reply, 'journal_entries', JOURNAL_COLUMNS, rows);
    return presentReport('journal_entries_report', rows, (row) => row, filter);
  });

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
