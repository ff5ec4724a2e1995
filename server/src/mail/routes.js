'use strict';
const { paginate, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, name } = require('../http/schemas');
const { invalidState, ApiError } = require('../http/errors');
const { toInstant } = require('../time');
const { TEMPLATES } = require('./templates');
const { STATUSES, messageSchema, findMessage, presentMessages } = require('./messages');
const { enqueueMail, queueSend } = require('./enqueue');

const templateSchema = {
  title: 'MailTemplate',
  type: 'object',
  properties: {
    name: { type: 'string' }, object: { const: 'mail_template' }, summary: { type: 'string' },
    languages: { type: 'array', items: { type: 'string' } },
    data: { type: 'object', additionalProperties: true, description: 'JSON Schema of the data the template takes' },
  },
};

const presentTemplate = (template) => ({
  name: template.name, object: 'mail_template', summary: template.summary,
  languages: Object.keys(template.render), data: template.data,
});

/// The mail outbox: the templates, every message with its deliveries, sending a template to a
/// customer or an address, and retrying a failed message.
async function mailRoutes(app, { services }) {
  const { db, clock } = services;
  const tags = ['Mail'];
  const presentOne = async (row) => (await presentMessages(db, [row]))[0];

  app.get('/mail_templates', {
    config: { permission: 'mail:read' },
    schema: {
      tags, operationId: 'listMailTemplates', summary: 'List the email templates, their languages and data',
      response: { 200: { title: 'MailTemplateList', type: 'object', properties: { object: { const: 'list' }, data: { type: 'array', items: templateSchema } } } },
    },
  }, async () => ({ object: 'list', data: Object.values(TEMPLATES).map(presentTemplate) }));

  app.get('/mail_messages', {
    config: { permission: 'mail:read' },
    schema: {
      tags, operationId: 'listMailMessages', summary: 'List emails, newest first, with their deliveries',
      querystring: listQuerySchema({
        customer: { type: 'string' }, template: { type: 'string' }, status: { enum: STATUSES }, to: { type: 'string' },
      }),
      response: { 200: listResponseSchema(messageSchema) },
    },
  }, async (request) => {
    const { query } = request;
    let select = db.selectFrom('mail_messages').selectAll();
    if (query.customer) select = select.where('customer_id', '=', query.customer);
    if (query.template) select = select.where('template', '=', query.template);
    if (query.status) select = select.where('status', '=', query.status);
    if (query.to) select = select.where('to_email', '=', query.to);
    return paginate(select, query, (rows) => presentMessages(db, rows));
  });

  app.get('/mail_messages/:id', {
    config: { permission: 'mail:read' },
    schema: {
      tags, operationId: 'retrieveMailMessage', summary: 'Retrieve an email with its deliveries', params: idParam(),
      response: { 200: messageSchema },
    },
  }, async (request) => presentOne(await findMessage(db, request.params.id)));

  app.post('/mail_messages', {
    config: { permission: 'mail:write' },
    schema: {
      tags, operationId: 'createMailMessage',
      summary: "Send an email from a template to a customer (its address and locale) or to an address",
      body: {
        type: 'object', additionalProperties: false, required: ['template'],
        properties: {
          template: { type: 'string', maxLength: 100 },
          customer: { type: 'string', maxLength: 100 },
          to: {
            type: 'object', additionalProperties: false, required: ['email'],
            properties: { email: { type: 'string', format: 'email', maxLength: 320 }, name },
          },
          locale: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35, description: "Defaults to the customer's locale; English when the template has no text in it" },
          data: { type: 'object', description: "The template's fields (GET /v1/mail_templates)" },
          attachments: {
            type: 'array', maxItems: 10,
            items: {
              type: 'object', additionalProperties: false, required: ['filename', 'content_type', 'content_base64'],
              properties: {
                filename: { type: 'string', minLength: 1, maxLength: 255 },
                content_type: { type: 'string', maxLength: 100 },
                content_base64: { type: 'string', pattern: '^[A-Za-z0-9+/]*={0,2}$', maxLength: 1000000 },
              },
            },
          },
          key: { type: 'string', minLength: 1, maxLength: 255, description: 'At most one message per key: sending the same key again returns the first message' },
        },
      },
      response: { 201: messageSchema },
    },
  }, async (request, reply) => {
    const { body } = request;
    if (!body.customer && !body.to) throw new ApiError('MISSING_FIELD', 'name a customer or a "to" address', '/to');
    reply.code(201);
    return request.transaction(async (trx) => {
      const row = await enqueueMail(trx, services, {
        template: body.template, data: body.data || {}, customerId: body.customer || null, to: body.to || null,
        locale: body.locale, key: body.key || null,
        attachments: (body.attachments || []).map((a) => ({ filename: a.filename, contentType: a.content_type, content: Buffer.from(a.content_base64, 'base64') })),
      });
      return (await presentMessages(trx, [row]))[0];
    });
  });

  app.post('/mail_messages/:id/retry', {
    config: { permission: 'mail:write' },
    schema: {
      tags, operationId: 'retryMailMessage', summary: 'Send a failed email again (a new series of attempts)',
      params: idParam(), response: { 200: messageSchema },
    },
  }, async (request) => request.transaction(async (trx) => {
    const row = await findMessage(trx, request.params.id);
    const now = toInstant(clock.now());
    const updated = await trx.updateTable('mail_messages').set({ status: 'queued', updated_at: now })
      .where('id', '=', row.id).where('status', '=', 'failed').executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw invalidState(`only a failed message can be retried; this one is ${row.status}`);
    await queueSend(trx, row.id, clock.now());
    return (await presentMessages(trx, [{ ...row, status: 'queued', updated_at: now }]))[0];
  }));
}

module.exports = mailRoutes;
