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
    reporting_currency: { type: ['string', 'null'], description: 'The currency every amount was converted into, or null (by currency)' },
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
    net_change: { ...money, description: 'mrr − previous_mrr: exactly fx_effect (when converted) plus the five movements' },
    fx_effect: { type: ['string', 'null'], description: "With reporting_currency: what the day's exchange rates changed previous_mrr by (null in a report by currency)" },
    ...Object.fromEntries(MOVEMENTS.map((movement) => [movement, money])),
    ...Object.fromEntries(MOVEMENTS.map((movement) => [`${movement}_customers`, count])),
    net_arr_change: money,
    voluntary_churn: { type: ['string', 'null'], description: 'Churn of customers who left on their own: with involuntary_churn, exactly churn (null on days before the split)' },
    involuntary_churn: { type: ['string', 'null'], description: 'Churn of customers holding an unpaid invoice: uncollectible, or open after a failed payment' },
    voluntary_churn_customers: { type: ['integer', 'null'] }, involuntary_churn_customers: { type: ['integer', 'null'] },
  },
};

const monthlyMovementSchema = {
  ...movementDaySchema,
  title: 'MrrMovementMonth',
  properties: {
    month: { type: 'string', description: 'YYYY-MM' }, ...movementDaySchema.properties,
    day: { type: 'string', description: "The month's last snapshot, compared with the last one of an earlier month (previous_day)" },
  },
};
const monthlyMovementReportSchema = reportEnvelope('MrrMonthlyMovementReport', 'mrr_monthly_movement_report', monthlyMovementSchema);

const cohortRowSchema = {
  title: 'MrrCohortMonth',
  type: 'object',
  properties: {
    cohort: { type: 'string', description: 'The signup month: of the first snapshot the customers paid in (YYYY-MM)' },
    month: { type: 'string' }, day: { type: 'string', description: "The month's last snapshot" }, currency: { type: 'string' },
    customers: { type: 'integer', description: "The cohort's customers paying at the month's end" },
    mrr: { ...money, description: 'Their MRR' },
    cohort_customers: { type: ['integer', 'null'], description: 'The cohort at the end of its own month: customers / cohort_customers is logo retention' },
    cohort_mrr: { type: ['string', 'null'], description: 'Its MRR then: mrr / cohort_mrr is net revenue retention' },
  },
};
const cohortReportSchema = reportEnvelope('MrrCohortReport', 'mrr_cohort_report', cohortRowSchema);

const percent = (description) => ({ type: ['string', 'null'], description: `${description}, in percent, rounded half up to 2 decimals (null when the denominator is zero)` });
const rateRowSchema = {
  title: 'MrrRateMonth',
  type: 'object',
  properties: {
    month: { type: 'string' }, day: { type: 'string', description: "The month's last snapshot" },
    previous_day: { type: ['string', 'null'], description: "The previous month's last snapshot" }, currency: { type: 'string' },
    previous_customers: { ...count, description: 'Paying customers at the previous month end' }, customers: { ...count, description: 'Paying customers at the month end' },
    churned_customers: count, logo_churn_rate: percent('churned_customers / previous_customers'),
    previous_mrr: { ...money, description: "The previous month end's MRR (at this month end's rates in a reporting currency)" }, mrr: money,
    lost_mrr: { ...money, description: 'MRR lost to contraction and churn (positive)' }, revenue_churn_rate: percent('lost_mrr / previous_mrr'),
    retained_mrr: { ...money, description: 'previous_mrr less contraction and churn' }, gross_revenue_retention: percent('retained_mrr / previous_mrr'),
    net_retained_mrr: { ...money, description: 'retained_mrr plus expansion' }, net_revenue_retention: percent('net_retained_mrr / previous_mrr'),
    arpa: { type: ['string', 'null'], description: 'MRR per paying customer, rounded half up to the minor unit by the core (null without customers)' },
  },
};
const rateReportSchema = reportEnvelope('MrrRateReport', 'mrr_rate_report', rateRowSchema);

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

const recognitionPeriodSchema = {
  title: 'RevenueRecognitionPeriod',
  type: 'object',
  properties: {
    currency: { type: 'string' }, period: { type: 'string', description: 'The month, YYYY-MM (UTC)' },
    start: { type: 'string' }, end: { type: 'string' },
    recognized: { ...money, description: 'Revenue recognized in the month (net of discounts and tax)' },
    deferred: { ...money, description: "Deferred revenue at the month's end: invoiced so far minus recognized so far (negative: unbilled)" },
  },
};

const recognitionReportSchema = {
  ...reportEnvelope('RevenueRecognitionReport', 'revenue_recognition_report', recognitionPeriodSchema),
};
recognitionReportSchema.properties = {
  ...recognitionReportSchema.properties,
  unmatched_credits: {
    type: 'array', description: 'Credit lines (negative, such as proration credits) that no charged line could take: left out of the schedule',
    items: { title: 'UnmatchedCredit', type: 'object', properties: { currency: { type: 'string' }, line: { type: 'string' }, amount: money } },
  },
};

const waterfallRowSchema = {
  title: 'DeferredRevenueWaterfallRow',
  type: 'object',
  properties: {
    currency: { type: 'string' }, invoiced_period: { type: 'string', description: 'The month the revenue was invoiced in (YYYY-MM)' },
    period: { type: 'string', description: 'The month it is recognized in' },
    recognized: { ...money, description: 'Of the revenue invoiced in invoiced_period, what is recognized in period' },
    deferred: { ...money, description: "Of it, what is still deferred at period's end" },
  },
};
const waterfallReportSchema = reportEnvelope('DeferredRevenueReport', 'deferred_revenue_report', waterfallRowSchema);

const journalLineSchema = {
  title: 'JournalEntryLine',
  type: 'object',
  properties: {
    date: { type: 'string', description: 'The UTC day it is booked on' },
    entry: { type: 'string', description: "The entry's id: its lines' debits and credits balance" },
    currency: { type: 'string' },
    account: { enum: ['accounts_receivable', 'deferred_revenue', 'revenue', 'tax_payable'] },
    debit: { type: ['string', 'null'] }, credit: { type: ['string', 'null'] },
    reference: { type: 'string', description: 'The invoice, or the month recognized' },
    description: { type: 'string' },
  },
};
const journalReportSchema = reportEnvelope('JournalEntriesReport', 'journal_entries_report', journalLineSchema);

module.exports = {
  rateReportSchema, mrrReportSchema, movementReportSchema, monthlyMovementReportSchema, cohortReportSchema, snapshotRunSchema,
  recognitionReportSchema, waterfallReportSchema, journalReportSchema,
};
