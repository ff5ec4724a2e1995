'use strict';
const { paginate, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, metadata } = require('../http/schemas');
const { invalidState } = require('../http/errors');
const { presentEvent } = require('../outbox/outbox');
const { findCustomer } = require('../customers/customers');
const { openSecret } = require('../secrets/secret-box');
const { ROLES } = require('./accounts');
const { quotaSchema } = require('./access-keys');
const { targetSchema, presentTarget, upsertTarget } = require('./targets');
const { targetHealthSchema, findTargetByName, targetHealth } = require('./target-health');
const {
  ORDER_TYPES, ORDER_STATUSES, orderSchema, presentOrder, presentOrders, findOrder, lockOrder, createOrder, retryOrder, cancelOrder,
} = require('./orders');

const usersField = {
  type: 'array', maxItems: 200,
  items: {
    type: 'object', additionalProperties: false, required: ['email'],
    properties: {
      email: { type: 'string', format: 'email', maxLength: 320 }, name: { type: 'string', minLength: 1, maxLength: 200 },
      role: { enum: ROLES }, seat: { type: 'boolean', description: 'Whether the user gets a seat (default true)' },
    },
  },
};

const orderBody = {
  type: 'object', additionalProperties: false, required: ['type', 'customer'],
  properties: {
    type: { enum: ORDER_TYPES }, customer: { type: 'string', maxLength: 100 },
    target: { type: 'string', maxLength: 100, description: 'activate: the provisioning target (id or name); default the only one' },
    users: usersField,
    access_key: {
      type: 'object', additionalProperties: false,
      properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, scopes: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 255 }, minItems: 1, maxItems: 100, uniqueItems: true }, quotas: { type: 'array', items: quotaSchema, maxItems: 50 } },
    },
    welcome: { type: 'boolean', description: 'activate: whether the owner is welcomed (the welcome email and the service\'s greeting); default true' },
    plan: { type: 'string', maxLength: 100 },
    add_ons: { type: 'array', maxItems: 20, items: { type: 'object', additionalProperties: false, required: ['add_on'], properties: { add_on: { type: 'string', maxLength: 100 }, quantity: { type: 'integer', minimum: 1, maximum: 1000000 } } } },
    quantity: { type: 'integer', minimum: 1, maximum: 1000000 },
    proration_behavior: { enum: ['create_prorations', 'none'] },
    seats: { type: 'integer', minimum: 1, maximum: 100000, description: 'add_seats: how many seats the subscription gains' },
    invoice: { type: 'string', maxLength: 100, description: 'The invoice that pays for the order (plans that are paid first)' },
    reason: { type: 'string', maxLength: 500 },
    grace_days: { type: 'integer', minimum: 0, maximum: 365 },
    retention_days: { type: 'integer', minimum: 0, maximum: 3650 },
    metadata,
  },
};

const timelineEntrySchema = {
  type: 'object',
  title: 'TimelineEntry',
  properties: {
    id: { type: 'string' }, object: { const: 'event' }, type: { type: 'string' }, created_at: { type: 'string' },
    customer: { type: ['string', 'null'] }, delivered_at: { type: ['string', 'null'] },
    data: { type: 'object', properties: { object: { type: 'object', additionalProperties: true } } },
    order: { type: ['object', 'null'], properties: { id: { type: 'string' }, type: { type: 'string' }, status: { type: 'string' } }, description: 'For an event of an order: the order as it is now' },
  },
};

