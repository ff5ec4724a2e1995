'use strict';
// The billing run figures as table rows, for the terminal report and the README alike: one row
// per size, the run's wall clock and where the two workers' time went, per invoice.

/** The columns: short heading and meaning. */
const BILLING_COLUMNS = [
  { short: 'subscriptions', meaning: 'subscriptions due (one per customer), each billed once by the run' },
  { short: 'run s', meaning: 'wall clock from POST /v1/billing_runs to the run\'s success (its created_at to finished_at)' },
  { short: 'invoices/s', meaning: 'invoices the run issued per second of wall clock' },
  { short: 'core ms', meaning: 'per invoice, the core computing it (the run\'s invoice requests replayed in process, one call each as the server makes them)' },
  { short: 'Node ms', meaning: 'per invoice, the rest of the two server processes\' CPU (queries built and read, JSON, the pg driver, jobs)' },
  { short: 'database ms', meaning: 'per invoice, PostgreSQL executing the server\'s statements (pg_stat_statements)' },
  { short: 'other ms', meaning: 'per invoice, the rest of the two workers\' time: round trips, commits waiting for the WAL flush, locks (the invoice number series), job polling, waiting for a CPU' },
  { short: 'statements', meaning: 'SQL statements per invoice' },
  { short: 'PostgreSQL CPU ms', meaning: 'per invoice, CPU of the PostgreSQL processes' },
  { short: 'seeding/s', meaning: 'subscriptions created per second while seeding (customer, subscription and its first invoice, written in the benchmark\'s process as the API writes them)' },
];

/** One row per size of a billing result. */
function billingRows(billing) {
  const number = (value) => (value === null || value === undefined ? null : value.toLocaleString('en-US'));
  return billing.runs.map((run) => [
    number(run.subscriptions), number(run.wall_s), number(run.invoices_per_s), number(run.time.ms_per_invoice.core), number(run.time.ms_per_invoice.node),
    number(run.time.ms_per_invoice.database), number(run.time.ms_per_invoice.other), number(run.time.statements_per_invoice),
    number(run.time.postgres_cpu_ms_per_invoice), number(run.seeding_subscriptions_per_s),
  ]);
}

/** What every size was: the mix billed, in one sentence. */
const BILLING_MIX = 'a monthly seat plan (40 %), a fee with graduated API calls (30 %), a fee with units and a 500.00 minimum (30 %), '
  + 'a coupon on one subscription in three, customers in seven EU countries, VAT by the core at each country\'s rate';

module.exports = { BILLING_COLUMNS, billingRows, BILLING_MIX };
