'use strict';
// The CSV form of a customer export: one row per object, its kind first ("customer",
// "subscription", "invoice", ...), then its id and creation moment, then the whole object as
// the JSON export shows it (one JSON text per cell), so a spreadsheet lists everything and a
// program can read each object back.
const { toCsv } = require('../documents/csv');
const { EXPORT_KINDS } = require('./export');

const COLUMNS = [
  { name: 'kind', value: (row) => row.kind },
  { name: 'id', value: (row) => row.object.id ?? null, text: true },
  { name: 'created_at', value: (row) => row.object.created_at ?? null },
  { name: 'object', value: (row) => JSON.stringify(row.object), text: true },
];

// "credit_notes" -> "credit_note", "entitlement_overrides" -> "entitlement_overrides".
const singular = (kind) => (kind === 'entitlement_overrides' ? kind : kind.replace(/s$/, ''));

/// The CSV text of an export object (exportCustomer's result).
function exportCsv(exported) {
  const rows = [{ kind: 'customer', object: exported.customer }];
  for (const kind of EXPORT_KINDS) rows.push(...exported[kind].map((object) => ({ kind: singular(kind), object })));
  return toCsv(COLUMNS, rows);
}

module.exports = { exportCsv };
