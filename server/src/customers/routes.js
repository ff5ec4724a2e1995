'use strict';
const { ApiError } = require('../http/errors');
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, metadata, currency, name } = require('../http/schemas');
const { updateObject } = require('../db/update-object');
const { validateTimeZone } = require('./time-zone');
const { assertNotErased } = require('./erasure');
const { containsText } = require('./search');
const {
  customerSchema, addressSchema, taxIdSchema, presentCustomer, findCustomer, createCustomer,
  assertExternalIdFree, validateLocale, CUSTOMER_UPDATE_FIELDS,
} = require('./customers');

const fields = {
  external_id: { type: ['string', 'null'], minLength: 1, maxLength: 200 },
  name,
  email: { type: ['string', 'null'], format: 'email', maxLength: 320 },
  timezone: { type: 'string', minLength: 1, maxLength: 64, description: 'IANA time zone of the billing calendar' },
  locale: {
    type: ['string', 'null'], pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35,
    description: 'BCP 47 language tag (e.g. "fr", "de-CH") of the emails and documents the customer receives; null: English',
  },
  address: { anyOf: [addressSchema, { type: 'null' }] },
  tax_ids: { type: 'array', items: taxIdSchema, maxItems: 10 },
  invoice_consolidation: {
    type: 'boolean', description: 'true (default): every subscription renewing at the same billing moment goes on one invoice; false: each subscription gets its own invoice',
  },
  metadata,
};

/// What a customer may change of its own record through the portal: its billing details. The
/// billing zone, locale, external id, invoice consolidation and metadata are the operator's.
const PORTAL_CUSTOMER_FIELDS = ['name', 'email', 'address', 'tax_ids'];

function refuseOperatorFields(body) {
  for (const field of Object.keys(body)) {
    if (!PORTAL_CUSTOMER_FIELDS.includes(field)) throw new ApiError('FORBIDDEN', `only an operator may set ${field}`, `/${field}`);
  }
}

/// Customers: who is billed, in which currency and on which calendar (billing time zone).
async function customerRoutes(app, { services }) {
  const { db, clock, core } = services;
  const tags = ['Customers'];

  app.post('/customers', {
    config: { permission: 'customers:write' },
    schema: {
      operationId: 'createCustomer', tags, summary: 'Create a customer',
      body: {
        type: 'object', additionalProperties: false, required: ['name', 'currency'],
        properties: { ...fields, currency, timezone: { ...fields.timezone, default: 'UTC' }, test_clock: { type: 'string', maxLength: 100 } },
      },
      response: { 201: customerSchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return request.transaction((trx) => createCustomer(trx, services, request.body));
  });

  app.get('/customers', {
    config: { permission: 'customers:read' },
    schema: {
      operationId: 'listCustomers', tags, summary: 'List customers',
      querystring: listQuerySchema({
        email: { type: 'string' }, external_id: { type: 'string' }, test_clock: { type: 'string' },
        search: { type: 'string', minLength: 1, maxLength: 200, description: 'Customers whose name, email or external id contains this text (any case)' },
      }),
      response: { 200: listResponseSchema(customerSchema) },
    },
  }, async (request) => {
    const { query } = request;
    let select = db.selectFrom('customers').selectAll();
    if (query.search) select = select.where(containsText(['name', 'email', 'external_id'], query.search));
    if (query.email) select = select.where('email', '=', query.email);
    if (query.external_id) select = select.where('external_id', '=', query.external_id);
    if (query.test_clock) select = select.where('test_clock_id', '=', query.test_clock);
    return paginate(select, query, eachRow(presentCustomer));
  });

  app.get('/customers/:id', {
    config: { permission: 'customers:read', portal: 'own_customer' },
    schema: { operationId: 'retrieveCustomer', tags, summary: 'Retrieve a customer', params: idParam(), response: { 200: customerSchema } },
  }, async (request) => presentCustomer(await findCustomer(db, request.params.id)));

  app.patch('/customers/:id', {
    config: { permission: 'customers:write', portal: 'own_customer' },
    schema: {
      operationId: 'updateCustomer', tags, summary: 'Update a customer (currency and test clock never change; a portal session may change only its billing details: name, email, address, tax ids)',
      params: idParam(),
      body: { type: 'object', additionalProperties: false, properties: fields },
      response: { 200: customerSchema },
    },
  }, async (request) => {
    const { body } = request;
    if (request.principal.kind === 'portal') refuseOperatorFields(body);
    if (body.timezone !== undefined) validateTimeZone(core, body.timezone, '/timezone');
    validateLocale(body.locale);
    return request.transaction(async (trx) => {
      const row = await findCustomer(trx, request.params.id);
      assertNotErased(row);
      if (body.external_id && body.external_id !== row.external_id) await assertExternalIdFree(trx, body.external_id);
      return updateObject(trx, {
        table: 'customers', row, body, fields: CUSTOMER_UPDATE_FIELDS, present: presentCustomer,
        eventType: 'customer.updated', now: clock.now(), customerId: row.id,
      });
    });
  });
}

module.exports = customerRoutes;
