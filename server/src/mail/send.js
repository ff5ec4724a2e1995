'use strict';
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { mailTransport } = require('./transport');
const { attachmentsOf } = require('./messages');

/// Job `mail.send`: hands one queued message to SMTP (or the development mail log) and records
/// the attempt as a delivery. A refusal for good (an SMTP 5xx reply: no such mailbox, say)
/// fails the message at once; anything else (a 4xx reply, a connection that fails or times
/// out) is thrown, so the queue retries with its backoff until the job's attempts run out, and
/// the message is `failed` after the last one. The message carries its id as Message-ID: should
/// the process die after the server accepted it and before this is recorded, the retry sends it
/// again under the same Message-ID (delivery is at least once).
async function sendMail({ message_id: messageId }, { db, clock, config, job }) {
  const message = await db.selectFrom('mail_messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  if (!message || message.status !== 'queued') return;
  const transport = mailTransport(config);
  const delivery = {
    id: newId('mdl'), message_id: message.id, attempt: message.attempts + 1, transport: transport.kind,
    started_at: toInstant(clock.now()), finished_at: null, outcome: null, response: null, error: null,
  };
  await db.insertInto('mail_deliveries').values(delivery).execute();

  let response;
  try {
    const mail = composeMail(message, await attachmentsOf(db, message.id));
    ({ response } = await transport.send(mail, { message, delivery: delivery.id, at: delivery.started_at }));
  } catch (error) {
    const permanent = Number(error.responseCode) >= 500 && Number(error.responseCode) < 600;
    const lastAttempt = permanent || !job || job.attempts >= job.max_attempts;
    const errorText = String(error.response || error.message || error).slice(0, 1000);
    await record(db, clock, message, delivery, { outcome: 'failed', error: errorText },
      { status: lastAttempt ? 'failed' : 'queued', last_error: errorText });
    if (!lastAttempt) throw error;
    return { warning: `message ${message.id} failed: ${errorText}` };
  }
  await record(db, clock, message, delivery, { outcome: 'sent', response: String(response ?? '').slice(0, 1000) },
    { status: 'sent', last_error: null, sent_at: toInstant(clock.now()) });
}

// Finishes the delivery and updates the message, in one transaction.
function record(db, clock, message, delivery, deliveryOutcome, messageChanges) {
  const now = toInstant(clock.now());
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('mail_deliveries').set({ finished_at: now, ...deliveryOutcome }).where('id', '=', delivery.id).execute();
    await trx.updateTable('mail_messages').set({ ...messageChanges, attempts: delivery.attempt, updated_at: now })
      .where('id', '=', message.id).execute();
  });
}

/// The message as nodemailer sends it.
function composeMail(message, attachments) {
  return {
    from: message.from_address,
    to: message.to_name ? { name: message.to_name, address: message.to_email } : message.to_email,
    subject: message.subject,
    text: message.text_body,
    html: message.html_body,
    messageId: `<${message.id}@ratecard>`,
    headers: { 'X-Ratecard-Message': message.id, 'X-Ratecard-Template': message.template },
    attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.content_type, content: Buffer.from(a.content_base64, 'base64') })),
  };
}

/// Mail jobs, by type.
const MAIL_HANDLERS = { 'mail.send': sendMail };

module.exports = { MAIL_HANDLERS };
