'use strict';
const { ApiError } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { enqueueJob } = require('../jobs/queue');
const { inTransaction } = require('../db/rows');
const { findPlan } = require('../catalog/plans');
const { findCustomer, customerNow } = require('../customers/customers');
const { presentSubscription, lockSubscription } = require('./subscriptions');
const { periodItems, storedAddOns } = require('./items');
const { computeChange, changedColumns, ENDED_STATUSES } = require('./change');
const { catchUpStored } = require('./lifecycle');
const { pendingCancellation } = require('./phases');

/// How many subscriptions a migration reads at once (and a dry run lists at most, per page).
const BATCH_SIZE = 100;
/// How many subscriptions a dry run shows at most.
const DRY_RUN_LIMIT = 1000;
/// How many failures a migration's record keeps.
const MAX_ERRORS_KEPT = 20;

/// A price migration's selection from a request: { from_versions, customers, subscriptions,
/// customer_metadata }, each optional (all of them narrow the plan's subscriptions).
function selectionOf(body) {
  const selection = {};
  for (const field of ['from_versions', 'customers', 'subscriptions', 'customer_metadata']) {
    if (body[field] !== undefined) selection[field] = body[field];
  }
  return selection;
}

/// Checks a migration request: the plan exists and `to_version` (default its current
/// version) is one of its versions. Returns { plan, toVersion }.
async function checkMigration(executor, body) {
  const plan = await findPlan(executor, body.plan, '/plan');
  const toVersion = body.to_version ?? plan.version;
  if (toVersion > plan.version) throw new ApiError('INVALID_ARGUMENT', `plan ${plan.id} has versions 1 to ${plan.version}`, '/to_version');
  for (const [index, version] of (body.from_versions || []).entries()) {
    if (version > plan.version) throw new ApiError('INVALID_ARGUMENT', `plan ${plan.id} has versions 1 to ${plan.version}`, `/from_versions/${index}`);
  }
  return { plan, toVersion };
}

/// One page of the subscriptions a migration selects, after `afterId`, in id order: those on
/// the plan, not ended, not yet on `toVersion`, narrowed by the selection.
async function selectedPage(executor, { planId, toVersion, selection, afterId }) {
  let query = executor.selectFrom('subscriptions').innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
    .selectAll('subscriptions').select('customers.metadata as customer_metadata')
    .where('subscriptions.plan_id', '=', planId).where('subscriptions.plan_version', '!=', toVersion)
    .where('subscriptions.status', 'not in', ENDED_STATUSES).where('subscriptions.id', '>', afterId);
  if (selection.from_versions) query = query.where('subscriptions.plan_version', 'in', selection.from_versions);
  if (selection.customers) query = query.where('subscriptions.customer_id', 'in', selection.customers);
  if (selection.subscriptions) query = query.where('subscriptions.id', 'in', selection.subscriptions);
  const rows = await query.orderBy('subscriptions.id').limit(BATCH_SIZE).execute();
  const wanted = Object.entries(selection.customer_metadata || {});
  const matches = (row) => {
    const metadata = JSON.parse(row.customer_metadata || '{}');
    return wanted.every(([key, value]) => metadata[key] === value);
  };
  return { rows: rows.filter(matches).map(({ customer_metadata: ignored, ...row }) => row), lastId: rows.length ? rows[rows.length - 1].id : null, full: rows.length === BATCH_SIZE };
}

/// Every subscription the selection holds now (in pages): calls `visit(row)` for each, in id
/// order, until it returns false.
async function eachSelected(executor, migration, visit) {
  let afterId = '';
  for (;;) {
    const page = await selectedPage(executor, { ...migration, afterId });
    for (const row of page.rows) {
      if ((await visit(row)) === false) return;
    }
    if (!page.full) return;
    afterId = page.lastId;
  }
}

/// The recurring amount of a subscription's period items for one whole cycle, from the core:
/// the subtotal of the first invoice its `quote` op would issue for these items on a full
/// cycle (the invoice op's own code, so it is what a period is billed before discounts and tax).
function recurringAmount(core, { currency, plan, items }) {
  if (!items.length) return core.run({ op: 'price', currency, price: { model: 'flat', amount: '0' }, quantity: '1' }).amount;
  const result = core.run({
    op: 'quote', customer: { currency },
    schedule: { start: '2000-01-01T00:00:00Z', interval: plan.interval, interval_count: plan.interval_count },
    items: items.map(({ id, price, quantity }) => ({ id, type: 'fixed', price: price.pricing, quantity })),
  });
  return result.invoice.subtotal;
}

