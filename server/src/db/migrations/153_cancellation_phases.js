'use strict';
// A cancellation at the period end becomes a pending phase of `scheduled_changes` (like any
// scheduled change: replaced, released, applied on time; subscriptions/phases.js) instead of
// a flag read at renewal. Each live subscription flagged `cancel_at_period_end` gets its
// cancellation phase; the flag stays, kept by the service to say such a phase is pending.
const { newId } = require('../../ids');

async function up(db) {
  const flagged = await db.selectFrom('subscriptions').select(['id', 'current_period_end', 'canceled_at', 'updated_at', 'scheduled_changes'])
    .where('cancel_at_period_end', '=', 1).where('status', 'not in', ['canceled', 'incomplete_expired']).execute();
  for (const row of flagged) {
    const cancellation = {
      id: newId('sch'), effective_at: row.current_period_end, timing: 'period_end', change: { cancel: true },
      created_at: row.canceled_at ?? row.updated_at,
    };
    // The cancellation comes before any change at the same instant: nothing applies after it.
    const phases = [cancellation, ...JSON.parse(row.scheduled_changes)].sort((a, b) => (a.effective_at < b.effective_at ? -1 : Number(a.effective_at > b.effective_at)));
    await db.updateTable('subscriptions').set({ scheduled_changes: JSON.stringify(phases), next_change_at: phases[0].effective_at })
      .where('id', '=', row.id).execute();
  }
}

module.exports = { up };
