'use strict';
// The workflows domain's part of a privacy erasure (server/src/privacy/): a run keeps its
// steps and outcome, and loses the personal values in the facts it read and the outputs it
// kept.

/// Erases personal values from the customer's workflow runs and their steps; returns how many
/// runs.
async function eraseWorkflowRuns(trx, { customerId, redactor }) {
  const runs = await trx.selectFrom('workflow_runs').select(['id', 'facts', 'failure']).where('customer_id', '=', customerId).execute();
  for (const run of runs) {
    await trx.updateTable('workflow_runs').set({ facts: redactor.jsonText(run.facts), failure: redactor.jsonText(run.failure) })
      .where('id', '=', run.id).execute();
    const steps = await trx.selectFrom('workflow_run_steps').select(['id', 'output', 'last_error']).where('run_id', '=', run.id).execute();
    for (const step of steps) {
      await trx.updateTable('workflow_run_steps').set({ output: redactor.jsonText(step.output), last_error: redactor.text(step.last_error) })
        .where('id', '=', step.id).execute();
    }
  }
  return runs.length;
}

module.exports = { eraseWorkflowRuns };
