'use strict';
const { newId } = require('../../ids');
// The built-in `restore_on_recovery` workflow, as released by 751, restored access on every
// `subscription.recovered`, also on a recovery from `past_due`, when access was never suspended:
// each such recovery placed a restore order that could not start. Its version 2 restores only
// after a recovery from `unpaid`. A workflow an operator has edited since (its current version is
// no longer the released one) is left as it is.

const RELEASED = {
  trigger: { event: 'subscription.recovered', conditions: [] },
  steps: [{ type: 'provision', order: 'restore', params: {} }],
};
const VERSION_2 = {
  trigger: { event: 'subscription.recovered', conditions: [{ field: 'previous_status', op: 'eq', value: 'unpaid' }] },
  steps: [{ type: 'provision', order: 'restore', params: {} }],
};

async function up(db) {
  const workflows = await db.selectFrom('workflows').select(['id', 'current_version'])
    .where('template', '=', 'restore_on_recovery').execute();
  const now = new Date().toISOString();
  for (const workflow of workflows) {
    const current = await db.selectFrom('workflow_versions').select('definition')
      .where('workflow_id', '=', workflow.id).where('version', '=', workflow.current_version).executeTakeFirst();
    if (!current || JSON.stringify(JSON.parse(current.definition)) !== JSON.stringify(RELEASED)) continue;
    const version = Number(workflow.current_version) + 1;
    await db.insertInto('workflow_versions').values({ id: newId('wfv'), workflow_id: workflow.id, version, definition: JSON.stringify(VERSION_2), created_at: now }).execute();
    await db.updateTable('workflows').set({ current_version: version, updated_at: now }).where('id', '=', workflow.id).execute();
  }
}

module.exports = { up };
