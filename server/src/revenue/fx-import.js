'use strict';
const { invalidArgument } = require('../http/errors');
const { checkRate } = require('./fx-rates');

const COLUMNS = ['currency', 'reporting_currency', 'effective_date', 'rate'];

/// Reads an imported CSV of rates: a header line naming the four columns (any order), then one
/// rate a line; blank lines are skipped. Every line is checked before any is stored: an error
/// names its line, as `/csv/<line number>/<field>`.
function parseRatesCsv(core, text) {
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(',').map((field) => field.trim());
  for (const column of COLUMNS) {
    if (!header.includes(column)) throw invalidArgument(`the header line needs the columns ${COLUMNS.join(', ')}`, '/csv/1');
  }
  const rates = [];
  lines.slice(1).forEach((line, index) => {
    if (!line.trim()) return;
    const fields = line.split(',').map((field) => field.trim());
    const path = `/csv/${index + 2}`;
    if (fields.length !== header.length) throw invalidArgument(`has ${fields.length} fields, the header ${header.length}`, path);
    const rate = Object.fromEntries(COLUMNS.map((column) => [column, fields[header.indexOf(column)]]));
    rates.push(checkRate(core, rate, path));
  });
  if (!rates.length) throw invalidArgument('has no rate after its header line', '/csv');
  return rates;
}

module.exports = { parseRatesCsv };
