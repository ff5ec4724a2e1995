'use strict';
// A subscription's billing thresholds (progressive billing), as the API sets them: checked
// against its plan and currency, and stored as canonical JSON text.
const { ApiError } = require('../http/errors');
const { planVersionPrices } = require('../catalog/plans');
const { computeInvoice, isZeroAmount } = require('../invoicing/core-invoice');
const { compareQuantities } = require('../credit-notes/quantities');

const QUANTITY = '^(0|[1-9][0-9]{0,14})(\\.[0-9]{1,12})?$';

/// The request body field (JSON schema).
const billingThresholdsField = {
  type: ['object', 'null'], additionalProperties: false,
  description: 'Progressive billing: an invoice is issued early, for the usage so far in the open period, once amount_gte or a usage_gte is reached (null: none)',
  properties: {
    amount_gte: { type: 'string', maxLength: 40, description: "What the open period's usage not yet invoiced costs (the core's price), in the customer's currency, exact at its minor unit" },
    usage_gte: {
      type: 'array', minItems: 1, maxItems: 20,
      items: {
        type: 'object', additionalProperties: false, required: ['metric', 'gte'],
        properties: {
          metric: { type: 'string', maxLength: 255, description: "A metric the subscription's plan charges for" },
          gte: { type: 'string', pattern: QUANTITY, description: 'The quantity of the metric not yet invoiced that triggers an invoice (> 0)' },
        },
      },
    },
    reset_billing_cycle: { type: 'boolean', description: 'Start a new billing cycle at each threshold invoice: the open period ends there and the new cycle is billed in advance on it, the unused part of the old cycle credited (default false)' },
  },
};

/// The stored form of the body's `billing_thresholds` (null when absent or null), checked for a
/// subscription on `planId` at `planVersion` paying in `currency`: amount_gte is money exact at
/// the currency's minor unit and above zero (the core says so), each usage_gte names a metric
/// the plan charges for, once, with a quantity above zero; reset_billing_cycle (false when
/// absent) only for a plan charging for no weighted_sum metric. Errors at `path`.
async function storedThresholds(executor, { core }, { value, planId, planVersion, currency, path = '/billing_thresholds' }) {
  if (value === undefined || value === null) return null;
  if (value.amount_gte === undefined && value.usage_gte === undefined) {
    throw new ApiError('INVALID_ARGUMENT', 'give amount_gte, usage_gte or both (null removes the thresholds)', path);
  }
  const stored = { amount_gte: null, usage_gte: [], reset_billing_cycle: value.reset_billing_cycle === true };
  if (stored.reset_billing_cycle && await chargesTimeWeighted(executor, planId, planVersion)) {
    throw new ApiError('INVALID_ARGUMENT', 'the plan charges for a weighted_sum metric: its usage cannot be cut at a cycle restart yet, so reset_billing_cycle must stay false', `${path}/reset_billing_cycle`);
  }
  if (value.amount_gte !== undefined) stored.amount_gte = canonicalAmount(core, currency, value.amount_gte, `${path}/amount_gte`);
  if (value.usage_gte) {
    const metrics = (await planVersionPrices(executor, planId, planVersion)).filter((price) => price.type === 'usage').map((price) => price.metric);
    for (const [index, { metric, gte }] of value.usage_gte.entries()) {
      const at = `${path}/usage_gte/${index}`;
      if (!metrics.includes(metric)) throw new ApiError('INVALID_ARGUMENT', `the plan charges for no metric "${metric}" (it charges for ${metrics.join(', ') || 'none'})`, `${at}/metric`);
      if (stored.usage_gte.some((known) => known.metric === metric)) throw new ApiError('INVALID_ARGUMENT', `metric "${metric}" is listed twice`, `${at}/metric`);
      if (compareQuantities(gte, '0') <= 0) throw new ApiError('INVALID_ARGUMENT', 'must be greater than 0', `${at}/gte`);
      stored.usage_gte.push({ metric, gte });
    }
  }
  return JSON.stringify(stored);
}

/// Whether the plan (at `planVersion`) charges for a weighted_sum metric. Its aggregate of a
/// period is weighted over the whole period, so a cycle restart, which cuts the period short,
/// would count the time after the restart twice: a threshold does not restart such a cycle.
async function chargesTimeWeighted(executor, planId, planVersion) {
  const metrics = (await planVersionPrices(executor, planId, planVersion)).filter((price) => price.type === 'usage').map((price) => price.metric);
  if (!metrics.length) return false;
  const weighted = await executor.selectFrom('billable_metrics').select('code').where('code', 'in', metrics).where('aggregation', '=', 'weighted_sum').execute();
  return weighted.length > 0;
}

// Money in `currency` as the core writes it; refused at `path` unless exact at the minor unit
// and above zero.
function canonicalAmount(core, currency, amount, path) {
  const { result } = computeInvoice(core, {
    op: 'invoice', customer: { currency }, period: { start: '2020-01-01T00:00:00Z', end: '2020-01-02T00:00:00Z' },
    subscriptions: [], prorations: [{ amount }],
  }, [['/prorations/0/amount', path]]);
  if (result.subtotal.startsWith('-') || isZeroAmount(result.subtotal)) throw new ApiError('INVALID_ARGUMENT', 'must be more than zero', path);
  return result.subtotal;
}

module.exports = { billingThresholdsField, storedThresholds, chargesTimeWeighted };
