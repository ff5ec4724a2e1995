'use strict';
// The lines of an imported gateway settlement or bank statement, read and checked in full
// before anything is stored: an error names the line and column as `/csv/<line>/<column>`.
const { invalidArgument } = require('../http/errors');
const { findCustomer } = require('../customers/customers');
const { readAmount } = require('../payments/money');
const { subtractAmounts, isPositive } = require('../invoicing/amounts');
const { readCsv } = require('./csv-reader');

/// The columns of each import type (docs/server.md, "Reconciliation").
const IMPORT_COLUMNS = {
  gateway_settlement: { required: ['id', 'date', 'currency', 'gross', 'fee', 'net'], optional: ['reference', 'customer', 'charge'] },
  bank_statement: { required: ['id', 'date', 'currency', 'amount'], optional: ['reference', 'customer'] },
};

const IMPORT_TYPES = Object.keys(IMPORT_COLUMNS);
const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/// The lines of `csv`, an import of `type`: [{ line, externalId, receivedOn, currency, amount
/// (what pays invoices: a settlement's gross), fee (null on a bank statement), net (what reached
/// the bank), reference, customerId, charge }].
async function readStatementLines(executor, core, type, csv) {
  const records = readCsv(csv, IMPORT_COLUMNS[type]);
  const seen = new Map();
  const lines = [];
  for (const { line, fields } of records) {
    const at = (column) => `/csv/${line}/${column}`;
    if (!fields.id || fields.id.length > 100) throw invalidArgument('needs the line\'s id in its source (1 to 100 characters)', at('id'));
    if (seen.has(fields.id)) throw invalidArgument(`repeats the id of line ${seen.get(fields.id)}`, at('id'));
    seen.set(fields.id, line);
    if (!/^[A-Z]{3}$/.test(fields.currency)) throw invalidArgument('must be a three-letter ISO 4217 code such as USD', at('currency'));
    const money = (column, options) => {
      if (!DECIMAL.test(fields[column])) throw invalidArgument('must be a decimal amount such as 12.50', at(column));
      return readAmount(core, fields.currency, fields[column], at(column), options);
    };
    let amount;
    let fee = null;
    let net;
    if (type === 'gateway_settlement') {
      amount = money('gross');
      fee = money('fee', { allowZero: true });
      const expected = subtractAmounts(amount, fee);
      if (!isPositive(expected)) throw invalidArgument('must be less than gross', at('fee'));
      net = money('net');
      if (expected !== net) throw invalidArgument(`must be gross less fee (${expected})`, at('net'));
    } else {
      amount = money('amount');
      net = amount;
    }
    const reference = fields.reference || null;
    if (reference && reference.length > 200) throw invalidArgument('is longer than 200 characters', at('reference'));
    const customerId = fields.customer ? (await findCustomer(executor, fields.customer, at('customer'))).id : null;
    const charge = fields.charge || null;
    if (charge && charge.length > 100) throw invalidArgument('is longer than 100 characters', at('charge'));
    lines.push({ line, externalId: fields.id, receivedOn: readDate(fields.date, at('date')), currency: fields.currency, amount, fee, net, reference, customerId, charge });
  }
  return lines;
}

/// `text` when it is a calendar date YYYY-MM-DD; INVALID_ARGUMENT at `path` otherwise.
function readDate(text, path) {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text || '');
  const date = match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (!date || date.toISOString().slice(0, 10) !== text) throw invalidArgument('must be a date YYYY-MM-DD', path);
  return text;
}

module.exports = { readStatementLines, readDate, IMPORT_TYPES, IMPORT_COLUMNS };
