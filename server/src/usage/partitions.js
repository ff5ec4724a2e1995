'use strict';
// PostgreSQL's monthly partitions of usage_events (`usage_events_YYYY_MM`, range on the text
// instant `occurred_at`). A month's partition is created the first time an event of that month
// arrives (and ahead of time by the maintenance job); SQLite keeps one table and needs none.
const { sql } = require('kysely');

// Months known to have a partition, per database handle (tests open several).
const knownMonths = new WeakMap();

/// The month of a stored instant: "2026-01".
const monthOf = (instant) => instant.slice(0, 7);

/// The partition table of a month: "usage_events_2026_01".
const partitionName = (month) => `usage_events_${month.replace('-', '_')}`;

/// The month after "YYYY-MM".
function nextMonth(month) {
  const [year, number] = month.split('-').map(Number);
  return number === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${String(year).padStart(4, '0')}-${String(number + 1).padStart(2, '0')}`;
}

/// Makes sure every month of `instants` has its partition (PostgreSQL; nothing on SQLite).
/// Runs outside the caller's transaction: creating a partition briefly locks the parent table.
async function ensurePartitions(db, dialect, instants) {
  if (dialect !== 'postgres') return;
  let known = knownMonths.get(db);
  if (!known) {
    known = new Set(await existingMonths(db));
    knownMonths.set(db, known);
  }
  for (const month of new Set(instants.map(monthOf))) {
    if (known.has(month)) continue;
    await createPartition(db, month);
    known.add(month);
  }
}

/// The months that have a partition attached, oldest first.
async function existingMonths(db) {
  const { rows } = await sql`
    select child.relname as name from pg_inherits
    join pg_class parent on parent.oid = pg_inherits.inhparent
    join pg_class child on child.oid = pg_inherits.inhrelid
    where parent.relname = 'usage_events'`.execute(db);
  return rows.map((row) => /^usage_events_(\d{4})_(\d{2})$/.exec(row.name))
    .filter(Boolean).map((match) => `${match[1]}-${match[2]}`).sort();
}

// Creates one month's partition unless it exists. Two processes may race to create it: the
// loser's error is ignored once the partition is there.
async function createPartition(db, month) {
  const from = `${month}-01T00:00:00.000Z`;
  const to = `${nextMonth(month)}-01T00:00:00.000Z`;
  try {
    await sql`create table if not exists ${sql.table(partitionName(month))} partition of usage_events
      for values from (${sql.lit(from)}) to (${sql.lit(to)})`.execute(db);
  } catch (error) {
    if (!(await existingMonths(db)).includes(month)) throw error;
  }
}

/// Forgets which months have partitions (after archiving detached some).
function forgetPartitions(db) {
  knownMonths.delete(db);
}

module.exports = { ensurePartitions, existingMonths, partitionName, monthOf, nextMonth, forgetPartitions };
