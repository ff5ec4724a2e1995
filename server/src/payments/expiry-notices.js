'use strict';
// The expiring-card notice: once a day, every default card on file that expires at the end of
// this month or the next gets one email (template card.expiring) through the mail outbox, once
// per card and expiry.
const { addMilliseconds, toInstant } = require('../time');
const { enqueueMail } = require('../mail/enqueue');
const { scheduleRecurringJob } = require('../jobs/queue');

const JOB_ID = 'job_recurring_card_expiry_notices';
const INTERVAL_MS = 24 * 60 * 60 * 1000;

/// The recurring job: mails each card of the window not mailed yet, then runs again a day later.
async function sendCardExpiryNotices(payload, services) {
  const { db, now } = services;
  const month = now.getUTCFullYear() * 12 + now.getUTCMonth();
  const cards = await db.selectFrom('payment_methods').selectAll()
    .where('status', '=', 'active').where('is_default', '=', 1).execute();
  for (const card of cards) {
    const expires = card.exp_year * 12 + (card.exp_month - 1);
    if (expires < month || expires > month + 1) continue;
    await db.transaction().execute((trx) => enqueueMail(trx, services, {
      template: 'card.expiring', customerId: card.customer_id, key: `card.expiring:${card.id}:${card.exp_year}-${card.exp_month}`,
      data: { card_brand: card.brand, card_last4: card.last4, exp_month: card.exp_month, exp_year: card.exp_year },
    }));
  }
  return { rescheduleAt: addMilliseconds(toInstant(now), INTERVAL_MS) };
}

function scheduleExpiryNotices(db, now) {
  return scheduleRecurringJob(db, { id: JOB_ID, type: 'payment.card_expiry_notices' }, now);
}

module.exports = { sendCardExpiryNotices, scheduleExpiryNotices };
