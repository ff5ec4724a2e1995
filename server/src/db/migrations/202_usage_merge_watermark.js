'use strict';
// The merge queue folded into the events (docs/server.md, "Processing"): instead of a
// usage_pending row written per event and deleted once merged, each event has a position in
// the order it became visible, and the aggregation job merges the events past a watermark,
// moving it in the transaction that merges them. An event is then two rows (its event and its
// deduplication key) and its merge deletes nothing.
//
// The position: on SQLite, `seq`, a number given under the database's one write lock (so in
// commit order); on PostgreSQL, `(xid, id)`: the inserting transaction's id and the event's,
// merged only once every transaction with a smaller id has ended (pg_snapshot_xmin), so no
// event can become visible behind the watermark.
//
// Events waiting at migration time are placed past the watermark, those merged (or refused by
// the core) before it; refusals move to usage_merge_failures.
const { sql, PostgresAdapter } = require('kysely');

async function up(db) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.createTable('usage_merge_watermark')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('through_seq', 'bigint') // SQLite
    .addColumn('through_xid', 'text') // PostgreSQL: an xid8 in decimal
    .addColumn('through_id', 'text') // PostgreSQL
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Events past the watermark already merged by invoicing (it merges a subscription's events
  // before billing them); the job skips them and deletes their rows as it passes them.
  await db.schema.createTable('usage_merged_ahead')
    .addColumn('usage_event_id', 'text', (c) => c.primaryKey())
    .execute();
  // Events the core refused to merge (an overflowing sum, say), with its error.
  await db.schema.createTable('usage_merge_failures')
    .addColumn('usage_event_id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('error', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into usage_merge_failures (usage_event_id, customer_id, received_at, error)
    select usage_event_id, customer_id, received_at, error from usage_pending where error is not null`.execute(db);
  const now = new Date().toISOString();

  if (postgres) {
    await sql`alter table usage_events add column xid xid8`.execute(db);
    await sql`update usage_events set xid = case when exists (
      select 1 from usage_pending p where p.usage_event_id = usage_events.id and p.error is null) then '2'::xid8 else '1'::xid8 end`.execute(db);
    await sql`alter table usage_events alter column xid set default pg_current_xact_id()`.execute(db);
    await sql`alter table usage_events alter column xid set not null`.execute(db);
    await sql`insert into usage_merge_watermark (id, through_xid, through_id, updated_at)
      select 1, '1', coalesce(max(id), ''), ${now} from usage_events where xid = '1'::xid8`.execute(db);
    await sql`create index usage_events_position on usage_events (xid, id)`.execute(db);
  } else {
    await sql`alter table usage_events add column seq integer not null default 0`.execute(db);
    // Merged (and refused) events first, then the waiting ones in their queue's order.
    await sql`update usage_events set seq = numbered.n from (
      select e.id, row_number() over (order by (p.usage_event_id is not null and p.error is null), e.id) as n
      from usage_events e left join usage_pending p on p.usage_event_id = e.id) as numbered
      where numbered.id = usage_events.id`.execute(db);
    await sql`insert into usage_merge_watermark (id, through_seq, updated_at)
      select 1, count(*), ${now} from usage_events e
      where not exists (select 1 from usage_pending p where p.usage_event_id = e.id and p.error is null)`.execute(db);
    await sql`create unique index usage_events_seq on usage_events (seq)`.execute(db);
  }
  await db.schema.dropTable('usage_pending').execute();
}

module.exports = { up };
