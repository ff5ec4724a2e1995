'use strict';
const { paginate, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, metadata, currency } = require('../http/schemas');
const { ApiError, notFound } = require('../http/errors');
const { inTransaction } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { assertOwnCustomer } = require('../auth/ownership');
const { validateCurrency } = require('../catalog/price-validation');
const { validateTimeZone } = require('./time-zone');
const { customerSchema, addressSchema, taxIdSchema, presentCustomer, findCustomer } = require('./customers');

const fields = {
  external_id: { type: ['string', 'null'], minLength: 1, maxLength: 200 },
  name: { type: 'string', minLength: 1, maxLength: 200 },
  email: { type: ['string', 'null'], format: 'email', maxLength: 320 },
  timezone: { type: 'string', minLength: 1, maxLength: 64, description: 'IANA time zone of the billing calendar' },
  address: { anyOf: [addressSchema, { type: 'null' }] },
  tax_ids: { type: 'array', items: taxIdSchema, maxItems: 10 },
  metadata,
};

/// Customers: who is billed, in which currency and on which calendar (billing time zone).
async function customerRoutes(app, { services }) {
  const { db, clock, core } = services;
  const tags = ['Customers'];

  app.post('/customers', {
    config: { permission: 'customers:write' },
    schema: {
      tags, summary: 'Create a customer',
      body: {
        type: 'object', additionalProperties: false, required: ['name', 'currency'],
        properties: { ...fields, currency, timezone: { ...fields.timezone, default: 'UTC' }, test_clock: { type: 'string', maxLength: 100 } },
      },
      response: { 201: customerSchema },
    },
  }, async (request, reply) => {
    const { body } = request;
    validateCurrency(core, body.currency);
    validateTimeZone(core, body.timezone, '/timezone');
    const now = clock.now();
    const customer = await inTransaction(db, async (trx) => {
      if (body.test_clock) {
        const testClock = await trx.selectFrom('test_clocks').select('id').where('id', '=', body.test_clock).executeTakeFirst();
        if (!testClock) throw notFound('test clock', body.test_clock, '/test_clock');
      }
      await assertExternalIdFree(trx, body.external_id);
      const row = {
        id: newId('cus'), external_id: body.external_id ?? null, name: body.name, email: body.email ?? null,
        currency: body.currency, timezone: body.timezone, address: body.address ? JSON.stringify(body.address) : null,
        tax_ids: JSON.stringify(body.tax_ids || []), test_clock_id: body.test_clock ?? null,
        metadata: JSON.stringify(body.metadata || {}), created_at: toInstant(now), updated_at: toInstant(now),
      };
      await trx.insertInto('customers').values(row).execute();
      const presented = presentCustomer(row);
      await recordEvent(trx, { type: 'customer.created', object: presented, customerId: row.id }, now);
      return presented;
    });
    reply.code(201);
    return customer;
  });

  app.get('/customers', {
    config: { permission: 'customers:read' },
    schema: {
      tags, summary: 'List customers',
      querystring: listQuerySchema({ email: { type: 'string' }, external_id: { type: 'string' }, test_clock: { type: 'string' } }),
      response: { 200: listResponseSchema(customerSchema) },
    },
  }, async (request) => {
    const { query } = request;
    let select = db.selectFrom('customers').selectAll();
    if (query.email) select = select.where('email', '=', query.email);
    if (query.external_id) select = select.where('external_id', '=', query.external_id);
    if (query.test_clock) select = select.where('test_clock_id', '=', query.test_clock);
    return paginate(select, query, presentCustomer);
  });

  app.get('/customers/:id', {
    config: { permission: 'customers:read', portal: 'own_customer' },
    schema: { tags, summary: 'Retrieve a customer', params: idParam(), response: { 200: customerSchema } },
  }, async (request) => {
    assertOwnCustomer(request.principal, request.params.id);
    return presentCustomer(await findCustomer(db, request.params.id));
  });

  app.patch('/customers/:id', {
    config: { permission: 'customers:write' },
    schema: {
      tags, summary: 'Update a customer (currency and test clock never change)',
      params: idParam(),
      body: { type: 'object', additionalProperties: false, properties: fields },
      response: { 200: customerSchema },
    },
  }, async (request) => {
    const { body } = request;
    if (body.timezone !== undefined) validateTimeZone(core, body.timezone, '/timezone');
    const now = clock.now();
    return inTransaction(db, async (trx) => {
      const row = await findCustomer(trx, request.params.id);
      if (body.external_id && body.external_id !== row.external_id) await assertExternalIdFree(trx, body.external_id);
      const changes = { updated_at: toInstant(now) };
      for (const field of ['external_id', 'name', 'email', 'timezone']) {
        if (body[field] !== undefined) changes[field] = body[field];
      }
      if (body.address !== undefined) changes.address = body.address ? JSON.stringify(body.address) : null;
      if (body.tax_ids !== undefined) changes.tax_ids = JSON.stringify(body.tax_ids);
      if (body.metadata !== undefined) changes.metadata = JSON.stringify(body.metadata);
      await trx.updateTable('customers').set(changes).where('id', '=', row.id).execute();
      const presented = presentCustomer({ ...row, ...changes });
      await recordEvent(trx, { type: 'customer.updated', object: presented, customerId: row.id }, now);
      return presented;
    });
  });
}

async function assertExternalIdFree(trx, externalId) {
  if (!externalId) return;
  const taken = await trx.selectFrom('customers').select('id').where('external_id', '=', externalId).executeTakeFirst();
  if (taken) throw new ApiError('CONFLICT', `external_id "${externalId}" belongs to ${taken.id}`, '/external_id');
}

module.exports = customerRoutes;
