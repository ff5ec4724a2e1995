'use strict';
const crypto = require('node:crypto');
const { ApiError } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { enqueueJob } = require('../jobs/queue');
const { findCustomer } = require('../customers/customers');
const { renderTemplate } = require('./render');

/// Attempts of a message's send job: the queue's backoff (1 s, 2 s, 4 s, ... capped at an hour)
/// spreads 16 attempts over about four hours.
const SEND_ATTEMPTS = 16;
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const FILENAME = /^[^/\\\0-\x1f]{1,255}$/;
const CONTENT_TYPE = /^[a-z]+\/[a-z0-9.+-]+$/i;

/// Queues an email inside the caller's transaction `trx`: the message is sent if and only if
/// the transaction commits. Every domain sends mail through here.
///
/// - `template`: a name of templates/index.js; `data`: its fields (checked against its schema,
///   INVALID_ARGUMENT at /data/... otherwise).
/// - `customerId`: the customer it is about; it gives the defaults of `to` (its email),
///   `locale` (its locale) and `data.customer_name` (its name).
/// - `to`: { email, name } to send elsewhere (an endpoint's owner, an operator).
/// - `locale`: a BCP 47 tag; the template's text in that language when it has one, else English.
/// - `attachments`: [{ filename, contentType, content (Buffer) }], e.g. an invoice's PDF.
/// - `key`: at most one message per key: enqueuing the same key again returns the first message
///   (a reminder queued by a job that runs twice is sent once).
///
/// The message is rendered now and stored as rendered, with a job (`mail.send`) that hands it to
/// SMTP or the development mail log. Without an address (a customer with no email) it is stored
/// `suppressed` and nothing is sent. Returns the stored row.
async function enqueueMail(trx, { clock, config }, { template, data = {}, customerId = null, to = null, locale, attachments = [], key = null }) {
  const customer = customerId ? await findCustomer(trx, customerId, '/customer') : null;
  const recipient = {
    email: to?.email ?? customer?.email ?? null,
    name: to ? (to.name ?? null) : (customer?.name ?? null),
  };
  const fullData = customer && data.customer_name === undefined ? { ...data, customer_name: customer.name } : data;
  const rendered = renderTemplate(template, fullData, locale !== undefined ? locale : (customer?.locale ?? null));
  const checkedAttachments = checkAttachments(attachments);

  const now = toInstant(clock.now());
  const row = {
    id: newId('mail'), template, language: rendered.language, customer_id: customer?.id ?? null,
    to_email: recipient.email, to_name: recipient.name, from_address: config.mailFrom,
    subject: rendered.subject, text_body: rendered.text, html_body: rendered.html, data: JSON.stringify(fullData),
    dedupe_key: key, status: recipient.email ? 'queued' : 'suppressed', attempts: 0,
    last_error: recipient.email ? null : 'no email address to send to (the customer has none)', sent_at: null,
    created_at: now, updated_at: now,
  };
  const inserted = await trx.insertInto('mail_messages').values(row)
    .onConflict((conflict) => conflict.column('dedupe_key').doNothing()).executeTakeFirst();
  if (key && Number(inserted.numInsertedOrUpdatedRows) === 0) {
    return trx.selectFrom('mail_messages').selectAll().where('dedupe_key', '=', key).executeTakeFirstOrThrow();
  }
  for (const [position, attachment] of checkedAttachments.entries()) {
    await trx.insertInto('mail_attachments').values({ id: newId('matt'), message_id: row.id, position, ...attachment }).execute();
  }
  if (row.status === 'queued') await queueSend(trx, row.id, clock.now());
  return row;
}

/// Queues the job that sends message `messageId` (a new message, or a failed one retried).
function queueSend(trx, messageId, now) {
  return enqueueJob(trx, { type: 'mail.send', payload: { message_id: messageId }, maxAttempts: SEND_ATTEMPTS }, now);
}

function checkAttachments(attachments) {
  let total = 0;
  return attachments.map((attachment, index) => {
    const path = `/attachments/${index}`;
    if (!FILENAME.test(attachment.filename || '')) throw new ApiError('INVALID_ARGUMENT', 'must be a file name without slashes or control characters', `${path}/filename`);
    if (!CONTENT_TYPE.test(attachment.contentType || '')) throw new ApiError('INVALID_ARGUMENT', 'must be a MIME type such as application/pdf', `${path}/content_type`);
    const content = Buffer.isBuffer(attachment.content) ? attachment.content : Buffer.from(attachment.content || []);
    total += content.length;
    if (total > MAX_ATTACHMENT_BYTES) throw new ApiError('LIMIT_EXCEEDED', `attachments may total at most ${MAX_ATTACHMENT_BYTES} bytes`, path);
    return {
      filename: attachment.filename, content_type: attachment.contentType.toLowerCase(), size: content.length,
      sha256: crypto.createHash('sha256').update(content).digest('hex'), content_base64: content.toString('base64'),
    };
  });
}

module.exports = { enqueueMail, queueSend };
