'use strict';
const { notFound, invalidState } = require('../http/errors');
const { toInstant, addMilliseconds } = require('../time');
const { customerNow } = require('../customers/customers');
const { createOrder } = require('../provisioning/orders');
const { enqueueMail } = require('../mail/enqueue');
const { lockEndpoint } = require('../webhooks/endpoints');
const { addDelivery } = require('../webhooks/deliveries');
const { createGrant, lockOverrides, getOverrides, setOverrides } = require('../entitlements/customer-terms');
const { holds } = require('./conditions');

// What each type of step does, inside the transaction that records its outcome: whatever it
// writes (an order, a grant or override, a queued email, a webhook delivery) commits exactly when the step counts
// as completed, so a step never acts twice. `act(trx, services, { run, step, stepRow, facts,
// customer })` returns { output, next } (next: the position to go on at, null to end the run)
// or { waitUntil, lookAt } (the step waits; the run looks again at `lookAt`, server time, or
// for a customer on a test clock when the clock has moved: runner.js's wakeWaitingRuns).

const DAY_MS = 24 * 60 * 60 * 1000;

const following = (run, definition) => (run.position + 1 < definition.steps.length ? run.position + 1 : null);

/// The body of the order a provision step places (POST /v1/orders's): its params, with an
/// activation's owner and invoice and a change's plan taken from the event when not given.
function orderBody(step, facts, customer) {
  const body = { ...step.params, type: step.order, customer: customer.id };
  if (step.order === 'activate') {
    if (body.users === undefined && customer.email) body.users = [{ email: customer.email, ...(customer.name ? { name: customer.name } : {}) }];
    if (body.invoice === undefined && facts.invoice) body.invoice = facts.invoice;
  }
  if (step.order === 'change' && body.plan === undefined && body.add_ons === undefined && body.quantity === undefined) body.plan = facts.plan;
  return body;
}

const STEP_ACTIONS = {
  async provision(trx, services, { run, step, facts, customer, definition }) {
    const order = await createOrder(trx, services, orderBody(step, facts, customer), { source: `workflow:${run.workflow_id}` });
    return { output: { order: order.id }, next: following(run, definition) };
  },

  async grant_entitlement(trx, services, { run, step, customer, definition }) {
    const now = await customerNow(trx, customer, services.clock);
    const grant = await createGrant(trx, services, customer.id, {
      feature: step.feature, amount: step.amount, priority: step.priority, reason: step.reason ?? `workflow ${run.workflow_id}`,
      ...(step.days ? { expires_at: addMilliseconds(toInstant(now), step.days * DAY_MS) } : {}),
    });
    return { output: { entitlement_grant: grant.id }, next: following(run, definition) };
  },

  async set_entitlement(trx, services, { run, step, customer, definition }) {
    await lockOverrides(trx, services.dialect, customer.id);
    const { overrides } = await getOverrides(trx, customer.id);
    const others = overrides.filter((override) => override.key !== step.override.key);
    await setOverrides(trx, services, customer.id, [...others, step.override]);
    return { output: { entitlement_override: step.override.key }, next: following(run, definition) };
  },

  async send_email(trx, services, { run, step, definition }) {
    const message = await enqueueMail(trx, services, {
      template: step.template, data: step.data, customerId: run.customer_id, key: `workflow_run:${run.id}:${run.position}`,
    });
    return { output: { mail_message: message.id }, next: following(run, definition) };
  },

  async call_webhook(trx, services, { run, step, definition }) {
    const endpoint = await lockEndpoint(trx, services.dialect, step.endpoint);
    if (!endpoint) throw notFound('webhook endpoint', step.endpoint);
    if (endpoint.status !== 'enabled') throw invalidState(`the webhook endpoint ${endpoint.id} is ${endpoint.status}`);
    const event = await trx.selectFrom('events').selectAll().where('id', '=', run.event_id).executeTakeFirstOrThrow();
    // The endpoint may be subscribed to the event already: its one delivery serves both.
    const existing = await trx.selectFrom('webhook_deliveries').select('id')
      .where('endpoint_id', '=', endpoint.id).where('event_id', '=', event.id).where('replay_of', 'is', null).executeTakeFirst();
    const delivery = existing || await addDelivery(trx, endpoint, event, {}, services.clock.now());
    return { output: { webhook_delivery: delivery.id }, next: following(run, definition) };
  },

  async wait(trx, services, { run, step, stepRow, customer, definition }) {
    const now = toInstant(await customerNow(trx, customer, services.clock));
    const until = stepRow.not_before || step.until || addMilliseconds(now, step.days * DAY_MS);
    if (now >= until) return { output: { waited_until: until }, next: following(run, definition) };
    if (customer.test_clock_id) return { waitUntil: until, lookAt: null };
    return { waitUntil: until, lookAt: until };
  },

  async branch(trx, services, { step, facts }) {
    const result = holds(step.condition, facts);
    return { output: { condition_held: result }, next: result ? step.then : step.else };
  },
};

module.exports = { STEP_ACTIONS, orderBody };
