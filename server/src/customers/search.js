'use strict';
const { sql } = require('kysely');

/// A condition for a list query: any of `columns` contains `text`, in any case (lower() on
/// both sides, so SQLite and PostgreSQL agree), with `%` and `_` in the text taken literally.
function containsText(columns, text) {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  return (eb) => eb.or(columns.map((column) => sql`lower(${sql.ref(column)}) like ${pattern} escape '\\'`));
}

module.exports = { containsText };
