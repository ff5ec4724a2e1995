'use strict';
// Recording money received outside Ratecard (a bank transfer, a check, cash) through the API.
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { findCustomer } = require('../customers/customers');
const { readAmount } = require('../payments/money');
const { zeroLike } = require('../invoicing/amounts');
const { readDate } = require('./statement-lines');
const { insertReceivedPayment } = require('./queries');
const { matchAutomatically, applyReceived } = require('./matching');
const { invoicesToMatch, announce } = require('./manual-matching');

/// Records { method, amount, currency, received_on, reference?, customer?, invoices?, metadata? }
/// in `trx` and matches it: to `invoices` when given (in order), automatically otherwise
/// (./matching.js). Records received_payment.created; returns the API object.
async function recordReceivedPayment(trx, services, body) {
  const { core, clock } = services;
  const amount = readAmount(core, body.currency, body.amount, '/amount');
  const customerId = body.customer ? (await findCustomer(trx, body.customer, '/customer')).id : null;
  const now = toInstant(clock.now());
  const row = {
    id: newId('rcvp'), origin: 'api', source: null, import_id: null, line_number: null, external_id: null, method: body.method,
    reference: body.reference || null, customer_id: customerId, currency: body.currency, amount, fee: null, net: amount,
    received_on: readDate(body.received_on, '/received_on'), status: 'unmatched', amount_applied: zeroLike(amount), amount_unapplied: amount,
    matched_by: null, payment_id: null, metadata: JSON.stringify(body.metadata || {}), created_at: now, updated_at: now,
  };
  const invoices = body.invoices ? await invoicesToMatch(trx, row, body.invoices, '/invoices') : null;
  await insertReceivedPayment(trx, row);
  const matched = invoices ? await applyReceived(trx, services, row, invoices, 'manual') : await matchAutomatically(trx, services, row);
  return announce(trx, services, matched, 'received_payment.created');
}

module.exports = { recordReceivedPayment };
