'use strict';
const { idParam } = require('../http/schemas');
const { findPlan } = require('../catalog/plans');
const { findAddOn } = require('../catalog/add-ons');
const { findCustomer } = require('../customers/customers');
const { planTerms, addOnTerms, setPlanTerms, setAddOnTerms, presentTerms, SEAT_POLICIES, PAYMENT_POLICIES } = require('./terms');
const { invalidateEntitlements, clearEntitlements } = require('./decisions');
const { grantSchema, presentGrant, setOverrides, getOverrides, createGrant, findGrant, voidGrant } = require('./customer-terms');

// The core's feature objects are checked by the core itself (it refuses unknown fields and
// wrong kinds with a path), so the schemas here only bound their size.
const coreObject = { type: 'object', additionalProperties: true, maxProperties: 20 };
const coreList = { type: 'array', items: coreObject, maxItems: 200 };
const instantText = { type: 'string', maxLength: 40 };
const decimal = { type: 'string', pattern: '^(0|[1-9][0-9]*)(\\.[0-9]+)?$', maxLength: 40 };

const termsSchema = {
  type: 'object',
  title: 'EntitlementTerms',
  properties: {
    id: { type: ['string', 'null'] }, object: { const: 'entitlement_terms' }, owner_type: { enum: ['plan', 'add_on'] },
    owner_id: { type: 'string' }, version: { type: 'integer', description: 'Each change adds a version; 0: derived from the plan\'s catalog features' },
    features: coreList,
    seats: { type: 'object', properties: { over_limit: { enum: SEAT_POLICIES }, proration_behavior: { enum: ['create_prorations', 'none'] } } },
    payment: { enum: PAYMENT_POLICIES }, requires_plans: { type: 'array', items: { type: 'string' } },
    created_at: { type: ['string', 'null'] },
  },
};

const overridesSchema = {
  type: 'object',
  title: 'EntitlementOverrides',
  properties: { object: { const: 'entitlement_overrides' }, customer: { type: 'string' }, overrides: coreList, updated_at: { type: ['string', 'null'] } },
};