/// The dry run of a migration: per selected subscription (at most DRY_RUN_LIMIT), its old and
/// new recurring amounts. Writes nothing.
async function dryRunMigration(executor, { core }, body) {
  const { plan, toVersion } = await checkMigration(executor, body);
  const migration = { planId: plan.id, toVersion, selection: selectionOf(body) };
  const items = [];
  let hasMore = false;
  await eachSelected(executor, migration, async (row) => {
    if (items.length === DRY_RUN_LIMIT) {
      hasMore = true;
      return false;
    }
    const customer = await findCustomer(executor, row.customer_id);
    const amount = (version) => periodItems(executor, { planId: plan.id, planVersion: version, quantity: row.quantity, addOns: storedAddOns(row) })
      .then((periodItemsOfVersion) => recurringAmount(core, { currency: customer.currency, plan, items: periodItemsOfVersion }));
    items.push({
      subscription: row.id, customer: row.customer_id, from_version: row.plan_version, to_version: toVersion,
      currency: customer.currency, old_recurring_amount: await amount(row.plan_version), new_recurring_amount: await amount(toVersion),
    });
    return true;
  });
  return { object: 'plan_migration_dry_run', plan: plan.id, to_version: toVersion, effective: body.effective, data: items, has_more: hasMore };
}

/// Creates a migration (its job runs it) in `trx`: counts what it selects now, records it and
/// queues `plan_migration.run`. Returns its API object.
async function createMigration(trx, { clock }, body) {
  const { plan, toVersion } = await checkMigration(trx, body);
  const selection = selectionOf(body);
  let total = 0;
  await eachSelected(trx, { planId: plan.id, toVersion, selection }, () => { total += 1; });
  const now = toInstant(clock.now());
  const row = {
    id: newId('pmig'), plan_id: plan.id, to_version: toVersion, selection: JSON.stringify(selection), effective: body.effective,
    status: total ? 'queued' : 'succeeded', total, processed: 0, migrated: 0, skipped: 0, failed: 0, cursor: '', errors: '[]',
    created_at: now, updated_at: now, completed_at: total ? null : now,
  };
  await trx.insertInto('plan_migrations').values(row).execute();
  if (total) await enqueueJob(trx, { type: 'plan_migration.run', payload: { migration_id: row.id } }, clock.now());
  return presentMigration(row);
}

/// Job: runs a migration from its cursor. Each subscription moves in its own transaction with
/// the migration's progress, so a run that stops (a crash) resumes after the last one done,
/// and one already on the version (or scheduled to move) is skipped: running it again changes
/// nothing.
async function runMigration({ migration_id: migrationId }, { db, dialect, core, clock, logger }) {
  const stored = await db.selectFrom('plan_migrations').selectAll().where('id', '=', migrationId).executeTakeFirstOrThrow();
  if (stored.status === 'succeeded') return {};
  await db.updateTable('plan_migrations').set({ status: 'running', updated_at: toInstant(clock.now()) }).where('id', '=', migrationId).execute();
  const migration = { planId: stored.plan_id, toVersion: stored.to_version, selection: JSON.parse(stored.selection) };
  let afterId = stored.cursor;
  for (;;) {
    const page = await selectedPage(db, { ...migration, afterId });
    for (const { id } of page.rows) {
      try {
        await inTransaction(db, async (trx) => {
          const outcome = await migrateOne(trx, { core, clock, dialect }, id, stored);
          await progress(trx, clock, migrationId, { cursor: id, outcome });
        });
      } catch (error) {
        logger?.warn({ subscription: id, migration: migrationId, error: error.message }, 'price migration failed for a subscription; the others go on');
        await inTransaction(db, (trx) => progress(trx, clock, migrationId, { cursor: id, outcome: 'failed', error: `${id}: ${error.message}` }));
      }
    }
    if (!page.full) break;
    afterId = page.lastId;
  }
  const done = toInstant(clock.now());
  await db.updateTable('plan_migrations').set({ status: 'succeeded', completed_at: done, updated_at: done }).where('id', '=', migrationId).execute();
  return {};
}

