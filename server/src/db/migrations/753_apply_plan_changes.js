'use strict';
const { newId } = require('../../ids');
// Two more built-in workflows (see 751): a provisioned customer's subscription that changes now
// (`subscription.updated`: an upgrade, a downgrade, seats, add-ons) or at a scheduled moment
// (`subscription.schedule_applied`) gets a refresh order: the service refetches the customer's
// entitlements, so the new terms apply in the app at once. The order names no plan, so an event
// handled late (the subscription changed again since) changes nothing in billing, and it records
// no subscription event that could start these workflows again. Written out as released.

const STILL_ENTITLED = { field: 'status', op: 'in', value: ['active', 'trialing', 'past_due'] };
const PROVISIONED = { field: 'account_status', op: 'eq', value: 'active' };
const APPLY = [{ type: 'provision', order: 'refresh', params: {} }];

const TEMPLATES = [
  {
    template: 'apply_plan_changes',
    name: 'Apply plan changes',
    description: "When a provisioned customer's subscription changes (plan, seats, add-ons), the app applies the new terms at once.",
    definition: { trigger: { event: 'subscription.updated', conditions: [PROVISIONED, STILL_ENTITLED] }, steps: APPLY },
  },
  {
    template: 'apply_scheduled_changes',
    name: 'Apply scheduled changes',
    description: "When a scheduled change of a provisioned customer's subscription takes effect (a downgrade at the period end), the app applies the new terms.",
    definition: { trigger: { event: 'subscription.schedule_applied', conditions: [PROVISIONED, STILL_ENTITLED] }, steps: APPLY },
  },
];

async function up(db) {
  const now = new Date().toISOString();
  for (const { template, name, description, definition } of TEMPLATES) {
    const id = newId('wf');
    await db.insertInto('workflows').values({
      id, name, description, status: 'active', template, current_version: 1, trigger_event: definition.trigger.event, created_at: now, updated_at: now,
    }).execute();
    await db.insertInto('workflow_versions').values({ id: newId('wfv'), workflow_id: id, version: 1, definition: JSON.stringify(definition), created_at: now }).execute();
  }
}

module.exports = { up };
