'use strict';

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. A field
/// starting with =, +, - or @ that is not a number is prefixed with ' so spreadsheets do not
/// run it as a formula.
function csvField(value) {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@]/.test(text) && !/^-?[0-9]+(\.[0-9]+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/// A CSV document: a header line of `columns`, then one line per row (CRLF line ends).
function toCsv(columns, rows) {
  return [columns, ...rows.map((row) => columns.map((column) => row[column]))]
    .map((fields) => fields.map(csvField).join(',')).join('\r\n').concat('\r\n');
}

/// Sends `rows` as a CSV attachment named `name`.csv.
function sendCsv(reply, name, columns, rows) {
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
  return toCsv(columns, rows);
}

module.exports = { toCsv, sendCsv };
