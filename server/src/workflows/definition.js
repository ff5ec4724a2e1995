'use strict';
const { ApiError } = require('../http/errors');
const { parseInstant } = require('../time');
const { ORDER_TYPES } = require('../provisioning/order-plans');
const { TEMPLATES } = require('../mail/templates');
const { TRIGGER_EVENT_TYPES, carries, NUMERIC_FIELDS } = require('./event-fields');

// A workflow's definition, checked before it is saved: { trigger: { event, conditions },
// steps: [...] }. Every error is an ApiError with a stable code and a JSON Pointer into the
// request body (docs/server.md, "Workflows").

const STEP_TYPES = ['provision', 'grant_entitlement', 'set_entitlement', 'send_email', 'call_webhook', 'wait', 'branch'];
const OPERATORS = ['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte'];
const DECIMAL = /^-?\d{1,18}(\.\d{1,12})?$/;
const AMOUNT = /^\d{1,18}(\.\d{1,12})?$/;
const MAX_STEPS = 50;
const MAX_WAIT_DAYS = 3650;

const fail = (code, message, path) => {
  throw new ApiError(code, message, path);
};
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

function onlyKeys(object, allowed, path) {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) fail('UNKNOWN_FIELD', `is not a field here (${allowed.join(', ')})`, `${path}/${key}`);
  }
}

/// Checks `definition` ({ trigger, steps }, paths under `base`) and returns it normalized
/// (defaults filled in): what a version stores.
function checkDefinition({ trigger, steps }, base = '') {
  const checkedTrigger = checkTrigger(trigger, `${base}/trigger`);
  if (!Array.isArray(steps)) fail('MISSING_FIELD', 'a workflow has a list of steps', `${base}/steps`);
  if (!steps.length) fail('INVALID_ARGUMENT', 'a workflow has at least one step', `${base}/steps`);
  if (steps.length > MAX_STEPS) fail('LIMIT_EXCEEDED', `a workflow has at most ${MAX_STEPS} steps`, `${base}/steps`);
  const checkedSteps = steps.map((step, index) => checkStep(step, index, steps.length, checkedTrigger.event, `${base}/steps/${index}`));
  checkReachable(checkedSteps, `${base}/steps`);
  return { trigger: checkedTrigger, steps: checkedSteps };
}

function checkTrigger(trigger, path) {
  if (!isObject(trigger)) fail('MISSING_FIELD', 'a workflow has a trigger: { event, conditions }', path);
  onlyKeys(trigger, ['event', 'conditions'], path);
  if (typeof trigger.event !== 'string') fail('MISSING_FIELD', 'names the event type that starts the workflow', `${path}/event`);
  if (!TRIGGER_EVENT_TYPES.includes(trigger.event)) fail('UNKNOWN_EVENT_TYPE', `${trigger.event} is not an event type Ratecard emits`, `${path}/event`);
  const conditions = trigger.conditions ?? [];
  if (!Array.isArray(conditions)) fail('INVALID_ARGUMENT', 'is a list of conditions', `${path}/conditions`);
  return { event: trigger.event, conditions: conditions.map((condition, index) => checkCondition(condition, trigger.event, `${path}/conditions/${index}`)) };
}

