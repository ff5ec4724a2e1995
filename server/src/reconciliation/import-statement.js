'use strict';
// Importing a gateway settlement or a bank statement: every line checked first (a bad file
// changes nothing), then each new line stored as a received payment and matched, all in one
// transaction. A line imported before from the same source is skipped.
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { addAmounts, zeroLike } = require('../invoicing/amounts');
const { readStatementLines } = require('./statement-lines');
const { insertReceivedPayment } = require('./queries');
const { matchAutomatically } = require('./matching');
const { presentImport, STATUSES } = require('./presenters');

/// Reads `csv`, an import of `type` from `source` (docs/server.md, "Reconciliation"), before
/// any transaction: INVALID_ARGUMENT (and the like) at `/csv/<line>/<column>` for a bad line.
function readImport(services, { type, csv }) {
  return readStatementLines(services.db, services.core, type, csv);
}

/// Stores the import of `lines` (from readImport) in `trx`, matching each new line, and
/// records reconciliation.import.completed. Returns the import's API object.
async function storeImport(trx, services, { type, source }, lines) {
  const now = toInstant(services.clock.now());
  const importRow = { id: newId('rcimp'), type, source, line_count: lines.length, duplicate_count: 0, summary: '{}', created_at: now };
  await trx.insertInto('reconciliation_imports').values(importRow).execute();
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0]));
  const fees = new Map();
  for (const line of lines) {
    const row = {
      id: newId('rcvp'), origin: type, source, import_id: importRow.id, line_number: line.line, external_id: line.externalId,
      method: type === 'gateway_settlement' ? 'gateway_settlement' : 'bank_transfer', reference: line.reference, customer_id: line.customerId,
      currency: line.currency, amount: line.amount, fee: line.fee, net: line.net, received_on: line.receivedOn, status: 'unmatched',
      amount_applied: zeroLike(line.amount), amount_unapplied: line.amount, matched_by: null, payment_id: null, metadata: '{}',
      created_at: now, updated_at: now,
    };
    if (!await insertReceivedPayment(trx, row)) {
      importRow.duplicate_count += 1;
      continue;
    }
    const matched = await matchAutomatically(trx, services, row, { charge: line.charge });
    counts[matched.status] += 1;
    if (line.fee) fees.set(line.currency, addAmounts(fees.get(line.currency) || zeroLike(line.fee), line.fee));
  }
  importRow.summary = JSON.stringify({ ...counts, fees: [...fees].sort().map(([currency, amount]) => ({ currency, amount })) });
  await trx.updateTable('reconciliation_imports').set({ duplicate_count: importRow.duplicate_count, summary: importRow.summary })
    .where('id', '=', importRow.id).execute();
  const object = presentImport(importRow);
  await recordEvent(trx, { type: 'reconciliation.import.completed', object }, services.clock.now());
  return object;
}

module.exports = { readImport, storeImport };
