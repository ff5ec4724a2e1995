'use strict';
// Dunning policies, one per plan (docs/server.md, "Dunning"): the retry schedule for cards,
// the later one for bank debits returned for insufficient funds, and what happens to the
// subscription when the schedule runs out. A plan without one uses DEFAULT_POLICY.
const { toInstant } = require('../time');
const { ApiError } = require('../http/errors');
const { findPlan } = require('../catalog/plans');

/// Days after the first failed automatic charge at which each retry is made.
const DEFAULT_POLICY = Object.freeze({
  retry_days: Object.freeze([1, 3, 5, 7]),
  bank_retry_days: Object.freeze([5, 10]),
  final_action: 'cancel',
  update_payment_method_url: null,
});
const FINAL_ACTIONS = ['cancel', 'unpaid'];
const MAX_RETRIES = 10;
const MAX_DAY = 90;

const schedule = { type: 'array', maxItems: MAX_RETRIES, items: { type: 'integer', minimum: 1, maximum: MAX_DAY } };

const policyBodySchema = {
  type: 'object', additionalProperties: false, required: ['retry_days', 'final_action'],
  properties: {
    retry_days: { ...schedule, description: 'Days after the first failed automatic charge at which a card is charged again, increasing (empty: never retried)' },
    bank_retry_days: { ...schedule, description: 'The same for a bank debit returned for insufficient funds (ACH R01, R09); default [5, 10]' },
    final_action: { enum: FINAL_ACTIONS, description: 'When the retries run out: cancel the subscription, or leave it unpaid' },
    update_payment_method_url: { type: ['string', 'null'], pattern: '^https?://', maxLength: 2000, description: 'Where the email sends the customer to update the payment method (default RATECARD_PAYMENT_UPDATE_URL)' },
  },
};

const policySchema = {
  title: 'DunningPolicy',
  type: 'object',
  properties: {
    object: { const: 'dunning_policy' }, plan: { type: 'string' },
    retry_days: { type: 'array', items: { type: 'integer' } }, bank_retry_days: { type: 'array', items: { type: 'integer' } },
    final_action: { enum: FINAL_ACTIONS }, update_payment_method_url: { type: ['string', 'null'] },
    is_default: { type: 'boolean', description: 'True when the plan has no policy of its own and uses the default' },
    updated_at: { type: ['string', 'null'] },
  },
};

/// The policy in force for plan `planId` (null: no plan, the default) as a plain object
/// { retry_days, bank_retry_days, final_action, update_payment_method_url, is_default, updated_at }.
async function policyFor(executor, planId) {
  const row = planId ? await executor.selectFrom('dunning_policies').selectAll().where('plan_id', '=', planId).executeTakeFirst() : null;
  if (!row) return { ...DEFAULT_POLICY, retry_days: [...DEFAULT_POLICY.retry_days], bank_retry_days: [...DEFAULT_POLICY.bank_retry_days], is_default: true, updated_at: null };
  return {
    retry_days: JSON.parse(row.retry_days), bank_retry_days: JSON.parse(row.bank_retry_days), final_action: row.final_action,
    update_payment_method_url: row.update_payment_method_url, is_default: false, updated_at: row.updated_at,
  };
}

/// The plan's policy as the API shows it.
async function showPolicy(executor, planId) {
  const plan = await findPlan(executor, planId);
  return presentPolicy(plan.id, await policyFor(executor, plan.id));
}

/// Sets plan `planId`'s policy (the request's body, schema-checked). Schedules must increase.
async function savePolicy(trx, { clock }, planId, body) {
  const plan = await findPlan(trx, planId);
  const retryDays = checkIncreasing(body.retry_days, '/retry_days');
  const bankRetryDays = checkIncreasing(body.bank_retry_days ?? [...DEFAULT_POLICY.bank_retry_days], '/bank_retry_days');
  const now = toInstant(clock.now());
  const values = {
    retry_days: JSON.stringify(retryDays), bank_retry_days: JSON.stringify(bankRetryDays), final_action: body.final_action,
    update_payment_method_url: body.update_payment_method_url ?? null, updated_at: now,
  };
  await trx.insertInto('dunning_policies').values({ plan_id: plan.id, ...values, created_at: now })
    .onConflict((conflict) => conflict.column('plan_id').doUpdateSet(values)).execute();
  return showPolicy(trx, plan.id);
}

function checkIncreasing(days, path) {
  days.forEach((day, index) => {
    if (index > 0 && day <= days[index - 1]) {
      throw new ApiError('INVALID_ARGUMENT', `must be greater than the day before it (${days[index - 1]})`, `${path}/${index}`);
    }
  });
  return days;
}

function presentPolicy(planId, policy) {
  return {
    object: 'dunning_policy', plan: planId, retry_days: policy.retry_days, bank_retry_days: policy.bank_retry_days,
    final_action: policy.final_action, update_payment_method_url: policy.update_payment_method_url,
    is_default: policy.is_default, updated_at: policy.updated_at,
  };
}

module.exports = { DEFAULT_POLICY, policyBodySchema, policySchema, policyFor, showPolicy, savePolicy };