/// Entitlement terms: of plans (versioned), of add-ons, and a customer's overrides and grants.
async function entitlementTermsRoutes(app, { services }) {
  const { db } = services;
  const tags = ['Entitlements'];
  // This process's cache forgets at once what a change here touches; the others hear of it
  // through the outbox (decisions.js).
  const thenClear = async (result) => {
    clearEntitlements(services);
    return result;
  };
  const thenInvalidate = (customerId) => async (result) => {
    invalidateEntitlements(services, customerId);
    return result;
  };

  app.get('/plans/:id/entitlements', {
    config: { permission: 'entitlements:read' },
    schema: { tags, operationId: 'getPlanEntitlementTerms', summary: "The plan's entitlement terms in force", params: idParam(), response: { 200: termsSchema } },
  }, async (request) => {
    const plan = await findPlan(db, request.params.id);
    const terms = await planTerms(db, plan);
    return presentTerms({ owner_type: 'plan', owner_id: plan.id, version: terms.version, terms: { features: terms.features, seats: terms.seats, payment: terms.payment } });
  });

  app.put('/plans/:id/entitlements', {
    config: { permission: 'entitlements:write' },
    schema: {
      tags, operationId: 'setPlanEntitlementTerms',
      summary: "Sets a new version of the plan's entitlement terms (the core's plan features; a feature \"seats\" follows the subscription's quantity)",
      params: idParam(),
      body: {
        type: 'object', additionalProperties: false, required: ['features'],
        properties: {
          features: coreList,
          seats: {
            type: 'object', additionalProperties: false,
            properties: {
              over_limit: { enum: SEAT_POLICIES, description: 'refuse (default): assigning past the limit is refused; bill: the quantity rises by the missing seats' },
              proration_behavior: { enum: ['create_prorations', 'none'], description: 'How a billed seat change is prorated (default create_prorations)' },
            },
          },
          payment: { enum: PAYMENT_POLICIES, description: 'pay_later (default): orders provision before payment; paid_first: an order waits for its invoice to be paid' },
        },
      },
      response: { 200: termsSchema },
    },
  }, async (request) => request.transaction(async (trx) => setPlanTerms(trx, services, await findPlan(trx, request.params.id), request.body)).then(thenClear));

  app.get('/add_ons/:id/entitlements', {
    config: { permission: 'entitlements:read' },
    schema: { tags, operationId: 'getAddOnEntitlementTerms', summary: "The add-on's entitlement terms in force", params: idParam(), response: { 200: termsSchema } },
  }, async (request) => {
    const addOn = await findAddOn(db, request.params.id);
    const terms = await addOnTerms(db, addOn.id);
    return presentTerms({ owner_type: 'add_on', owner_id: addOn.id, version: terms.version, terms: { features: terms.features, requires_plans: terms.requires_plans } });
  });

  app.put('/add_ons/:id/entitlements', {
    config: { permission: 'entitlements:write' },
    schema: {
      tags, operationId: 'setAddOnEntitlementTerms', summary: 'Sets a new version of what the add-on adds (amounts only) and the base plans it needs',
      params: idParam(),
      body: {
        type: 'object', additionalProperties: false, required: ['features'],
        properties: { features: coreList, requires_plans: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 50, uniqueItems: true } },
      },
      response: { 200: termsSchema },
    },
  }, async (request) => request.transaction(async (trx) => setAddOnTerms(trx, services, await findAddOn(trx, request.params.id), request.body)).then(thenClear));

  app.get('/customers/:id/entitlement_overrides', {
    config: { permission: 'entitlements:read' },
    schema: { tags, operationId: 'getEntitlementOverrides', summary: "The customer's overrides of their plan's terms", params: idParam(), response: { 200: overridesSchema } },
  }, async (request) => {
    await findCustomer(db, request.params.id);
    return getOverrides(db, request.params.id);
  });

  app.put('/customers/:id/entitlement_overrides', {
    config: { permission: 'entitlements:write' },
    schema: {
      tags, operationId: 'setEntitlementOverrides', summary: "Replaces the customer's overrides (the core's override objects)",
      params: idParam(),
      body: { type: 'object', additionalProperties: false, required: ['overrides'], properties: { overrides: coreList } },
      response: { 200: overridesSchema },
    },
  }, async (request) => request.transaction(async (trx) => {
    await findCustomer(trx, request.params.id);
    return setOverrides(trx, services, request.params.id, request.body.overrides);
  }).then(thenInvalidate(request.params.id)));

  app.get('/customers/:id/entitlement_grants', {
    config: { permission: 'entitlements:read' },
    schema: {
      tags, operationId: 'listEntitlementGrants', summary: "The customer's grants, voided ones included", params: idParam(),
      response: { 200: { type: 'object', title: 'EntitlementGrantList', properties: { object: { const: 'list' }, data: { type: 'array', items: grantSchema } } } },
    },
  }, async (request) => {
    await findCustomer(db, request.params.id);
    const rows = await db.selectFrom('entitlement_grants').selectAll().where('customer_id', '=', request.params.id).orderBy('id', 'desc').limit(1000).execute();
    return { object: 'list', data: rows.map(presentGrant) };
  });

  app.post('/customers/:id/entitlement_grants', {
    config: { permission: 'entitlements:write' },
    schema: {
      tags, operationId: 'createEntitlementGrant', summary: 'Grants extra entitlement for a while (a promotion, prepaid credits)',
      params: idParam(),
      body: {
        type: 'object', additionalProperties: false, required: ['feature'],
        properties: {
          feature: { type: 'string', minLength: 1, maxLength: 255 }, amount: decimal,
          priority: { type: 'integer', minimum: 0, maximum: 1000 }, effective_at: instantText, expires_at: instantText,
          recurring: { type: 'boolean' }, rollover: { type: 'object', additionalProperties: false, properties: { max: decimal } },
          reason: { type: 'string', maxLength: 500 },
        },
      },
      response: { 201: grantSchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return request.transaction(async (trx) => {
      await findCustomer(trx, request.params.id);
      return createGrant(trx, services, request.params.id, request.body);
    }).then(thenInvalidate(request.params.id));
  });

  app.post('/customers/:id/entitlement_grants/:grant_id/void', {
    config: { permission: 'entitlements:write' },
    schema: {
      tags, operationId: 'voidEntitlementGrant', summary: 'Voids a grant',
      params: { type: 'object', required: ['id', 'grant_id'], properties: { id: { type: 'string', maxLength: 100 }, grant_id: { type: 'string', maxLength: 100 } } },
      response: { 200: grantSchema },
    },
  }, async (request) => request.transaction(async (trx) => voidGrant(trx, services, await findGrant(trx, request.params.id, request.params.grant_id)))
    .then(thenInvalidate(request.params.id)));
}

module.exports = entitlementTermsRoutes;
