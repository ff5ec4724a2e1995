'use strict';
const { idParam } = require('../http/schemas');
const { documentOf } = require('./store');

/// The documents' bytes (the response's Content-Type says which: application/pdf, text/html).
const DOCUMENT_SCHEMAS = {
  pdf: { title: 'PdfDocument', type: 'string', format: 'binary', description: 'A PDF (Content-Type application/pdf)' },
  html: { title: 'HtmlDocument', type: 'string', description: 'An HTML page (Content-Type text/html)' },
};

/// The documents of finalized invoices and credit notes, as HTML and PDF: rendered when first
/// asked for, then kept. The SHA-256 of the bytes is in the Document-Sha256 header.
async function documentRoutes(app, { services }) {
  const { db } = services;
  const tags = ['Documents'];
  const routes = [
    ['invoices', 'invoice', 'retrieveInvoice'],
    ['credit_notes', 'credit_note', 'retrieveCreditNote'],
  ];
  for (const [collection, objectType, operation] of routes) {
    for (const format of ['pdf', 'html']) {
      app.get(`/${collection}/:id/${format}`, {
        config: { permission: 'invoices:read', ...(objectType === 'invoice' && format === 'pdf' ? { portal: 'own_invoice' } : {}) },
        schema: {
          operationId: `${operation}${format === 'pdf' ? 'Pdf' : 'Html'}`, tags,
          summary: `The ${objectType.replace('_', ' ')} as ${format.toUpperCase()} (rendered when first asked for, then kept; finalized documents only)`,
          params: idParam(),
          response: { 200: DOCUMENT_SCHEMAS[format] },
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
