'use strict';
// The request bodies of a subscription's change and cancellation: the subscription routes take
// them, and the upcoming invoice takes them as proposed changes (invoicing/upcoming-changes.js).
const { quantity } = require('../http/schemas');
const { PRORATION_DATE_WINDOW_SECONDS } = require('./proration-date');

const addOnsField = {
  type: 'array', maxItems: 20,
  items: {
    type: 'object', additionalProperties: false, required: ['add_on'],
    properties: { add_on: { type: 'string', maxLength: 100 }, quantity },
  },
};

const changeBody = {
  type: 'object', additionalProperties: false, minProperties: 1,
  properties: {
    plan: { type: 'string', maxLength: 100 }, quantity, add_ons: addOnsField,
    proration_behavior: { enum: ['create_prorations', 'none'], description: 'create_prorations (default): credit and charge the rest of the period, added to the next invoice; none: no proration. An operator\'s decision: a portal session may not send it' },
    effective_at: { type: 'string', maxLength: 64, description: '"now", "period_end" or an RFC 3339 instant (whole seconds). Default: a downgrade waits for the period end when the plan\'s downgrade_timing says so; anything else applies now' },
    proration_date: {
      type: 'string', format: 'date-time',
      description: `The instant to prorate at instead of now, so a change applies exactly the proration a preview showed: at most ${PRORATION_DATE_WINDOW_SECONDS} s ago, not in the future, within the current period`,
    },
  },
};

const cancelBody = {
  type: 'object', additionalProperties: false,
  properties: {
    effective_at: {
      type: 'string', maxLength: 64,
      description: '"now" (default), "period_end" or an RFC 3339 instant (whole seconds; an operator\'s decision). A later cancellation is a pending phase of scheduled_changes, replaced or released like a change. On a portal, the plan\'s portal policy may decide',
    },
    at_period_end: { type: 'boolean', description: 'true is effective_at "period_end", false "now" (send one or the other)' },
    prorate: { type: 'boolean', description: 'Credit the unused rest of the period the cancellation ends (now or at an instant) on the next invoice (default false; an operator\'s decision: a portal session may not send it)' },
  },
};

module.exports = { addOnsField, changeBody, cancelBody };
