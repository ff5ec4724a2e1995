'use strict';
const { paginate, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, metadata, quantity } = require('../http/schemas');
const { subscriptionSchema, presentSubscription, findSubscription, lockSubscription, STATUSES } = require('./subscriptions');
const service = require('./service');
const changes = require('./change-service');
const { SUBSCRIPTION_EXPANSIONS } = require('./expansions');
const { expandQuery, expandObjects } = require('../http/expand');
const { authorize } = require('../auth/authenticate');
const priceMigrationRoutes = require('./price-migration-routes');
const { addOnsField, changeBody, cancelBody } = require('./request-schemas');
const { billAtSignup } = require('../billing-runs/signup');
const { billingThresholdsField } = require('../billing-runs/threshold-settings');

const scheduledChangeParams = {
  type: 'object', required: ['id', 'change_id'],
  properties: { id: { type: 'string', maxLength: 100 }, change_id: { type: 'string', maxLength: 100 } },
};

const previewSchema = {
  title: 'SubscriptionChangePreview',
  type: 'object',
  properties: {
    object: { const: 'subscription_change_preview' },
    subscription: subscriptionSchema,
    proration: { type: ['object', 'null'], additionalProperties: true, description: "The core's prorate result, or null when nothing is prorated" },
    effective_at: { type: 'string', description: 'When the change would take effect' },
  },
};

