'use strict';
const { ApiError } = require('../http/errors');
const { parseInstant } = require('../time');
const { eventFacts } = require('./facts');
const { allHold, holds } = require('./conditions');
const { orderBody } = require('./steps');

// A dry run: the workflow's versions replayed over past events of their trigger, showing what
// each would have done, without acting (nothing is written).

const DEFAULT_EVENTS = 20;

/// What `step` would do for an event with `facts` about `customer` (no database writes).
function describeStep(step, facts, customer) {
  if (step.type === 'provision') return { order: orderBody(step, facts, customer) };
  if (step.type === 'send_email') return { template: step.template, to: customer.email };
  if (step.type === 'call_webhook') return { endpoint: step.endpoint };
  if (step.type === 'grant_entitlement') return { grant: { feature: step.feature, amount: step.amount ?? null, days: step.days ?? null } };
  if (step.type === 'set_entitlement') return { override: step.override };
  if (step.type === 'wait') return step.until ? { until: step.until } : { days: step.days };
  return { condition_held: holds(step.condition, facts) };
}

/// The steps a run of `definition` would take for `facts`, branches followed.
function pathOf(definition, facts, customer) {
  const taken = [];
  let position = 0;
  while (position !== null && position < definition.steps.length) {
    const step = definition.steps[position];
    const would = describeStep(step, facts, customer);
    taken.push({ position, type: step.type, would });
    if (step.type === 'branch') position = would.condition_held ? step.then : step.else;
    else position += 1;
  }
  return taken;
}

/// Replays the last `limit` events (within `created_gte` .. `created_lte` when given) of each
/// version's trigger event type through every version of `workflow`.
async function dryRun(db, workflow, { limit = DEFAULT_EVENTS, created_gte: from, created_lte: to } = {}) {
  const bounds = {};
  for (const [name, value] of [['created_gte', from], ['created_lte', to]]) {
    if (value === undefined) continue;
    bounds[name] = parseInstant(value);
    if (!bounds[name]) throw new ApiError('INVALID_ARGUMENT', 'must be an RFC 3339 instant', `/${name}`);
  }
  const versions = (await db.selectFrom('workflow_versions').selectAll().where('workflow_id', '=', workflow.id).orderBy('version').execute())
    .map((row) => ({ version: row.version, definition: JSON.parse(row.definition) }));
  const types = [...new Set(versions.map((v) => v.definition.trigger.event))];
  let select = db.selectFrom('events').selectAll().where('type', 'in', types).where('customer_id', 'is not', null);
  if (bounds.created_gte) select = select.where('created_at', '>=', bounds.created_gte);
  if (bounds.created_lte) select = select.where('created_at', '<=', bounds.created_lte);
  const events = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  const results = [];
  for (const event of events) {
    const customer = await db.selectFrom('customers').selectAll().where('id', '=', event.customer_id).executeTakeFirst();
    if (!customer) continue;
    const facts = await eventFacts(db, event, customer);
    results.push({
      event: event.id, event_type: event.type, customer: customer.id, created_at: event.created_at, facts,
      versions: versions.map(({ version, definition }) => {
        const matched = definition.trigger.event === event.type && allHold(definition.trigger.conditions, facts);
        return { version, matched, steps: matched ? pathOf(definition, facts, customer) : [] };
      }),
    });
  }
  return { object: 'workflow_dry_run', workflow: workflow.id, current_version: workflow.current_version, events: results };
}

module.exports = { dryRun };
