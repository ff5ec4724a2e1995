'use strict';
const { notFound } = require('../http/errors');
const { parseJson } = require('../db/rows');

const STATUSES = ['queued', 'sent', 'failed', 'suppressed'];

const deliverySchema = {
  title: 'MailDelivery',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'mail_delivery' }, attempt: { type: 'integer' },
    transport: { enum: ['smtp', 'log'], description: 'smtp: handed to the SMTP server; log: written to the development mail log' },
    started_at: { type: 'string' }, finished_at: { type: ['string', 'null'] },
    outcome: { type: ['string', 'null'], enum: ['sent', 'failed', null] },
    response: { type: ['string', 'null'], description: "The SMTP server's reply, or where the log has the message" },
    error: { type: ['string', 'null'] },
  },
};

const messageSchema = {
  title: 'MailMessage',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'mail_message' }, template: { type: 'string' },
    language: { type: 'string', description: 'The language the message is written in' },
    customer: { type: ['string', 'null'] },
    to: { type: 'object', properties: { email: { type: ['string', 'null'] }, name: { type: ['string', 'null'] } } },
    from: { type: 'string' }, subject: { type: 'string' }, text: { type: 'string' }, html: { type: 'string' },
    data: { type: 'object', additionalProperties: true, description: 'What the template was rendered with' },
    attachments: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, filename: { type: 'string' }, content_type: { type: 'string' }, size: { type: 'integer' }, sha256: { type: 'string' } },
      },
    },
    status: { enum: STATUSES, description: 'queued: waiting to be sent or retried; sent; failed: refused for good or out of attempts; suppressed: no address to send to' },
    attempts: { type: 'integer' }, last_error: { type: ['string', 'null'] }, sent_at: { type: ['string', 'null'] },
    deliveries: { type: 'array', items: deliverySchema },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

async function findMessage(executor, id) {
  const row = await executor.selectFrom('mail_messages').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('mail message', id);
  return row;
}

/// The attachments of a message with their content, in order (for sending).
function attachmentsOf(executor, messageId) {
  return executor.selectFrom('mail_attachments').selectAll().where('message_id', '=', messageId).orderBy('position').execute();
}

/// API objects for a page of message rows, with their attachments (without content) and
/// deliveries read in one query each.
async function presentMessages(executor, rows) {
  if (!rows.length) return [];
  const ids = rows.map((row) => row.id);
  const attachments = await executor.selectFrom('mail_attachments')
    .select(['id', 'message_id', 'filename', 'content_type', 'size', 'sha256']).where('message_id', 'in', ids)
    .orderBy('position').execute();
  const deliveries = await executor.selectFrom('mail_deliveries').selectAll().where('message_id', 'in', ids)
    .orderBy('attempt').execute();
  return rows.map((row) => presentMessage(row,
    attachments.filter((a) => a.message_id === row.id), deliveries.filter((d) => d.message_id === row.id)));
}

function presentMessage(row, attachments, deliveries) {
  return {
    id: row.id, object: 'mail_message', template: row.template, language: row.language, customer: row.customer_id,
    to: { email: row.to_email, name: row.to_name }, from: row.from_address, subject: row.subject,
    text: row.text_body, html: row.html_body, data: parseJson(row.data),
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, content_type: a.content_type, size: a.size, sha256: a.sha256 })),
    status: row.status, attempts: row.attempts, last_error: row.last_error, sent_at: row.sent_at,
    deliveries: deliveries.map((d) => ({
      id: d.id, object: 'mail_delivery', attempt: d.attempt, transport: d.transport, started_at: d.started_at,
      finished_at: d.finished_at, outcome: d.outcome, response: d.response, error: d.error,
    })),
    created_at: row.created_at, updated_at: row.updated_at,
  };
}

module.exports = { STATUSES, messageSchema, findMessage, attachmentsOf, presentMessages };
