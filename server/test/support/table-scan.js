'use strict';
// Reading a whole database, for the tests that scan every table for values that must not be
// there (card numbers, secrets, an erased customer's personal data).
const { sql } = require('kysely');

/// Every row of every table of a Kysely database (`dialect` 'sqlite' or 'postgres'), each row as
/// JSON text, by table name.
async function everyTable(db, dialect) {
  const names = dialect === 'postgres'
    ? (await sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db)).rows
    : (await sql`select name from sqlite_master where type = 'table'`.execute(db)).rows;
  const tables = {};
  for (const { name } of names) tables[name] = (await sql`select * from ${sql.table(name)}`.execute(db)).rows.map((row) => JSON.stringify(row));
  return tables;
}

module.exports = { everyTable };
