'use strict';
// Workflows: billing events mapped to provisioning orders, emails, webhook calls and waits.
// A workflow's definition (trigger and steps, JSON) is versioned: an edit adds a version and a
// run keeps the version it started on. A run is one workflow handling one event; its steps are
// rows with their state, created with the run.

async function up(db) {
  await db.schema.createTable('workflows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('template', 'text')
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('trigger_event', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('workflows_trigger').on('workflows').columns(['trigger_event', 'status']).execute();

  await db.schema.createTable('workflow_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workflow_id', 'text', (c) => c.notNull().references('workflows.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('workflow_versions_number', ['workflow_id', 'version'])
    .execute();

  await db.schema.createTable('workflow_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workflow_id', 'text', (c) => c.notNull().references('workflows.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('failure', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    // One run per workflow and event: delivering an event twice starts nothing new.
    .addUniqueConstraint('workflow_runs_event', ['workflow_id', 'event_id'])
    .execute();
  await db.schema.createIndex('workflow_runs_customer').on('workflow_runs').column('customer_id').execute();

  await db.schema.createTable('workflow_run_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('workflow_runs.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('output', 'text')
    .addColumn('last_error', 'text')
    .addColumn('not_before', 'text')
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addUniqueConstraint('workflow_run_steps_position', ['run_id', 'position'])
    .execute();
}

module.exports = { up };
