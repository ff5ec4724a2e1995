'use strict';
// Archiving old events. Aggregates never need the events once merged, so the months older than
// the retention can leave the live table: detached partitions on PostgreSQL (ordinary tables
// afterwards, to dump and drop), an archive file beside the database on SQLite. A watermark
// (usage_archive) then refuses events, voids and rebuilds before the archived months.
const path = require('node:path');
const { sql } = require('kysely');
const { ApiError } = require('../http/errors');
const { toInstant, addMilliseconds } = require('../time');
const { inTransaction } = require('../db/rows');
const { usageSettings } = require('./settings');
const { waitingCounts } = require('./event-store');
const { existingMonths, partitionName, monthOf, forgetPartitions } = require('./partitions');

/// The SQLite file archived events are moved to, beside the database file.
const sqliteArchiveFile = (sqliteFile) => path.join(path.dirname(sqliteFile), 'usage-archive.sqlite');

/// Archives the events of the months before `before` ("YYYY-MM"; by default the month holding
/// now − the retention, so every archived event is older than the retention). Refuses a month
/// the lookback limit still accepts late events for, and events not merged yet. Returns
/// { before (the first month kept), archived_before (instant), months (PostgreSQL: the
/// partitions detached), events (SQLite: how many moved), file (SQLite: where) }.
async function archiveEvents(services, { before = null } = {}) {
  const { db, dialect, clock, config } = services;
  const settings = usageSettings(config);
  const now = toInstant(clock.now());
  const month = before ?? monthOf(addMilliseconds(now, -settings.retentionMs));
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new ApiError('INVALID_ARGUMENT', `--before must be a month YYYY-MM, got "${month}"`);
  const cutoff = `${month}-01T00:00:00.000Z`;
  const lookbackStart = addMilliseconds(now, -settings.lookbackMs);
  if (cutoff > lookbackStart) {
    throw new ApiError('INVALID_ARGUMENT', `late events are still accepted back to ${lookbackStart} (RATECARD_USAGE_LOOKBACK_DAYS): archive months before ${monthOf(lookbackStart)} at the latest`);
  }
  const [waiting] = await waitingCounts(db, dialect, { where: (query) => query.where('usage_events.occurred_at', '<', cutoff) });
  if (waiting.pending > 0) {
    throw new ApiError('INVALID_STATE', `${waiting.pending} events before ${cutoff} are not merged yet (GET /v1/usage/status); archive once they are`);
  }
  // The watermark first: from here on nothing new lands in the months being archived.
  await inTransaction(db, async (trx) => {
    const current = await trx.selectFrom('usage_archive').select('archived_before').where('id', '=', 1).executeTakeFirst();
    if (!current) await trx.insertInto('usage_archive').values({ id: 1, archived_before: cutoff, updated_at: now }).execute();
    else if (current.archived_before < cutoff) await trx.updateTable('usage_archive').set({ archived_before: cutoff, updated_at: now }).where('id', '=', 1).execute();
  });
  const report = { before: month, archived_before: cutoff, months: [], events: 0, file: null };
  if (dialect === 'postgres') {
    for (const old of (await existingMonths(db)).filter((m) => m < month)) {
      await sql`alter table usage_events detach partition ${sql.table(partitionName(old))}`.execute(db);
      report.months.push(partitionName(old));
    }
    forgetPartitions(db);
    return report;
  }
  report.file = sqliteArchiveFile(config.sqliteFile);
  await sql`attach database ${report.file} as usage_archive`.execute(db);
  try {
    await inTransaction(db, async (trx) => {
      await sql`create table if not exists usage_archive.usage_events as select * from main.usage_events where 0`.execute(trx);
      await sql`insert into usage_archive.usage_events select * from main.usage_events where occurred_at < ${cutoff}`.execute(trx);
      const moved = await sql`delete from main.usage_events where occurred_at < ${cutoff}`.execute(trx);
      report.events = Number(moved.numAffectedRows);
    });
  } finally {
    await sql`detach database usage_archive`.execute(db);
  }
  return report;
}

module.exports = { archiveEvents, sqliteArchiveFile };
