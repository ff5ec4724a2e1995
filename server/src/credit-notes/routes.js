'use strict';
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, money, quantity, metadata } = require('../http/schemas');
const { REASONS, creditNoteSchema, presentCreditNote, selectCreditNotes, findCreditNote } = require('./credit-notes');
const { createCreditNote } = require('./service');

/// Credit notes against finalized invoices: full, per line (an amount or a quantity) or a lump
/// amount, the tax reversed by the core; numbered from their own series.
async function creditNoteRoutes(app, { services }) {
  const { db } = services;
  const tags = ['Credit notes'];

  app.post('/credit_notes', {
    config: { permission: 'invoices:write' },
    schema: {
      operationId: 'createCreditNote', tags,
      summary: 'Credit a finalized invoice: in full (no lines, no amount), per line, or a lump amount; the core reverses the tax',
      body: {
        type: 'object', additionalProperties: false, required: ['invoice', 'reason'],
        properties: {
          invoice: { type: 'string', maxLength: 100 }, reason: { enum: REASONS }, memo: { type: 'string', minLength: 1, maxLength: 1000 },
          lines: {
            type: 'array', minItems: 1, maxItems: 100,
            items: {
              type: 'object', additionalProperties: false, required: ['line'],
              properties: {
                line: { type: 'integer', minimum: 0, maximum: 10000, description: "The index of the line in the invoice's lines" },
                amount: { ...money, description: "What to credit, in the line's own terms (its amount less discounts)" },
                quantity: { ...quantity, description: 'A quantity to take back from a priced line' },
              },
            },
          },
          amount: { ...money, description: "A lump amount in the lines' own terms (before tax on tax-exclusive lines), spread over the invoice's lines in proportion to what each has left" },
          refund_amount: { ...money, description: "The part to refund (paid invoices only); the rest goes to the customer's balance" },
          metadata,
        },
      },
      response: { 201: creditNoteSchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return presentCreditNote(await request.transaction((trx) => createCreditNote(trx, services, request.body)));
  });

  app.get('/credit_notes', {
    config: { permission: 'invoices:read' },
    schema: {
      operationId: 'listCreditNotes', tags, summary: 'List credit notes (filters: invoice, customer)',
      querystring: listQuerySchema({ invoice: { type: 'string', maxLength: 100 }, customer: { type: 'string', maxLength: 100 } }),
      response: { 200: listResponseSchema(creditNoteSchema) },
    },
  }, async (request) => {
    const { query } = request;
    let select = selectCreditNotes(db);
    if (query.invoice) select = select.where('credit_notes.invoice_id', '=', query.invoice);
    if (query.customer) select = select.where('credit_notes.customer_id', '=', query.customer);
    return paginate(select, query, eachRow((row) => presentCreditNote(row)), 'credit_notes.id');
  });

  app.get('/credit_notes/:id', {
    config: { permission: 'invoices:read' },
    schema: { operationId: 'retrieveCreditNote', tags, summary: 'Retrieve a credit note', params: idParam(), response: { 200: creditNoteSchema } },
  }, async (request) => presentCreditNote(await findCreditNote(db, request.params.id)));
}

module.exports = creditNoteRoutes;