// Moves one subscription to the migration's version, now (prorated) or at its next renewal (a
// scheduled change at the period end). Returns 'migrated' or 'skipped'.
async function migrateOne(trx, services, subscriptionId, migration) {
  const row = await catchUpStored(trx, services.core, services.clock, await lockSubscription(trx, services.dialect, subscriptionId));
  const toVersion = migration.to_version;
  const phases = JSON.parse(row.scheduled_changes);
  const alreadyScheduled = phases.some((phase) => phase.change.plan_version === toVersion);
  if (row.plan_id !== migration.plan_id || row.plan_version === toVersion || ENDED_STATUSES.includes(row.status)
    || row.status === 'incomplete' || alreadyScheduled) return 'skipped';
  const updatedAt = toInstant(services.clock.now());
  let next;
  if (migration.effective === 'now') {
    const customer = await findCustomer(trx, row.customer_id);
    const now = await customerNow(trx, customer, services.clock);
    const { after } = await computeChange(trx, services, row, { plan_version: toVersion }, { changeAt: now, behavior: 'create_prorations', applying: true });
    next = { ...after, updated_at: updatedAt };
    await trx.updateTable('subscriptions').set({ ...changedColumns(after), updated_at: updatedAt }).where('id', '=', row.id).execute();
    await recordEvent(trx, { type: 'subscription.migrated', object: presentSubscription(next), customerId: row.customer_id }, services.clock.now());
    return 'migrated';
  }
  // At the next renewal: none when a cancellation ends the subscription first.
  const cancellation = pendingCancellation(phases);
  if (cancellation && cancellation.effective_at <= row.current_period_end) return 'skipped';
  // Joins a change already scheduled for the period end, or is one.
  const atEnd = phases.find((phase) => phase.effective_at === row.current_period_end);
  if (atEnd && atEnd.change.plan !== undefined) return 'skipped'; // a plan change there takes that plan's current version
  const scheduled = atEnd
    ? phases.map((phase) => (phase === atEnd ? { ...phase, change: { ...phase.change, plan_version: toVersion } } : phase))
    : [...phases, { id: newId('sch'), effective_at: row.current_period_end, timing: 'period_end', change: { plan_version: toVersion }, created_at: updatedAt }];
  scheduled.sort((a, b) => (a.effective_at < b.effective_at ? -1 : 1));
  const changes = { scheduled_changes: JSON.stringify(scheduled), next_change_at: scheduled[0].effective_at, updated_at: updatedAt };
  await trx.updateTable('subscriptions').set(changes).where('id', '=', row.id).execute();
  await recordEvent(trx, { type: 'subscription.updated', object: presentSubscription({ ...row, ...changes }), customerId: row.customer_id }, services.clock.now());
  return 'migrated';
}

async function progress(trx, clock, migrationId, { cursor, outcome, error = null }) {
  const migration = await trx.selectFrom('plan_migrations').selectAll().where('id', '=', migrationId).executeTakeFirstOrThrow();
  const errors = JSON.parse(migration.errors);
  if (error && errors.length < MAX_ERRORS_KEPT) errors.push(error);
  await trx.updateTable('plan_migrations').set({
    cursor, processed: migration.processed + 1, [outcome]: migration[outcome] + 1, errors: JSON.stringify(errors), updated_at: toInstant(clock.now()),
  }).where('id', '=', migrationId).execute();
}

const migrationSchema = {
  title: 'PlanMigration',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'plan_migration' }, plan: { type: 'string' }, to_version: { type: 'integer' },
    selection: { type: 'object', additionalProperties: true }, effective: { enum: ['now', 'next_renewal'] },
    status: { enum: ['queued', 'running', 'succeeded'] },
    total: { type: 'integer', description: 'Subscriptions selected when the migration was created' },
    processed: { type: 'integer' }, migrated: { type: 'integer' }, skipped: { type: 'integer' }, failed: { type: 'integer' },
    errors: { type: 'array', items: { type: 'string' } },
    created_at: { type: 'string' }, updated_at: { type: 'string' }, completed_at: { type: ['string', 'null'] },
  },
};

function presentMigration(row) {
  return {
    id: row.id, object: 'plan_migration', plan: row.plan_id, to_version: row.to_version, selection: JSON.parse(row.selection),
    effective: row.effective, status: row.status, total: row.total, processed: row.processed, migrated: row.migrated,
    skipped: row.skipped, failed: row.failed, errors: JSON.parse(row.errors), created_at: row.created_at,
    updated_at: row.updated_at, completed_at: row.completed_at,
  };
}

module.exports = { dryRunMigration, createMigration, runMigration, migrationSchema, presentMigration };
