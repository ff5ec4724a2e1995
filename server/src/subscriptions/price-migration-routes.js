'use strict';
const { idParam } = require('../http/schemas');
const { notFound } = require('../http/errors');
const migrations = require('./price-migrations');

const idList = { type: 'array', minItems: 1, maxItems: 1000, uniqueItems: true, items: { type: 'string', maxLength: 100 } };

const migrationBody = {
  type: 'object', additionalProperties: false, required: ['plan', 'effective'],
  properties: {
    plan: { type: 'string', maxLength: 100 },
    to_version: { type: 'integer', minimum: 1, description: "The version to move to; default the plan's current version" },
    effective: { enum: ['now', 'next_renewal'], description: 'now: prorated at once; next_renewal: at the end of each subscription\'s current period' },
    from_versions: { type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: { type: 'integer', minimum: 1 }, description: 'Only subscriptions on these versions' },
    customers: { ...idList, description: 'Only these customers\' subscriptions' },
    subscriptions: { ...idList, description: 'Only these subscriptions' },
    customer_metadata: { type: 'object', maxProperties: 20, additionalProperties: { type: 'string', maxLength: 500 }, description: 'Only customers whose metadata holds all these values' },
  },
};

const dryRunSchema = {
  title: 'PlanMigrationDryRun',
  type: 'object',
  properties: {
    object: { const: 'plan_migration_dry_run' }, plan: { type: 'string' }, to_version: { type: 'integer' }, effective: { type: 'string' },
    has_more: { type: 'boolean' },
    data: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          subscription: { type: 'string' }, customer: { type: 'string' }, from_version: { type: 'integer' }, to_version: { type: 'integer' },
          currency: { type: 'string' }, old_recurring_amount: { type: 'string' }, new_recurring_amount: { type: 'string' },
        },
      },
    },
  },
};

/// Price migrations: move subscriptions of a plan to another of its versions, now or at their
/// next renewal, after a dry run showing each one's old and new recurring amount (the core's).
async function priceMigrationRoutes(app, { services }) {
  const { db } = services;
  const tags = ['Subscriptions'];

  app.post('/plan_migrations/dry_run', {
    config: { permission: 'subscriptions:read' },
    schema: {
      operationId: 'dryRunPlanMigration', tags, summary: 'What a price migration would do: per subscription, the old and new recurring amount (changes nothing)',
      body: migrationBody, response: { 200: dryRunSchema },
    },
  }, async (request) => migrations.dryRunMigration(db, services, request.body));

  app.post('/plan_migrations', {
    config: { permission: 'subscriptions:write' },
    schema: {
      operationId: 'createPlanMigration', tags, summary: 'Migrate subscriptions to a plan version, now or at their next renewal (runs as a job)',
      body: migrationBody, response: { 201: migrations.migrationSchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return request.transaction((trx) => migrations.createMigration(trx, services, request.body));
  });

  app.get('/plan_migrations/:id', {
    config: { permission: 'subscriptions:read' },
    schema: { operationId: 'retrievePlanMigration', tags, summary: 'A price migration and its progress', params: idParam(), response: { 200: migrations.migrationSchema } },
  }, async (request) => {
    const row = await db.selectFrom('plan_migrations').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!row) throw notFound('plan migration', request.params.id);
    return migrations.presentMigration(row);
  });
}

module.exports = priceMigrationRoutes;
