'use strict';
// Documents are rendered when first asked for and then kept (table `documents`): asking again
// serves the stored bytes, so what a customer was given never changes.
const crypto = require('node:crypto');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { invalidState } = require('../http/errors');
const { findCustomer } = require('../customers/customers');
const { findInvoice } = require('../invoicing/invoices');
const { findCreditNote } = require('../credit-notes/credit-notes');
const { findLogo } = require('../settings/logo-store');
const { invoiceModel, creditNoteModel } = require('./model');
const { renderHtml } = require('./html');
const { renderPdf } = require('./pdf');

const CONTENT_TYPES = { html: 'text/html; charset=utf-8', pdf: 'application/pdf' };

/// The document of invoice or credit note `objectId` (`objectType` 'invoice' or 'credit_note')
/// in `format` ('html' or 'pdf'): { content (Buffer), sha256, contentType, filename }.
/// A draft invoice has none (INVALID_STATE): only finalized documents are issued.
async function documentOf(executor, services, objectType, objectId, format) {
  const stored = await readStored(executor, objectType, objectId, format);
  const { model, at } = await modelOf(executor, objectType, objectId);
  const filename = `${model.number}.${format}`;
  if (stored) return { content: Buffer.from(stored.content_base64, 'base64'), sha256: stored.sha256, contentType: CONTENT_TYPES[format], filename };
  // The logo frozen on the invoice, from the database: rendering fetches nothing.
  if (model.seller) model.seller.logo = await findLogo(executor, model.seller.logoSha256);
  const content = format === 'pdf' ? await renderPdf(model, at) : Buffer.from(renderHtml(model), 'utf8');
  const row = {
    id: newId('doc'), object_type: objectType, object_id: objectId, format, content_base64: content.toString('base64'),
    sha256: crypto.createHash('sha256').update(content).digest('hex'), size: content.length, created_at: toInstant(services.clock.now()),
  };
  // Two first requests at once: the first stored wins and both serve it.
  await executor.insertInto('documents').values(row)
    .onConflict((conflict) => conflict.columns(['object_type', 'object_id', 'format']).doNothing()).execute();
  const kept = await readStored(executor, objectType, objectId, format);
  return { content: Buffer.from(kept.content_base64, 'base64'), sha256: kept.sha256, contentType: CONTENT_TYPES[format], filename };
}

function readStored(executor, objectType, objectId, format) {
  return executor.selectFrom('documents').selectAll()
    .where('object_type', '=', objectType).where('object_id', '=', objectId).where('format', '=', format).executeTakeFirst();
}

async function modelOf(executor, objectType, objectId) {
  if (objectType === 'invoice') {
    const invoice = await findInvoice(executor, objectId);
    if (!invoice.number) throw invalidState(`the invoice is ${invoice.status}; only a finalized invoice has a document`);
    const customer = await findCustomer(executor, invoice.customer_id);
    return { model: invoiceModel(invoice, customer), at: invoice.finalized_at };
  }
  const note = await findCreditNote(executor, objectId);
  const invoice = await findInvoice(executor, note.invoice_id);
  const customer = await findCustomer(executor, note.customer_id);
  return { model: creditNoteModel(note, invoice, customer), at: note.created_at };
}

module.exports = { documentOf };