/// A condition { field, op, value } on a field the trigger's event carries.
function checkCondition(condition, eventType, path) {
  if (!isObject(condition)) fail('INVALID_ARGUMENT', 'is a condition: { field, op, value }', path);
  onlyKeys(condition, ['field', 'op', 'value'], path);
  const { field, op = 'eq', value } = condition;
  if (typeof field !== 'string') fail('MISSING_FIELD', 'names the field compared', `${path}/field`);
  if (!carries(eventType, field)) fail('FIELD_NOT_CARRIED', `a ${eventType} event does not carry ${field}`, `${path}/field`);
  if (!OPERATORS.includes(op)) fail('INVALID_ARGUMENT', `is one of ${OPERATORS.join(', ')}`, `${path}/op`);
  const ordered = ['gt', 'gte', 'lt', 'lte'].includes(op);
  if (ordered && !NUMERIC_FIELDS.includes(field)) fail('INVALID_ARGUMENT', `${op} compares numbers: ${NUMERIC_FIELDS.join(', ')}`, `${path}/op`);
  const values = ['in', 'not_in'].includes(op) ? value : [value];
  if (!Array.isArray(values) || !values.length) fail('INVALID_ARGUMENT', `${op} compares with a non-empty list`, `${path}/value`);
  for (const item of values) {
    if (NUMERIC_FIELDS.includes(field) ? !(typeof item === 'string' && DECIMAL.test(item)) && !Number.isInteger(item) : typeof item !== 'string') {
      fail('INVALID_ARGUMENT', NUMERIC_FIELDS.includes(field) ? 'is a decimal string such as "10.00" (or an integer)' : 'is a string', `${path}/value`);
    }
  }
  return { field, op, value: NUMERIC_FIELDS.includes(field) ? (Array.isArray(value) ? value.map(String) : String(value)) : value };
}

function checkStep(step, index, count, eventType, path) {
  if (!isObject(step)) fail('INVALID_ARGUMENT', 'is a step: { type, ... }', path);
  if (!STEP_TYPES.includes(step.type)) fail('INVALID_ARGUMENT', `a step's type is one of ${STEP_TYPES.join(', ')}`, `${path}/type`);
  return STEP_CHECKS[step.type](step, { index, count, eventType, path });
}

