'use strict';
// Inserts held back in a transaction and written together: a billing batch creates, for each of
// its invoices, the invoice, its outbox events and their delivery jobs, its hosted-page link and
// its billing rows, and nothing in the batch reads them back. Held, they are written at the
// end as one multi-row insert per table (and shape) instead of one statement each. A held row
// may still change before it is written (an invoice finalized in the same batch): updateHeldRow.
// They are written in the transaction that made them, so they commit, or roll back, with it.
const { insertRows } = require('./row-inserts');

/// Rows per insert statement (SQLite takes up to 32,766 parameters; an invoice row has about 40).
const ROWS_PER_STATEMENT = 200;

const holds = new WeakMap();

/// From now on, insertRow on `trx` holds its rows back until flushHeldInserts(trx).
function holdInserts(trx, dialect) {
  holds.set(trx, { dialect, tables: new Map() });
}

/// Inserts `row` into `table` through `executor`, or holds it back when `executor` holds its
/// inserts (holdInserts). `ignoreConflict`: a row whose key (`conflictColumn`) exists already
/// is left out, as `on conflict do nothing`.
async function insertRow(executor, table, row, { ignoreConflict = false, conflictColumn = 'id' } = {}) {
  const hold = holds.get(executor);
  if (!hold) {
    let query = executor.insertInto(table).values(row);
    if (ignoreConflict) query = query.onConflict((conflict) => conflict.column(conflictColumn).doNothing());
    await query.execute();
    return;
  }
  if (!hold.tables.has(table)) hold.tables.set(table, { rows: new Map(), order: [] });
  const held = hold.tables.get(table);
  const suffix = ignoreConflict ? `on conflict ("${conflictColumn}") do nothing` : '';
  const entry = { row: { ...row }, suffix };
  held.order.push(entry);
  if (row.id !== undefined) held.rows.set(row.id, entry);
}

/// Merges `changes` into the held row of `table` whose `id` is `id`. Returns false (nothing
/// changed) when no such row is held: it was written already, and the caller updates it.
function updateHeldRow(executor, table, id, changes) {
  const hold = holds.get(executor);
  const held = hold && hold.tables.get(table) && hold.tables.get(table).rows.get(id);
  if (!held) return false;
  Object.assign(held.row, changes);
  return true;
}

/// Whether the row of `table` whose `id` is `id` is held back by `executor` (made in it, not written yet).
function isHeldRow(executor, table, id) {
  const hold = holds.get(executor);
  return Boolean(hold && hold.tables.get(table) && hold.tables.get(table).rows.has(id));
}

/// Writes the rows `executor` holds, table by table in the order each was first used, rows in
/// the order they were inserted, one statement per ROWS_PER_STATEMENT rows of the same columns.
/// `keep`: tables whose rows stay held (they are written by a later flush).
async function flushHeldInserts(executor, { keep = [] } = {}) {
  const hold = holds.get(executor);
  if (!hold) return;
  for (const [table, held] of hold.tables) {
    if (keep.includes(table) || !held.order.length) continue;
    const order = held.order;
    hold.tables.set(table, { rows: new Map(), order: [] });
    for (const { shape, rows } of byShape(table, order)) {
      for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
        await insertRows(executor, hold.dialect, shape, rows.slice(start, start + ROWS_PER_STATEMENT));
      }
    }
  }
}

// Consecutive rows with the same columns (undefined ones left out, as the query builder
// does) and the same conflict clause make one shape.
function byShape(table, order) {
  const groups = [];
  for (const { row, suffix } of order) {
    const columns = Object.keys(row).filter((column) => row[column] !== undefined);
    const last = groups[groups.length - 1];
    if (last && last.shape.suffix === suffix && sameColumns(last.shape.columns, columns)) last.rows.push(row);
    else groups.push({ shape: { table, columns, suffix }, rows: [row] });
  }
  return groups;
}

const sameColumns = (a, b) => a.length === b.length && a.every((column, i) => column === b[i]);

module.exports = { holdInserts, insertRow, updateHeldRow, isHeldRow, flushHeldInserts };
