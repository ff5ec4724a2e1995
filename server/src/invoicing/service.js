'use strict';
// Invoices an operator makes by hand: one-off invoices, and one-off lines added to drafts.
const { toInstant } = require('../time');
const { findCustomer, customerNow } = require('../customers/customers');
const { readSettings } = require('../settings/seller-settings');
const { coreInstant } = require('../subscriptions/calendar');
const { ONE_OFF_ID } = require('./invoices');
const { oneOffEntry, oneDayFrom } = require('./one-off');
const { invoiceTax, itemTaxFields } = require('./tax');
const { createInvoice, recomputeDraft } = require('./lifecycle');

/// Core errors on one-off items point at the body's lines.
const ONE_OFF_PATHS = (index) => [[`/subscriptions/${index}/items`, '/lines']];

/// Creates a one-off invoice for the lines of `body` (a draft, or finalized with
/// auto_finalize). Its period is the day it is created, in the customer's billing zone.
async function createOneOffInvoice(trx, services, body) {
  const { core, clock } = services;
  const customer = await findCustomer(trx, body.customer, '/customer');
  const settings = await readSettings(trx);
  const lines = body.lines.map((line, index) => checkLine(core, customer.currency, line, `/lines/${index}`));
  const moment = `${toInstant(await customerNow(trx, customer, clock)).slice(0, 19)}.000Z`;
  const request = {
    op: 'invoice', customer: { id: customer.id, currency: customer.currency, billing_zone: customer.timezone },
    period: oneDayFrom(core, coreInstant(moment), customer.timezone),
    subscriptions: [oneOffEntry(lines, itemTaxFields(settings))],
  };
  const tax = invoiceTax(settings, customer, moment);
  if (tax) request.tax = tax;
  const collectionMethod = body.collection_method || settings.default_collection_method;
  return createInvoice(trx, services, {
    customer, request, billingReason: 'manual', collectionMethod, daysUntilDue: body.days_until_due ?? settings.default_days_until_due,
    oneOffLines: lines, moment, periodStart: toInstant(new Date(request.period.start)), periodEnd: toInstant(new Date(request.period.end)),
    finalize: body.auto_finalize === true, metadata: body.metadata || {}, pathMap: ONE_OFF_PATHS(0),
  });
}

/// Adds one-off lines to a draft and recomputes it with the core.
async function addDraftLines(trx, services, row, body) {
  const lines = body.lines.map((line, index) => checkLine(services.core, row.currency, line, `/lines/${index}`));
  const allLines = [...JSON.parse(row.one_off_lines), ...lines];
  const request = JSON.parse(row.core_request);
  const settings = await readSettings(trx);
  const subscriptions = request.subscriptions.filter((entry) => entry.id !== ONE_OFF_ID);
  request.subscriptions = [...subscriptions, oneOffEntry(allLines, itemTaxFields(settings))];
  return recomputeDraft(trx, services, row, request, { one_off_lines: JSON.stringify(allLines) }, ONE_OFF_PATHS(subscriptions.length));
}

// A one-off line as stored: its unit amount and quantity checked by the core's price op.
function checkLine(core, currency, line, path) {
  const quantity = line.quantity === undefined ? '1' : String(line.quantity);
  core.run({ op: 'price', currency, price: { model: 'per_unit', unit_amount: line.unit_amount }, quantity },
    [['/price/unit_amount', `${path}/unit_amount`], ['/quantity', `${path}/quantity`]]);
  const stored = { description: line.description, unit_amount: line.unit_amount, quantity };
  if (line.tax_category) stored.tax_category = line.tax_category;
  if (line.tax_behavior) stored.tax_behavior = line.tax_behavior;
  return stored;
}

module.exports = { createOneOffInvoice, addDraftLines };
