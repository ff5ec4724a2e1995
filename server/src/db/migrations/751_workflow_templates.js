'use strict';
const { newId } = require('../../ids');
// The built-in workflows: the default mapping from billing events to provisioning, created
// once (on a fresh install, or when this migration first runs) and editable like any other
// workflow. Their definitions are written out here, as they were when released.

const TEMPLATES = [
  {
    template: 'activate_on_first_payment',
    name: 'Activate on the first payment',
    description: 'When the first invoice of a new subscription is paid, provision the customer: account, owner, seats and an access key.',
    definition: {
      trigger: { event: 'invoice.paid', conditions: [{ field: 'billing_reason', op: 'eq', value: 'subscription_create' }] },
      steps: [{ type: 'provision', order: 'activate', params: { access_key: { name: 'Default' } } }],
    },
  },
  {
    template: 'suspend_when_unpaid',
    name: 'Suspend when unpaid',
    description: "When dunning gives up on a subscription (its policy's last retry failed), suspend the customer's access.",
    definition: {
      trigger: { event: 'subscription.unpaid', conditions: [] },
      steps: [{ type: 'provision', order: 'suspend', params: { reason: 'unpaid after the last payment retry' } }],
    },
  },
  {
    template: 'restore_on_recovery',
    name: 'Restore on recovery',
    description: 'When an unpaid subscription is paid again, restore the customer\'s access.',
    definition: {
      trigger: { event: 'subscription.recovered', conditions: [] },
      steps: [{ type: 'provision', order: 'restore', params: {} }],
    },
  },
  {
    template: 'deprovision_after_cancellation',
    name: 'Deprovision 30 days after cancellation',
    description: 'Thirty days after a subscription is canceled (by the customer\'s clock), deprovision the account.',
    definition: {
      trigger: { event: 'subscription.canceled', conditions: [] },
      steps: [{ type: 'wait', days: 30 }, { type: 'provision', order: 'deprovision', params: { grace_days: 0 } }],
    },
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