const STEP_CHECKS = {
  provision(step, { eventType, path }) {
    onlyKeys(step, ['type', 'order', 'params'], path);
    if (!ORDER_TYPES.includes(step.order)) fail('INVALID_ARGUMENT', `the order placed is one of ${ORDER_TYPES.join(', ')}`, `${path}/order`);
    const params = step.params ?? {};
    if (!isObject(params)) fail('INVALID_ARGUMENT', 'is the order\'s parameters (POST /v1/orders\'s body without type and customer)', `${path}/params`);
    if ('customer' in params || 'type' in params) fail('UNKNOWN_FIELD', 'the run\'s customer and the step\'s order are set for you', `${path}/params`);
    if (step.order === 'add_seats' && !Number.isInteger(params.seats)) fail('MISSING_FIELD', 'an add_seats order names how many seats', `${path}/params/seats`);
    if (step.order === 'change' && params.plan === undefined && params.add_ons === undefined && params.quantity === undefined && !carries(eventType, 'plan')) {
      fail('FIELD_NOT_CARRIED', `a change order without a plan takes the event's plan, and a ${eventType} event carries none`, `${path}/params`);
    }
    return { type: 'provision', order: step.order, params };
  },
  grant_entitlement(step, { eventType, path }) {
    onlyKeys(step, ['type', 'feature', 'amount', 'days', 'priority', 'reason'], path);
    refuseSelfTrigger(eventType, path);
    if (typeof step.feature !== 'string' || !step.feature || step.feature.length > 255) fail('MISSING_FIELD', 'names the feature granted (1 to 255 characters)', `${path}/feature`);
    if (step.amount !== undefined && !(typeof step.amount === 'string' && AMOUNT.test(step.amount))) fail('INVALID_ARGUMENT', 'is a decimal string such as "1000" (a limit or metered feature\'s extra amount)', `${path}/amount`);
    if (step.days !== undefined && (!Number.isInteger(step.days) || step.days < 1 || step.days > MAX_WAIT_DAYS)) fail('INVALID_ARGUMENT', `is how many days the grant lasts, 1 to ${MAX_WAIT_DAYS}`, `${path}/days`);
    if (step.priority !== undefined && (!Number.isInteger(step.priority) || step.priority < 0 || step.priority > 1000)) fail('INVALID_ARGUMENT', 'is a whole number, 0 to 1000', `${path}/priority`);
    if (step.reason !== undefined && (typeof step.reason !== 'string' || step.reason.length > 500)) fail('INVALID_ARGUMENT', 'is a text of at most 500 characters', `${path}/reason`);
    const { type, ...grant } = step;
    return { type, ...grant };
  },
  set_entitlement(step, { eventType, path }) {
    onlyKeys(step, ['type', 'override'], path);
    refuseSelfTrigger(eventType, path);
    if (!isObject(step.override)) fail('MISSING_FIELD', 'is the core\'s override object: { key, kind, ...terms }', `${path}/override`);
    if (typeof step.override.key !== 'string' || !step.override.key || step.override.key.length > 255) fail('MISSING_FIELD', 'names the feature overridden (1 to 255 characters)', `${path}/override/key`);
    return { type: 'set_entitlement', override: step.override };
  },
  send_email(step, { path }) {
    onlyKeys(step, ['type', 'template', 'data'], path);
    if (!TEMPLATES[step.template]) fail('INVALID_ARGUMENT', `the template is one of ${Object.keys(TEMPLATES).join(', ')}`, `${path}/template`);
    const data = step.data ?? {};
    if (!isObject(data)) fail('INVALID_ARGUMENT', 'is the template\'s data', `${path}/data`);
    return { type: 'send_email', template: step.template, data };
  },
  call_webhook(step, { path }) {
    onlyKeys(step, ['type', 'endpoint'], path);
    if (typeof step.endpoint !== 'string' || !step.endpoint) fail('MISSING_FIELD', 'names the webhook endpoint called with the event', `${path}/endpoint`);
    return { type: 'call_webhook', endpoint: step.endpoint };
  },
  wait(step, { path }) {
    onlyKeys(step, ['type', 'days', 'until'], path);
    if (step.until !== undefined) {
      if (step.days !== undefined) fail('INVALID_ARGUMENT', 'a wait is either a number of days or until an instant, not both', `${path}/until`);
      const until = parseInstant(step.until);
      if (!until) fail('INVALID_ARGUMENT', 'is an RFC 3339 instant such as "2027-01-01T00:00:00Z"', `${path}/until`);
      return { type: 'wait', until };
    }
    if (!Number.isInteger(step.days) || step.days < 0 || step.days > MAX_WAIT_DAYS) fail('INVALID_ARGUMENT', `a wait is a whole number of days, 0 to ${MAX_WAIT_DAYS}, or until an instant`, `${path}/days`);
    return { type: 'wait', days: step.days };
  },
  branch(step, { index, count, eventType, path }) {
    onlyKeys(step, ['type', 'condition', 'then', 'else'], path);
    const condition = checkCondition(step.condition, eventType, `${path}/condition`);
    const target = (name, fallback) => {
      const value = step[name] === undefined ? fallback : step[name];
      if (value === null) return null;
      if (!Number.isInteger(value) || value <= index || value >= count) {
        fail('INVALID_ARGUMENT', `is the position of a later step (${index + 1} to ${count - 1}), or null to end the run`, `${path}/${name}`);
      }
      return value;
    };
    return { type: 'branch', condition, then: target('then', index + 1 < count ? index + 1 : null), else: target('else', null) };
  },
};

/// An entitlement step records an entitlement event (entitlement_grant.created,
/// entitlement_overrides.updated): on a trigger of that kind, each run would start another.
function refuseSelfTrigger(eventType, path) {
  if (eventType.startsWith('entitlement_')) fail('INVALID_ARGUMENT', `an entitlement step records an entitlement event: on ${eventType} the workflow would start itself again`, `${path}/type`);
}

/// Each step must be reachable from the first: a branch may jump over steps nothing else reaches.
function checkReachable(steps, path) {
  const reached = new Set();
  const stack = [0];
  while (stack.length) {
    const index = stack.pop();
    if (index === null || index >= steps.length || reached.has(index)) continue;
    reached.add(index);
    const step = steps[index];
    if (step.type === 'branch') stack.push(step.then, step.else);
    else stack.push(index + 1);
  }
  const unreachable = steps.findIndex((step, index) => !reached.has(index));
  if (unreachable >= 0) fail('UNREACHABLE_STEP', 'no path through the workflow reaches this step', `${path}/${unreachable}`);
}

module.exports = { checkDefinition };
