'use strict';
// Usage metering (docs/server.md, "Usage metering"): billable metrics, the usage events with
// their deduplication keys, the queue of events not yet aggregated, the mergeable aggregates
// per subscription, metric and period, and per-customer processing counters.
//
// On PostgreSQL `usage_events` is partitioned by month of the event's timestamp (declarative
// range partitioning on the text instant, compared bytewise with COLLATE "C"); partitions are
// created as months are first needed (server/src/usage/partitions.js). A unique index on a
// partitioned table must contain the partition key, so deduplication lives in its own
// unpartitioned table, `usage_event_keys`, on both databases.
const { sql, PostgresAdapter } = require('kysely');

// On SQLite, the high-volume tables are clustered on their primary key (WITHOUT ROWID): one
// B-tree less to write per event.
const WITHOUT_ROWID = sql`without rowid`;

async function up(db) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.createTable('billable_metrics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('aggregation', 'text', (c) => c.notNull())
    .addColumn('property', 'text')
    .addColumn('filters', 'text', (c) => c.notNull())
    .addColumn('time_unit', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // One row per (customer, client event id) ever accepted within the deduplication window:
  // the single point where a retry, a repeated batch or a concurrent sender is recognized.
  await db.schema.createTable('usage_event_keys')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('payload_hash', 'text', (c) => c.notNull())
    .addColumn('usage_event_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_event_keys_pk', ['customer_id', 'event_id'])
    .modifyEnd(postgres ? sql`` : WITHOUT_ROWID)
    .execute();
  await db.schema.createIndex('usage_event_keys_received_at').on('usage_event_keys').column('received_at').execute();

  if (postgres) {
    await sql`
      create table usage_events (
        id text not null,
        customer_id text not null,
        event_id text not null,
        metric text not null,
        occurred_at text collate "C" not null,
        properties text not null,
        subscription_id text,
        period_start text,
        period_end text,
        late integer not null default 0,
        received_at text not null,
        voided_at text,
        void_reason text,
        primary key (id, occurred_at)
      ) partition by range (occurred_at)`.execute(db);
  } else {
    await db.schema.createTable('usage_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('metric', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'text', (c) => c.notNull())
      .addColumn('properties', 'text', (c) => c.notNull())
      .addColumn('subscription_id', 'text')
      .addColumn('period_start', 'text')
      .addColumn('period_end', 'text')
      .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('voided_at', 'text')
      .addColumn('void_reason', 'text')
      .modifyEnd(WITHOUT_ROWID)
      .execute();
  }
  // Listing a customer's events newest first; recomputing one aggregate from its events.
  await db.schema.createIndex('usage_events_customer').on('usage_events').columns(['customer_id', 'id']).execute();
  await db.schema.createIndex('usage_events_aggregate').on('usage_events')
    .columns(['subscription_id', 'metric', 'period_start']).execute();

  // Events accepted but not yet merged into their aggregate (the aggregation job's queue). An
  // event the core refused to merge keeps its row with the `error`, out of the queue's way.
  await db.schema.createTable('usage_pending')
    .addColumn('usage_event_id', 'text', (c) => c.primaryKey())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .modifyEnd(postgres ? sql`` : WITHOUT_ROWID)
    .execute();
  await db.schema.createIndex('usage_pending_subscription').on('usage_pending').column('subscription_id').execute();

  // The core's mergeable partial aggregate of one metric for one subscription and period, the
  // aggregate it finishes to, and what was billed of it (late events and voids after billing
  // raise `revision` above `billed_revision`: a pending late adjustment).
  await db.schema.createTable('usage_aggregates')
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('partial', 'text', (c) => c.notNull())
    .addColumn('aggregate', 'text', (c) => c.notNull())
    .addColumn('initial_value', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('billed_revision', 'integer')
    .addColumn('billed_aggregate', 'text')
    .addColumn('billed_invoice', 'text')
    .addColumn('billed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_aggregates_pk', ['subscription_id', 'metric', 'period_start'])
    .execute();
  await db.schema.createIndex('usage_aggregates_customer').on('usage_aggregates').columns(['customer_id', 'period_start']).execute();

  // Per customer: events merged (or found to belong to no subscription), voided.
  await db.schema.createTable('usage_counters')
    .addColumn('customer_id', 'text', (c) => c.primaryKey())
    .addColumn('processed', 'bigint', (c) => c.notNull())
    .addColumn('unattributed', 'bigint', (c) => c.notNull())
    .addColumn('late', 'bigint', (c) => c.notNull())
    .addColumn('voided', 'bigint', (c) => c.notNull())
    .addColumn('last_processed_at', 'text')
    .execute();

  // Months of events archived (detached on PostgreSQL, moved out on SQLite): nothing before
  // `archived_before` is accepted, voided or rebuilt any more.
  await db.schema.createTable('usage_archive')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('archived_before', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

module.exports = { up };
