'use strict';
// Which subscriptions are due for billing. Each subscription has a next billing moment
// (billing_schedules); a subscription that ended before it is due at its end instead. A
// customer on a test clock is billed up to its clock's frozen time, every other customer up to
// the run's `until`.
const { sql } = require('kysely');

/// Gives every subscription without a billing schedule one: its first billing moment is when
/// billing starts (the trial's end, or the start).
async function ensureSchedules(executor) {
  await sql`
    insert into billing_schedules (subscription_id, customer_id, next_billing_at, coupon_periods_applied)
    select s.id, s.customer_id, coalesce(s.trial_end, s.started_at), 0
      from subscriptions s
     where not exists (select 1 from billing_schedules b where b.subscription_id = s.id)`.execute(executor);
}

// Each scheduled subscription with its effective billing moment and the bound it is billed to: a
// subscription that ended before its next moment is due when it ended, unless that final
// billing is done (its next moment is then its late usage billing).
const dueRows = (until, { clocks = true } = {}) => sql`
  select b.subscription_id, b.customer_id,
         case when s.ended_at is not null and s.ended_at < b.next_billing_at
                   and not exists (select 1 from subscription_billings f where f.subscription_id = b.subscription_id and f.moment = s.ended_at)
              then s.ended_at else b.next_billing_at end as moment,
         ${clocks ? sql`coalesce(tc.frozen_time, ${until})` : sql`${until}`} as bound
    from billing_schedules b
    join subscriptions s on s.id = b.subscription_id
    join customers c on c.id = b.customer_id
    left join test_clocks tc on tc.id = c.test_clock_id
   where b.next_billing_at is not null`;

/// Up to `limit` customers (ids after `afterId`, in order) with a subscription due by `until`.
async function dueCustomers(executor, { until, afterId = '', limit = 100 }) {
  const { rows } = await sql`
    select distinct d.customer_id from (${dueRows(until)}) d
     where d.moment <= d.bound and d.customer_id > ${afterId}
     order by d.customer_id limit ${limit}`.execute(executor);
  return rows.map((row) => row.customer_id);
}

/// The customer's earliest due billing moment by `until` and the subscriptions due at it:
/// { moment, subscriptionIds } or null.
async function nextDueMoment(executor, { customerId, until, clocks = true }) {
  const { rows } = await sql`
    select d.subscription_id, d.moment from (${dueRows(until, { clocks })}) d
     where d.customer_id = ${customerId} and d.moment <= d.bound
     order by d.moment, d.subscription_id`.execute(executor);
  if (!rows.length) return null;
  const { moment } = rows[0];
  return { moment, subscriptionIds: rows.filter((row) => row.moment === moment).map((row) => row.subscription_id) };
}

/// nextDueMoment of each of `customerIds` in one query: a Map from customer id to { moment,
/// subscriptionIds }, customers with nothing due left out.
async function nextDueMoments(executor, { customerIds, until }) {
  const due = new Map();
  if (!customerIds.length) return due;
  const { rows } = await sql`
    select d.customer_id, d.subscription_id, d.moment from (${dueRows(until)}) d
     where d.customer_id in (${sql.join(customerIds)}) and d.moment <= d.bound
     order by d.customer_id, d.moment, d.subscription_id`.execute(executor);
  for (const row of rows) {
    const next = due.get(row.customer_id);
    if (!next) due.set(row.customer_id, { moment: row.moment, subscriptionIds: [row.subscription_id] });
    else if (next.moment === row.moment) next.subscriptionIds.push(row.subscription_id);
  }
  return due;
}

/// The moment `subscription` (caught up) is due at by its `schedule`, as dueRows computes it.
async function billingMoment(executor, subscription, schedule) {
  if (subscription.ended_at === null || subscription.ended_at >= schedule.next_billing_at) return schedule.next_billing_at;
  const final = await executor.selectFrom('subscription_billings').select('moment')
    .where('subscription_id', '=', subscription.id).where('moment', '=', subscription.ended_at).executeTakeFirst();
  return final ? schedule.next_billing_at : subscription.ended_at;
}

/// How many subscriptions are due by `until` (for a run's progress).
async function countDue(executor, { until }) {
  const { rows } = await sql`select count(*) as count from (${dueRows(until)}) d where d.moment <= d.bound`.execute(executor);
  return Number(rows[0].count);
}

/// The customer's next billing moment and the subscriptions due at it, however far away
/// (the upcoming invoice).
async function nextMoment(executor, customerId) {
  return nextDueMoment(executor, { customerId, until: '9999-12-31T23:59:59.999Z', clocks: false });
}

module.exports = { ensureSchedules, dueCustomers, nextDueMoment, nextDueMoments, countDue, nextMoment, billingMoment };
