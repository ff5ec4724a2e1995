'use strict';
const { paginate, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, money, quantity, metadata } = require('../http/schemas');
const { ApiError } = require('../http/errors');
const { TAX_CATEGORIES, TAX_BEHAVIORS, COLLECTION_METHODS, PAYMENT_TERMS_DAYS } = require('../settings/seller-settings');
const { invoiceSchema, presentInvoice, findInvoice, STATUSES } = require('./invoices');
const lifecycle = require('./lifecycle');
const service = require('./service');
const { upcomingInvoice } = require('./upcoming');
const { upcomingInvoiceWithChanges } = require('./upcoming-changes');
const { changeBody, cancelBody } = require('../subscriptions/request-schemas');
const { hostedInvoiceUrls } = require('./invoice-links');
const { roleAllows } = require('../auth/roles');

// Who sees an invoice's hosted link, a credential that pays the invoice and changes its
// customer's default card: the customer's portal sessions and the roles that write invoices.
const seesHostedLinks = (principal) => principal.kind === 'portal' || roleAllows(principal.role, 'invoices:write');

// Invoice rows as API objects with their hosted page's URL (null for a draft, and for a
// principal that may not see it).
async function withHostedUrls(db, config, rows, principal) {
  const urls = seesHostedLinks(principal) ? await hostedInvoiceUrls(db, config, rows.map((row) => row.id)) : new Map();
  return rows.map((row) => ({ ...presentInvoice(row), hosted_invoice_url: urls.get(row.id) ?? null }));
}

const linesField = {
  type: 'array', minItems: 1, maxItems: 100,
  items: {
    type: 'object', additionalProperties: false, required: ['description', 'unit_amount'],
    properties: {
      description: { type: 'string', minLength: 1, maxLength: 1000 }, unit_amount: money, quantity,
      tax_category: { enum: TAX_CATEGORIES }, tax_behavior: { enum: TAX_BEHAVIORS },
    },
  },
};

const proposedChangesField = {
  type: 'array', maxItems: 20,
  description: 'Changes to propose, made in order: each names a subscription of the customer and either what changes (as POST /v1/subscriptions/:id/change takes it) or a cancellation (as POST /v1/subscriptions/:id/cancel takes it)',
  items: {
    type: 'object', additionalProperties: false, required: ['subscription'],
    properties: { subscription: { type: 'string', maxLength: 100 }, ...changeBody.properties, cancel: cancelBody },
  },
};

const verificationSchema = {
  title: 'InvoiceVerification',
  type: 'object',
  properties: {
    object: { const: 'invoice_verification' }, invoice: { type: 'string' },
    matches: { type: 'boolean', description: "The stored core request recomputed gives the stored result, byte for byte" },
    content_hash: { type: 'string' }, recomputed_hash: { type: ['string', 'null'] },
    core_version: { type: 'string' }, stored_core_version: { type: 'string' }, error: { type: ['string', 'null'] },
  },
};

