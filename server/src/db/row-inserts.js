'use strict';
// Multi-row inserts (usage ingestion; a billing batch's held rows, held-inserts.js), their SQL
// text built once per table, columns and number of rows rather than by the query builder for
// every batch (which walked 1,300 values of a 100-row insert each time). The same text comes back for the same shape, so the database
// prepares it once (db/sqlite-statements.js, db/prepared-statements.js).
const { CompiledQuery } = require('kysely');

const texts = new Map();

/// An insert's shape: { table, columns, suffix } (`suffix`: SQL after the values, such as an
/// on conflict clause or returning; table and column names are the code's, never input).
/// Inserts `rows` (objects holding every column) through `executor` and returns the rows the
/// statement returns. Callers insert at most 500 rows at a time, so a shape has at most 500 texts.
async function insertRows(executor, dialect, shape, rows) {
  if (!rows.length) return [];
  const text = textOf(dialect, shape, rows.length);
  const { columns } = shape;
  const parameters = new Array(rows.length * columns.length);
  let next = 0;
  for (const row of rows) {
    for (const column of columns) parameters[next++] = row[column];
  }
  const { rows: returned } = await executor.executeQuery(CompiledQuery.raw(text, parameters));
  return returned;
}

function textOf(dialect, { table, columns, suffix = '' }, count) {
  const key = `${dialect}\u0000${table}\u0000${columns.join(',')}\u0000${suffix}\u0000${count}`;
  let text = texts.get(key);
  if (text === undefined) {
    let number = 0;
    const placeholder = dialect === 'postgres' ? () => `$${++number}` : () => '?';
    const tuples = Array.from({ length: count }, () => `(${columns.map(placeholder).join(', ')})`);
    text = `insert into "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) values ${tuples.join(', ')}${suffix ? ` ${suffix}` : ''}`;
    texts.set(key, text);
  }
  return text;
}

module.exports = { insertRows };
