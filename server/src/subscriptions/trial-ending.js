'use strict';
// The trial-ending notice (template trial.ending) through the mail outbox: a trialing
// subscription whose trial ends within TRIAL_NOTICE_DAYS by its customer's clock is mailed once
// per trial end (the mail's dedupe key; an extended trial is mailed again). A recurring job
// looks every minute on the wall clock and at every test clock's frozen time; a test clock that
// advances queues a look at its customers' at once.
const { sql } = require('kysely');
const { toInstant, addMilliseconds } = require('../time');
const { inTransaction } = require('../db/rows');
const { scheduleRecurringJob } = require('../jobs/queue');
const { queueOnClockAdvancing } = require('../test-clocks/advancing-consumer');
const { enqueueMail } = require('../mail/enqueue');

const DAY_MS = 24 * 60 * 60 * 1000;
/// How long before its trial ends a subscription's customer is told.
const TRIAL_NOTICE_DAYS = 3;
const LOOK_INTERVAL_MS = 60 * 1000;

// The notice's mail key (dueNotices builds the same in SQL).
const noticeKey = (id, trialEnd) => `trial.ending:${id}:${trialEnd}`;

/// Trialing subscriptions of the scope (the wall clock's customers when `testClockId` is null)
/// whose trial ends in (now, now + TRIAL_NOTICE_DAYS] and was not mailed yet; one set to cancel
/// at the end of its trial is told nothing of a paid period that will not come.
async function dueNotices(db, { now, testClockId }) {
  const until = addMilliseconds(now, TRIAL_NOTICE_DAYS * DAY_MS);
  const { rows } = await sql`
    select s.id, s.customer_id, s.trial_end, p.name as plan_name from subscriptions s
      join customers c on c.id = s.customer_id
      join plans p on p.id = s.plan_id
      left join mail_messages m on m.dedupe_key = 'trial.ending:' || s.id || ':' || s.trial_end
     where s.status = 'trialing' and s.cancel_at_period_end = 0 and s.trial_end > ${now} and s.trial_end <= ${until} and m.id is null
       and ${testClockId ? sql`c.test_clock_id = ${testClockId}` : sql`c.test_clock_id is null`}
     order by s.id`.execute(db);
  return rows;
}

async function mailDueNotices(services, scope) {
  for (const notice of await dueNotices(services.db, scope)) {
    await inTransaction(services.db, (trx) => enqueueMail(trx, services, {
      template: 'trial.ending', customerId: notice.customer_id, key: noticeKey(notice.id, notice.trial_end),
      data: { plan_name: notice.plan_name, trial_end: notice.trial_end },
    }));
  }
}

/// Recurring, every minute: the wall clock's customers, then each test clock's at its time.
async function mailTrialNotices(payload, services) {
  const now = toInstant(services.now || services.clock.now());
  await mailDueNotices(services, { now, testClockId: null });
  const clocks = await services.db.selectFrom('test_clocks').select(['id', 'frozen_time']).orderBy('id').execute();
  for (const clock of clocks) await mailDueNotices(services, { now: clock.frozen_time, testClockId: clock.id });
  return { rescheduleAt: addMilliseconds(now, LOOK_INTERVAL_MS) };
}

/// After a test clock moved: its customers' notices due at its new time.
async function mailTrialNoticesForClock({ test_clock_id: testClockId }, services) {
  const clock = await services.db.selectFrom('test_clocks').select('frozen_time').where('id', '=', testClockId).executeTakeFirst();
  if (clock) await mailDueNotices(services, { now: clock.frozen_time, testClockId });
  return {};
}

/// Outbox consumer: test_clock.advancing queues the look at the clock's customers.
const queueTrialNoticesForClock = queueOnClockAdvancing('trial.notices_for_clock');

async function scheduleTrialNotices(db, now) {
  await scheduleRecurringJob(db, { id: 'job_recurring_trial_notices', type: 'trial.notices' }, now);
}

const TRIAL_NOTICE_HANDLERS = {
  'trial.notices': mailTrialNotices,
  'trial.notices_for_clock': mailTrialNoticesForClock,
};

module.exports = { TRIAL_NOTICE_HANDLERS, scheduleTrialNotices, queueTrialNoticesForClock };
