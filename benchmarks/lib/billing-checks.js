'use strict';
// What the billing benchmark reads back from the database after a run, through a monitor role
// of its own (so pg_stat_statements can leave its queries out): whether the run billed right,
// the statements the server executed, and the run's invoice requests replayed through the core
// in this process, the same call the server makes (ratecard.run), to time the core's share.
// Reads only: nothing here writes what the server would write.

const path = require('node:path');
const { BILLING_INSTANT } = require('./billing-seed.js');

const ROOT = path.join(__dirname, '..', '..');
/// The role the benchmark reads with.
const MONITOR_ROLE = 'bench_monitor';
const PAGE = 2000;

const count = async (monitor, text, values = []) => Number((await monitor.query(text, values)).rows[0].n);

/**
 * The run `runId` of `size` subscriptions, each due once: { invoices, billed_subscriptions,
 * distinct_subscriptions, duplicate_periods, still_due, numbered, numbers_gapless, problems }
 * (`problems` empty when the run billed every subscription once on a gapless numbering).
 */
async function checkRun(monitor, runId, size) {
  const invoices = await count(monitor, 'select count(*) as n from invoices where billing_run_id = $1', [runId]);
  const { rows: [billed] } = await monitor.query(`
    select count(*) as n, count(distinct b.subscription_id) as distinct_subscriptions
      from subscription_billings b join invoices i on i.id = b.invoice_id
     where i.billing_run_id = $1`, [runId]);
  const duplicates = await count(monitor, `
    select count(*) as n from (select subscription_id, period_start from subscription_billings
     where period_start is not null group by subscription_id, period_start having count(*) > 1) d`);
  const stillDue = await count(monitor, 'select count(*) as n from billing_schedules where next_billing_at <= $1', [new Date(BILLING_INSTANT).toISOString()]);
  const drafts = await count(monitor, "select count(*) as n from invoices where billing_run_id = $1 and status = 'draft'", [runId]);
  const { rows: [numbers] } = await monitor.query(`
    select count(*) as n, count(distinct number) as distinct_numbers, min(number) as first, max(number) as last
      from invoices where number is not null`);
  const numbered = Number(numbers.n);
  const gapless = numbered === Number(numbers.distinct_numbers) && numbers.first === 'INV-000001'
    && Number(numbers.last.replace(/^INV-/, '')) === numbered;
  const result = {
    invoices_expected: size,
    invoices,
    billed_subscriptions: Number(billed.n),
    distinct_subscriptions: Number(billed.distinct_subscriptions),
    duplicate_periods: duplicates,
    still_due: stillDue,
    numbered_invoices: numbered,
    numbers_gapless: gapless,
    problems: [],
  };
  const problems = result.problems;
  if (invoices !== size) problems.push(`${invoices} invoices for ${size} subscriptions due`);
  if (result.billed_subscriptions !== size || result.distinct_subscriptions !== size) {
    problems.push(`${result.billed_subscriptions} billings of ${result.distinct_subscriptions} subscriptions, ${size} due`);
  }
  if (duplicates) problems.push(`${duplicates} (subscription, period) pairs billed more than once`);
  if (stillDue) problems.push(`${stillDue} subscriptions still due`);
  if (drafts) problems.push(`${drafts} invoices left in draft`);
  if (!gapless) problems.push(`numbering: ${numbered} numbered invoices, ${numbers.distinct_numbers} distinct, ${numbers.first} to ${numbers.last}`);
  return result;
}

/**
 * Replays the run's invoice requests (as stored on its invoices) through the native core in
 * this process, one call each as the server makes them, and compares each total with the
 * stored one: { invoices, cpu_s, wall_s, mismatched }.
 */
async function replayCore(monitor, runId) {
  const { createRatecard } = require(ROOT);
  const ratecard = await createRatecard({ backend: 'native' });
  const totals = { invoices: 0, cpu_s: 0, wall_s: 0, mismatched: 0 };
  for (let afterId = ''; ;) {
    const { rows } = await monitor.query(
      'select id, core_request, total from invoices where billing_run_id = $1 and id > $2 order by id limit $3', [runId, afterId, PAGE]);
    if (!rows.length) break;
    const requests = rows.map((row) => JSON.parse(row.core_request));
    const cpuBefore = process.cpuUsage();
    const wallBefore = process.hrtime.bigint();
    const results = requests.map((request) => ratecard.run(request));
    totals.wall_s += Number(process.hrtime.bigint() - wallBefore) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    totals.cpu_s += (cpu.user + cpu.system) / 1e6;
    results.forEach((result, i) => {
      if (result.total !== rows[i].total) totals.mismatched += 1;
    });
    totals.invoices += rows.length;
    afterId = rows[rows.length - 1].id;
  }
  return totals;
}

/// Forgets the statements counted so far (before a run).
async function resetStatements(monitor) {
  await monitor.query('select pg_stat_statements_reset()');
}

/// The statements the server executed since the reset: { calls, exec_ms, top: [{ calls, total_ms, mean_ms, query }] }.
async function statementTotals(monitor) {
  const server = `from pg_stat_statements s join pg_roles r on r.oid = s.userid
    where r.rolname <> '${MONITOR_ROLE}' and s.dbid = (select oid from pg_database where datname = current_database())`;
  const { rows: [sum] } = await monitor.query(`select coalesce(sum(calls), 0) as calls, coalesce(sum(total_exec_time), 0) as ms ${server}`);
  const { rows: top } = await monitor.query(`
    select calls, total_exec_time as ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as query ${server}
     order by total_exec_time desc limit ${Number(process.env.BENCH_TOP_STATEMENTS || 8)}`);
  return {
    calls: Number(sum.calls),
    exec_ms: Math.round(Number(sum.ms)),
    top: top.map((row) => ({
      calls: Number(row.calls), total_ms: Math.round(Number(row.ms)), mean_ms: Number((Number(row.ms) / Number(row.calls)).toFixed(3)), query: row.query,
    })),
  };
}

module.exports = { checkRun, replayCore, resetStatements, statementTotals, MONITOR_ROLE };
