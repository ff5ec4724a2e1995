'use strict';
// CSV (RFC 4180): fields quoted when they hold a comma, quote or line break; text a spreadsheet
// would run as a formula (starting with = + - @) is prefixed with an apostrophe. Amounts are
// written as the core gave them (decimal strings), never through a number.

const FORMULA = /^[=+\-@\t\r]/;

function field(value, { text = false } = {}) {
  if (value === null || value === undefined) return '';
  let out = String(value);
  if (text && FORMULA.test(out)) out = `'${out}`;
  return /[",\r\n]/.test(out) ? `"${out.replace(/"/g, '""')}"` : out;
}

/// The CSV text of `rows` under `columns` ([{ name, value(row), text? }]), CRLF line ends.
function toCsv(columns, rows) {
  const lines = [columns.map((column) => field(column.name)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => field(column.value(row), column)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

module.exports = { toCsv };