/// Orders (provisioning work as steps with dependencies), the services they provision, and a
/// customer's timeline.
async function orderRoutes(app, { services }) {
  const { db, dialect } = services;
  const tags = ['Provisioning'];

  app.post('/orders', {
    config: { permission: 'orders:write' },
    schema: {
      tags, operationId: 'createOrder',
      summary: 'Places an order (activate, change, add_seats, suspend, restore, deprovision): its dependency checks, then its steps, run in the background',
      body: orderBody, response: { 201: orderSchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return request.transaction((trx) => createOrder(trx, services, request.body));
  });

  app.get('/orders', {
    config: { permission: 'orders:read' },
    schema: {
      tags, operationId: 'listOrders', summary: 'List orders, newest first',
      querystring: listQuerySchema({ customer: { type: 'string', maxLength: 100 }, status: { enum: ORDER_STATUSES }, type: { enum: ORDER_TYPES } }),
      response: { 200: listResponseSchema(orderSchema) },
    },
  }, async (request) => {
    const { query } = request;
    let select = db.selectFrom('orders').selectAll();
    if (query.customer) select = select.where('customer_id', '=', query.customer);
    if (query.status) select = select.where('status', '=', query.status);
    if (query.type) select = select.where('type', '=', query.type);
    return paginate(select, query, (rows) => presentOrders(db, rows));
  });

  app.get('/orders/:id', {
    config: { permission: 'orders:read' },
    schema: { tags, operationId: 'getOrder', summary: 'Retrieve an order with its steps, their attempts and errors', params: idParam(), response: { 200: orderSchema } },
  }, async (request) => presentOrder(db, await findOrder(db, request.params.id)));

  app.post('/orders/:id/retry', {
    config: { permission: 'orders:write' },
    schema: { tags, operationId: 'retryOrder', summary: 'Runs the dependency checks of a blocked order again', params: idParam(), response: { 200: orderSchema } },
  }, async (request) => request.transaction(async (trx) => presentOrder(trx, await retryOrder(trx, services, await lockOrder(trx, dialect, request.params.id)))));

  app.post('/orders/:id/cancel', {
    config: { permission: 'orders:write' },
    schema: { tags, operationId: 'cancelOrder', summary: 'Cancels a pending or blocked order', params: idParam(), response: { 200: orderSchema } },
  }, async (request) => request.transaction(async (trx) => presentOrder(trx, await cancelOrder(trx, services, await lockOrder(trx, dialect, request.params.id)))));

  app.post('/orders/:id/reveal_access_key', {
    config: { permission: 'orders:write', secretFields: ['secret'] },
    schema: {
      tags, operationId: 'revealOrderAccessKey', summary: 'The access key an activation issued, shown once: afterwards it is erased',
      params: idParam(),
      response: { 200: { type: 'object', title: 'AccessKeySecret', properties: { object: { const: 'access_key_secret' }, access_key: { type: 'string' }, secret: { type: ['string', 'null'] } } } },
    },
  }, async (request) => {
    return request.transaction(async (trx) => {
      const order = await lockOrder(trx, dialect, request.params.id);
      if (!order.sealed_secrets) throw invalidState('this order has no access key waiting to be revealed (it issued none, or it was revealed already)');
      const { access_key: accessKey, secret } = JSON.parse(openSecret(services.config, order.sealed_secrets, `order:${order.id}`));
      await trx.updateTable('orders').set({ sealed_secrets: null }).where('id', '=', order.id).execute();
      return { object: 'access_key_secret', access_key: accessKey, secret };
    });
  });

  app.put('/provisioning_targets/:name', {
    config: { permission: 'provisioning:write' },
    schema: {
      tags, operationId: 'putProvisioningTarget', summary: 'Registers the service Ratecard provisions under a name (or changes its URL)',
      params: { type: 'object', required: ['name'], properties: { name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' } } },
      body: { type: 'object', additionalProperties: false, required: ['base_url'], properties: { base_url: { type: 'string', maxLength: 500 } } },
      response: { 200: targetSchema },
    },
  }, async (request) => request.transaction(async (trx) => presentTarget(await upsertTarget(trx, services, { name: request.params.name, base_url: request.body.base_url }))));

  app.get('/provisioning_targets', {
    config: { permission: 'provisioning:read' },
    schema: { tags, operationId: 'listProvisioningTargets', summary: 'The services Ratecard provisions', response: { 200: { type: 'object', title: 'ProvisioningTargetList', properties: { object: { const: 'list' }, data: { type: 'array', items: targetSchema } } } } },
  }, async () => ({ object: 'list', data: (await db.selectFrom('provisioning_targets').selectAll().orderBy('name').execute()).map(presentTarget) }));

  app.get('/provisioning_targets/:name/health', {
    config: { permission: 'provisioning:read' },
    schema: {
      tags, operationId: 'getProvisioningTargetHealth', summary: "Checks a target's health now (its signed GET /health) and counts its accounts by status",
      params: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 100 } } },
      response: { 200: targetHealthSchema },
    },
  }, async (request) => targetHealth(services, await findTargetByName(db, request.params.name)));

  app.get('/customers/:id/timeline', {
    config: { permission: 'events:read' },
    schema: {
      tags, operationId: 'getCustomerTimeline', summary: "The customer's events, newest first, each order's event with the order as it is now",
      params: idParam(), querystring: listQuerySchema(), response: { 200: listResponseSchema(timelineEntrySchema) },
    },
  }, async (request) => {
    await findCustomer(db, request.params.id);
    const select = db.selectFrom('events').selectAll().where('customer_id', '=', request.params.id);
    return paginate(select, request.query, async (rows) => {
      const orderIds = [...new Set(rows.filter((row) => row.object_type === 'order').map((row) => row.object_id))];
      const orders = orderIds.length ? await db.selectFrom('orders').select(['id', 'type', 'status']).where('id', 'in', orderIds).execute() : [];
      const byId = new Map(orders.map((order) => [order.id, order]));
      return rows.map((row) => ({ ...presentEvent(row), order: byId.get(row.object_id) || null }));
    });
  });
}

module.exports = orderRoutes;