/// Invoices: one-off invoices, drafts, finalization with a gapless number, payment outside
/// Ratecard, void, uncollectible, verification, and the upcoming invoice. Amounts are the core's.
async function invoiceRoutes(app, { services }) {
  const { db } = services;
  const tags = ['Invoices'];
  const transition = (request, work) => request.transaction((trx) => lifecycle.onLockedInvoice(trx, services, request.params.id, work))
    .then(presentInvoice);

  app.post('/invoices', {
    config: { permission: 'invoices:write' },
    schema: {
      operationId: 'createInvoice', tags, summary: 'Create a one-off invoice (a draft, or finalized with auto_finalize)',
      body: {
        type: 'object', additionalProperties: false, required: ['customer', 'lines'],
        properties: {
          customer: { type: 'string', maxLength: 100 }, lines: linesField,
          collection_method: { enum: COLLECTION_METHODS }, days_until_due: { enum: PAYMENT_TERMS_DAYS },
          auto_finalize: { type: 'boolean', default: false }, metadata,
        },
      },
      response: { 201: invoiceSchema },
    },
  }, async (request, reply) => {
    if (request.body.days_until_due !== undefined && request.body.collection_method !== 'send_invoice') {
      throw new ApiError('INVALID_ARGUMENT', 'payment terms apply to collection_method send_invoice only', '/days_until_due');
    }
    reply.code(201);
    return presentInvoice(await request.transaction((trx) => service.createOneOffInvoice(trx, services, request.body)));
  });

  app.get('/invoices', {
    config: { permission: 'invoices:read', portal: 'own_invoices_list' },
    schema: {
      operationId: 'listInvoices', tags, summary: "List invoices (filters: customer, status, billing_run; a portal session sees only its customer's finalized ones)",
      querystring: listQuerySchema({ customer: { type: 'string', maxLength: 100 }, status: { enum: STATUSES }, billing_run: { type: 'string', maxLength: 100 } }),
      response: { 200: listResponseSchema(invoiceSchema) },
    },
  }, async (request) => {
    const { query, principal } = request;
    let select = db.selectFrom('invoices').selectAll();
    if (principal.kind === 'portal') select = select.where('customer_id', '=', principal.customerId).where('status', '!=', 'draft');
    if (query.customer) select = select.where('customer_id', '=', query.customer);
    if (query.status) select = select.where('status', '=', query.status);
    if (query.billing_run) select = select.where('billing_run_id', '=', query.billing_run);
    return paginate(select, query, (rows) => withHostedUrls(db, services.config, rows, request.principal));
  });

  app.get('/invoices/upcoming', {
    config: { permission: 'invoices:read' },
    schema: {
      operationId: 'retrieveUpcomingInvoice', tags,
      summary: "The customer's next invoice as it would be issued now (nothing is stored)",
      querystring: {
        type: 'object', additionalProperties: false, required: ['customer'],
        properties: { customer: { type: 'string', maxLength: 100 } },
      },
      response: { 200: invoiceSchema },
    },
  }, async (request) => upcomingInvoice(db, services, request.query.customer));

  app.post('/invoices/upcoming', {
    config: { permission: 'invoices:read', portal: 'own_customer_in_body' },
    schema: {
      operationId: 'previewUpcomingInvoice', tags,
      summary: "The customer's next invoice as it would be issued with the proposed subscription changes made now (nothing is stored)",
      body: {
        type: 'object', additionalProperties: false, required: ['customer'],
        properties: { customer: { type: 'string', maxLength: 100 }, subscription_changes: proposedChangesField },
      },
      response: { 200: invoiceSchema },
    },
  }, async (request) => upcomingInvoiceWithChanges(services, {
    customerId: request.body.customer, subscriptionChanges: request.body.subscription_changes || [], actor: request.principal,
  }));

  app.get('/invoices/:id', {
    config: { permission: 'invoices:read' },
    schema: { operationId: 'retrieveInvoice', tags, summary: 'Retrieve an invoice', params: idParam(), response: { 200: invoiceSchema } },
  }, async (request) => (await withHostedUrls(db, services.config, [await findInvoice(db, request.params.id)], request.principal))[0]);

  app.post('/invoices/:id/lines', {
    config: { permission: 'invoices:write' },
    schema: {
      operationId: 'addInvoiceLines', tags, summary: 'Add one-off lines to a draft (the core recomputes it)',
      params: idParam(), body: { type: 'object', additionalProperties: false, required: ['lines'], properties: { lines: linesField } },
      response: { 200: invoiceSchema },
    },
  }, async (request) => transition(request, (trx, s, row) => service.addDraftLines(trx, s, row, request.body)));

  app.post('/invoices/:id/finalize', {
    config: { permission: 'invoices:write' },
    schema: { operationId: 'finalizeInvoice', tags, summary: 'Finalize a draft: number it from the gapless series, freeze it', params: idParam(), response: { 200: invoiceSchema } },
  }, async (request) => transition(request, lifecycle.finalizeInvoice));

  app.post('/invoices/:id/pay', {
    config: { permission: 'invoices:write' },
    schema: {
      operationId: 'payInvoice', tags, summary: 'Mark an open invoice paid outside Ratecard (paid_out_of_band: true)',
      params: idParam(),
      body: {
        type: 'object', additionalProperties: false, required: ['paid_out_of_band'],
        properties: { paid_out_of_band: { const: true, description: 'Payments through Ratecard mark invoices paid themselves' }, reference: { type: 'string', minLength: 1, maxLength: 200 } },
      },
      response: { 200: invoiceSchema },
    },
  }, async (request) => transition(request, (trx, s, row) => lifecycle.payInvoice(trx, s, row, { outOfBand: true, reference: request.body.reference ?? null })));

  app.post('/invoices/:id/void', {
    config: { permission: 'invoices:write' },
    schema: { operationId: 'voidInvoice', tags, summary: 'Void a draft, open or uncollectible invoice', params: idParam(), response: { 200: invoiceSchema } },
  }, async (request) => transition(request, lifecycle.voidInvoice));

  app.post('/invoices/:id/mark_uncollectible', {
    config: { permission: 'invoices:write' },
    schema: { operationId: 'markInvoiceUncollectible', tags, summary: 'Mark an open invoice uncollectible', params: idParam(), response: { 200: invoiceSchema } },
  }, async (request) => transition(request, lifecycle.markUncollectible));

  app.post('/invoices/:id/verify', {
    config: { permission: 'invoices:read' },
    schema: {
      operationId: 'verifyInvoice', tags, summary: "Recompute a stored invoice from its stored core request and compare the bytes (changes nothing)",
      params: idParam(), response: { 200: verificationSchema },
    },
  }, async (request) => lifecycle.verifyInvoice(services.core, await findInvoice(db, request.params.id)));
}

module.exports = invoiceRoutes;
