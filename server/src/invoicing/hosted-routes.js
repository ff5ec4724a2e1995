'use strict';
// The hosted invoice page's API (docs/server.md, "Hosted invoice page"): the credential is the
// invoice's link token (invoice-links.js) sent as a bearer token, and these routes are the only
// ones it opens. A token that opens nothing answers 404 NOT_FOUND, like a missing invoice.
const { documentOf } = require('../documents/store');
const { findInvoice } = require('./invoices');
const { hostedInvoiceSchema, presentHostedInvoice } = require('./hosted-invoice');
const { payHostedInvoice, confirmHostedPayment, setHostedDefaultCard, verifyHostedBankAccount } = require('../payments/hosted-invoice-payments');
const { money } = require('../http/schemas');

const vaultToken = { type: 'string', pattern: '^tok_[0-9a-f]{32}$', description: 'A card the page posted to the vault' };
const hostedPaymentSchema = {
  title: 'HostedInvoicePayment',
  type: 'object',
  properties: {
    object: { const: 'hosted_invoice_payment' },
    payment: {
      type: 'object', title: 'HostedPayment',
      properties: {
        id: { type: 'string' }, status: { type: 'string' }, amount: { type: 'string' }, currency: { type: 'string' },
        failure_code: { type: ['string', 'null'] }, decline_code: { type: ['string', 'null'] },
        next_action: {
          type: ['object', 'null'], title: 'HostedPaymentNextAction', description: "requires_action: the gateway's 3-D Secure step, then POST /v1/hosted_invoice/confirm_payment",
          properties: { type: { type: 'string' }, url: { type: 'string' } },
        },
      },
    },
    invoice: hostedInvoiceSchema,
  },
};

async function hostedInvoiceRoutes(app, { services }) {
  const { db, config } = services;
  const tags = ['Hosted invoice page'];
  const read = { permission: 'hosted_invoices:read', invoiceLink: true, browser: true };
  const write = { permission: 'hosted_invoices:write', invoiceLink: true, browser: true, auditAhead: true };
  const invoiceOf = (request) => findInvoice(db, request.principal.invoiceId);
  const view = async (request) => presentHostedInvoice(db, config, await invoiceOf(request));
  // A payment as the page sees it, with the invoice after it.
  const answer = async (request, payment) => {
    const { id, status, amount, currency, failure_code: failureCode, decline_code: declineCode, next_action: nextAction } = payment;
    return {
      object: 'hosted_invoice_payment', invoice: await view(request),
      payment: { id, status, amount, currency, failure_code: failureCode, decline_code: declineCode, next_action: nextAction ?? null },
    };
  };

  app.get('/hosted_invoice', {
    config: read,
    schema: { operationId: 'retrieveHostedInvoice', tags, summary: "The invoice of the link: lines, totals, what is paid and remains, whether it can be paid", response: { 200: hostedInvoiceSchema } },
  }, view);

  app.get('/hosted_invoice/pdf', {
    config: read,
    schema: {
      operationId: 'retrieveHostedInvoicePdf', tags, summary: 'The PDF of the invoice of the link',
      response: { 200: { title: 'HostedInvoicePdf', type: 'string', format: 'binary', description: 'A PDF (Content-Type application/pdf)' } },
    },
  }, async (request, reply) => {
    const document = await documentOf(db, services, 'invoice', request.principal.invoiceId, 'pdf');
    reply.type(document.contentType).header('document-sha256', document.sha256)
      .header('content-disposition', `attachment; filename="${document.filename}"`);
    return document.content;
  });

  app.post('/hosted_invoice/pay', {
    config: write,
    schema: {
      operationId: 'payHostedInvoice', tags,
      summary: 'Pay what remains of the invoice with a new card (a vault token) or the default card; a repeated request answers the same payment',
      body: { type: ['object', 'null'], additionalProperties: false, properties: { vault_token: vaultToken } },
      response: { 200: hostedPaymentSchema },
    },
  }, async (request) => answer(request, await payHostedInvoice(services, request.principal.invoiceId, { vaultToken: request.body?.vault_token ?? null, ip: request.ip })));

  app.post('/hosted_invoice/confirm_payment', {
    config: write,
    schema: {
      operationId: 'confirmHostedInvoicePayment', tags,
      summary: "After the 3-D Secure step the gateway offered (payment.next_action.url): has the gateway go on with the page's payment; succeeded (the invoice paid) or failed (another card may be tried)",
      response: { 200: hostedPaymentSchema },
    },
  }, async (request) => answer(request, await confirmHostedPayment(services, request.principal.invoiceId)));

  app.post('/hosted_invoice/verify_bank_account', {
    config: write,
    schema: {
      operationId: 'verifyHostedInvoiceBankAccount', tags,
      summary: "Verify the customer's bank account awaiting its micro-deposits with the two amounts; verified, the open invoices are debited (a job). Answers the invoice's view",
      body: { type: 'object', additionalProperties: false, required: ['amounts'], properties: { amounts: { type: 'array', minItems: 2, maxItems: 2, items: money } } },
      response: { 200: hostedInvoiceSchema },
    },
  }, async (request) => {
    await verifyHostedBankAccount(services, request.principal.invoiceId, request.body.amounts);
    return view(request);
  });

  app.post('/hosted_invoice/default_card', {
    config: write,
    schema: {
      operationId: 'setHostedInvoiceDefaultCard', tags, summary: "Put a card (a vault token) on file as the customer's default, while the invoice is payable; answers the invoice's view",
      body: { type: 'object', additionalProperties: false, required: ['vault_token'], properties: { vault_token: vaultToken } },
      response: { 200: hostedInvoiceSchema },
    },
  }, async (request) => {
    await setHostedDefaultCard(services, request.principal.invoiceId, request.body.vault_token, { ip: request.ip });
    return view(request);
  });
}

module.exports = hostedInvoiceRoutes;