/// Subscriptions: a customer on a plan (and add-ons), through trial, periods, changes with
/// proration, pauses and cancellation. Every date and amount comes from the core.
async function subscriptionRoutes(app, { services }) {
  const { db, dialect } = services;
  const tags = ['Subscriptions'];
  // Portal sessions reach only their customer's subscriptions: checked before the handler by
  // the route's portal scope (auth/ownership.js).
  const underLock = (request, work) => request.transaction(async (trx) => work(trx, await lockSubscription(trx, dialect, request.params.id)));
  const expand = (request, subscriptions) => expandObjects(db, subscriptions, request.query['expand[]'], SUBSCRIPTION_EXPANSIONS,
    (expansion) => authorize(request.principal, expansion));
  const expansions = expandQuery(Object.keys(SUBSCRIPTION_EXPANSIONS));
  await priceMigrationRoutes(app, { services });

  app.post('/subscriptions', {
    config: { permission: 'subscriptions:write' },
    schema: {
      operationId: 'createSubscription', tags, summary: 'Create a subscription (with a trial when the plan has one, or trial_days says so)',
      body: {
        type: 'object', additionalProperties: false, required: ['customer', 'plan'],
        properties: {
          customer: { type: 'string', maxLength: 100 }, plan: { type: 'string', maxLength: 100 }, quantity,
          add_ons: addOnsField, coupon: { type: 'string', maxLength: 100 },
          trial_days: { type: 'integer', minimum: 0, maximum: 730, description: "Overrides the plan's trial; 0 starts without a trial" },
          payment_behavior: {
            enum: ['activate_now', 'default_incomplete'],
            description: 'activate_now (default); default_incomplete (a checkout): without a trial, the subscription is incomplete until its first invoice is paid, unless the plan allows paying later, and expires after RATECARD_INCOMPLETE_EXPIRY_HOURS (23)',
          },
          billing_thresholds: billingThresholdsField,
          metadata,
        },
      },
      response: { 201: subscriptionSchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return request.transaction(async (trx) => {
      const subscription = await service.createSubscription(trx, services, request.body);
      await billAtSignup(trx, services, subscription.id); // the first invoice, at once (invoicing, issue 17)
      return subscription;
    });
  });

  app.get('/subscriptions', {
    config: { permission: 'subscriptions:read', portal: 'own_subscriptions_list' },
    schema: {
      operationId: 'listSubscriptions', tags, summary: "List subscriptions (a portal session sees only its customer's)",
      querystring: listQuerySchema({ customer: { type: 'string' }, plan: { type: 'string' }, status: { enum: STATUSES }, ...expansions }),
      response: { 200: listResponseSchema(subscriptionSchema) },
    },
  }, async (request) => {
    const { query, principal } = request;
    let select = db.selectFrom('subscriptions').selectAll();
    if (principal.kind === 'portal') select = select.where('customer_id', '=', principal.customerId);
    if (query.customer) select = select.where('customer_id', '=', query.customer);
    if (query.plan) select = select.where('plan_id', '=', query.plan);
    if (query.status) select = select.where('status', '=', query.status);
    return paginate(select, query, (rows) => expand(request, rows.map(presentSubscription)));
  });

  app.get('/subscriptions/:id', {
    config: { permission: 'subscriptions:read', portal: 'own_subscription' },
    schema: {
      operationId: 'retrieveSubscription', tags, summary: 'Retrieve a subscription (expand[]=customer, expand[]=plan for the objects)',
      params: idParam(), querystring: { type: 'object', additionalProperties: false, properties: expansions }, response: { 200: subscriptionSchema },
    },
  }, async (request) => (await expand(request, [presentSubscription(await findSubscription(db, request.params.id))]))[0]);

  app.patch('/subscriptions/:id', {
    config: { permission: 'subscriptions:write' },
    schema: {
      operationId: 'updateSubscription', tags, summary: 'Update billing thresholds or metadata (plan, quantity and add-ons change through /change)',
      params: idParam(),
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { billing_thresholds: billingThresholdsField, metadata } },
      response: { 200: subscriptionSchema },
    },
  }, async (request) => underLock(request, (trx, row) => service.update(trx, services, row, request.body)));

  app.post('/subscriptions/:id/preview_change', {
    config: { permission: 'subscriptions:read', portal: 'own_subscription' },
    schema: {
      operationId: 'previewSubscriptionChange', tags, summary: 'Preview a plan, quantity or add-on change and its proration (read-only: changes nothing)',
      params: idParam(), body: changeBody, response: { 200: previewSchema },
    },
  }, async (request) => {
    const row = await findSubscription(db, request.params.id);
    const { after, proration, effectiveAt } = await changes.previewChange(db, services, row, request.body, request.principal);
    return { object: 'subscription_change_preview', subscription: presentSubscription(after), proration, effective_at: effectiveAt };
  });

  app.post('/subscriptions/:id/change', {
    config: { permission: 'subscriptions:write', portal: 'own_subscription' },
    schema: {
      operationId: 'changeSubscription', tags, summary: 'Change the plan, quantity or add-ons now (prorated by the core), at the period end or at an instant',
      params: idParam(), body: changeBody, response: { 200: subscriptionSchema },
    },
  }, async (request) => underLock(request, (trx, row) => changes.changeSubscription(trx, services, row, request.body, request.principal)));

  app.post('/subscriptions/:id/scheduled_changes/:change_id/replace', {
    config: { permission: 'subscriptions:write', portal: 'own_subscription' },
    schema: {
      operationId: 'replaceScheduledChange', tags, summary: 'Replace a pending scheduled change (same time unless effective_at says another)',
      params: scheduledChangeParams, body: changeBody, response: { 200: subscriptionSchema },
    },
  }, async (request) => underLock(request, (trx, row) => changes.replaceScheduledChange(trx, services, row, request.params.change_id, request.body, request.principal)));

  app.post('/subscriptions/:id/scheduled_changes/:change_id/release', {
    config: { permission: 'subscriptions:write', portal: 'own_subscription' },
    schema: {
      operationId: 'releaseScheduledChange', tags, summary: 'Release (drop) a pending scheduled change',
      params: scheduledChangeParams, response: { 200: subscriptionSchema },
    },
  }, async (request) => underLock(request, (trx, row) => changes.releaseScheduledChange(trx, services, row, request.params.change_id, request.principal)));

  app.post('/subscriptions/:id/cancel', {
    config: { permission: 'subscriptions:write', portal: 'own_subscription' },
    schema: {
      operationId: 'cancelSubscription', tags, summary: 'Cancel now, or at the end of the current period',
      params: idParam(),
      body: cancelBody,
      response: { 200: subscriptionSchema },
    },
  }, async (request) => underLock(request, (trx, row) => service.cancel(trx, services, row, request.body || {}, request.principal)));

  app.post('/subscriptions/:id/reactivate', {
    config: { permission: 'subscriptions:write', portal: 'own_subscription' },
    schema: {
      operationId: 'reactivateSubscription', tags, summary: 'Withdraw a cancellation at period end: the subscription renews again',
      params: idParam(), response: { 200: subscriptionSchema },
    },
  }, async (request) => underLock(request, (trx, row) => service.reactivate(trx, services, row, request.principal)));

  app.post('/subscriptions/:id/pause', {
    config: { permission: 'subscriptions:write' },
    schema: { operationId: 'pauseSubscription', tags, summary: 'Pause (no billing until resumed)', params: idParam(), response: { 200: subscriptionSchema } },
  }, async (request) => underLock(request, (trx, row) => service.pause(trx, services, row)));

  app.post('/subscriptions/:id/resume', {
    config: { permission: 'subscriptions:write' },
    schema: { operationId: 'resumeSubscription', tags, summary: 'Resume a paused subscription', params: idParam(), response: { 200: subscriptionSchema } },
  }, async (request) => underLock(request, (trx, row) => service.resume(trx, services, row)));
}

module.exports = subscriptionRoutes;
