'use strict';
const { idParam } = require('../http/schemas');
const { documentOf } = require('./store');

/// The documents of finalized invoices and credit notes, as HTML and PDF: rendered when first
/// asked for, then kept. The SHA-256 of the bytes is in the Document-Sha256 header.
async function documentRoutes(app, { services }) {
  const { db } = services;
  const tags = ['Documents'];
  const routes = [
    ['invoices', 'invoice', 'Invoice', 'retrieveInvoice'],
    ['credit_notes', 'credit_note', 'CreditNote', 'retrieveCreditNote'],
  ];
  for (const [collection, objectType, name, operation] of routes) {
    for (const format of ['pdf', 'html']) {
      app.get(`/${collection}/:id/${format}`, {
        config: { permission: 'invoices:read' },
        schema: {
          operationId: `${operation}${format === 'pdf' ? 'Pdf' : 'Html'}`, tags,
          summary: `The ${objectType.replace('_', ' ')} as ${format.toUpperCase()} (rendered when first asked for, then kept; finalized documents only)`,
          params: idParam(),
          response: { 200: { description: `${name} document`, type: 'string', format: 'binary' } },
        },
      }, async (request, reply) => {
        const document = await documentOf(db, services, objectType, request.params.id, format);
        reply.type(document.contentType).header('document-sha256', document.sha256)
          .header('content-disposition', `inline; filename="${document.filename}"`);
        return document.content;
      });
    }
  }
}

module.exports = documentRoutes;
