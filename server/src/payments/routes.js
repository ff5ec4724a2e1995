'use strict';
// Payments over HTTP (docs/server.md, "Payments"): routing rules, cards and bank accounts on
// file, payments (captured at once, or authorized, then captured or canceled) and refunds. Each route checks its input and calls one service.
const { paginate, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, money, currency, metadata } = require('../http/schemas');
const { routingBodySchema, routingSchema, currentRouting, routingVersion, saveRouting } = require('./routing');
const { attachPaymentMethod, verifyBankAccount, makeDefaultPaymentMethod, detachPaymentMethod, listPaymentMethods } = require('./payment-methods');
const { createPayment, confirmPayment, findPaymentRow, showPayment } = require('./payments');
const { createRefund, listRefunds } = require('./refunds');
const { capturePayment, cancelPayment } = require('./captures');
const { paymentMethodSchema, paymentSchema, refundSchema } = require('./presenters');
const { vaultPublicUrl } = require('./settings');

const reference = { type: 'string', minLength: 1, maxLength: 100 };
const methodParams = {
  type: 'object', required: ['id', 'payment_method'],
  properties: { id: { type: 'string', maxLength: 100 }, payment_method: { type: 'string', maxLength: 100 } },
};

async function paymentRoutes(app, { services }) {
  const { db, config } = services;
  const tags = ['Payments'];

  app.get('/payment_routing', {
    config: { permission: 'payments:read' },
    schema: { operationId: 'retrievePaymentRouting', tags, summary: 'The orchestration rules in force', response: { 200: routingSchema } },
  }, async () => currentRouting(db, config));

  app.put('/payment_routing', {
    config: { permission: 'payments:write' },
    schema: {
      operationId: 'updatePaymentRouting', tags, summary: 'Replace the orchestration rules (a new version)',
      body: routingBodySchema, response: { 200: routingSchema },
    },
  }, async (request) => request.transaction((trx) => saveRouting(trx, services, request.body)));

  app.get('/payment_routing/versions/:version', {
    config: { permission: 'payments:read' },
    schema: {
      operationId: 'retrievePaymentRoutingVersion', tags, summary: 'One version of the orchestration rules',
      params: { type: 'object', required: ['version'], properties: { version: { type: 'integer', minimum: 1, maximum: 2147483647 } } },
      response: { 200: routingSchema },
    },
  }, async (request) => routingVersion(db, config, request.params.version));

  app.post('/customers/:id/payment_methods', {
    config: { permission: 'payments:write', auditAhead: true, portal: 'own_payment_methods' },
    schema: {
      operationId: 'attachPaymentMethod', tags, summary: 'Put a card or a bank account on file from its vault token',
      params: idParam(),
      body: {
        type: 'object', additionalProperties: false, required: ['vault_token'],
        properties: {
          vault_token: { type: 'string', pattern: '^b?tok_[0-9a-f]{32}$' }, default: { type: 'boolean' },
          ip_address: { type: 'string', maxLength: 64, description: 'The customer\'s IP address as the checkout saw it (fraud rules)' },
          mandate: {
            type: 'object', additionalProperties: false, description: 'A bank account\'s debit authorization, as the customer accepted it',
            properties: { ip_address: { type: 'string', maxLength: 64 }, user_agent: { type: 'string', maxLength: 500 } },
          },
        },
      },
      response: { 201: paymentMethodSchema },
    },
  }, async (request, reply) => {
    const method = await attachPaymentMethod(services, request.params.id, request.body);
    reply.code(201);
    return method;
  });

  app.get('/customers/:id/payment_methods', {
    config: { permission: 'payments:read', portal: 'own_payment_methods' },
    schema: {
      operationId: 'listPaymentMethods', tags, summary: 'The customer\'s cards on file, and where a page posts a new card', params: idParam(),
      response: {
        200: {
          type: 'object', title: 'PaymentMethodList',
          properties: {
            object: { type: 'string' }, data: { type: 'array', items: paymentMethodSchema },
            vault_url: { type: ['string', 'null'], description: 'The vault a page posts a new card to (RATECARD_VAULT_PUBLIC_URL); null without payments' },
          },
        },
      },
    },
  }, async (request) => ({ object: 'list', data: await listPaymentMethods(db, request.params.id), vault_url: vaultPublicUrl(config) }));

  app.post('/customers/:id/payment_methods/:payment_method/verify', {
    config: { permission: 'payments:write', auditAhead: true, portal: 'own_payment_methods' },
    schema: {
      operationId: 'verifyBankAccount', tags, summary: 'Verify a bank account with its two micro-deposits', params: methodParams,
      body: {
        type: 'object', additionalProperties: false, required: ['amounts'],
        properties: { amounts: { type: 'array', minItems: 2, maxItems: 2, items: money } },
      },
      response: { 200: paymentMethodSchema },
    },
  }, async (request) => verifyBankAccount(services, request.params.id, request.params.payment_method, request.body.amounts));

  app.post('/customers/:id/payment_methods/:payment_method/default', {
    config: { permission: 'payments:write', auditAhead: true, portal: 'own_payment_methods' },
    schema: { operationId: 'setDefaultPaymentMethod', tags, summary: 'Make a card the customer\'s default', params: methodParams, response: { 200: paymentMethodSchema } },
  }, async (request) => makeDefaultPaymentMethod(services, request.params.id, request.params.payment_method));

  app.delete('/customers/:id/payment_methods/:payment_method', {
    config: { permission: 'payments:write', auditAhead: true, portal: 'own_payment_methods' },
    schema: { operationId: 'detachPaymentMethod', tags, summary: 'Detach a card (the vault forgets it)', params: methodParams, response: { 200: paymentMethodSchema } },
  }, async (request) => detachPaymentMethod(services, request.params.id, request.params.payment_method));

  app.post('/payments', {
    config: { permission: 'payments:write', auditAhead: true },
    schema: {
      operationId: 'createPayment', tags, summary: 'Charge a customer\'s card (its default unless named), or only authorize it',
      body: {
        type: 'object', additionalProperties: false, required: ['customer', 'amount', 'currency'],
        properties: {
          customer: reference, amount: money, currency, payment_method: reference, invoice: reference, metadata,
          ip_address: { type: 'string', maxLength: 64, description: 'The customer\'s IP address as the checkout saw it (fraud rules)' },
          capture_method: { type: 'string', enum: ['automatic', 'manual'], description: 'manual: only authorize (cards only); the payment ends requires_capture, then POST /v1/payments/:id/capture or /cancel' },
        },
      },
      response: { 201: paymentSchema },
    },
  }, async (request, reply) => {
    const key = request.headers['idempotency-key'];
    const payment = await createPayment(services, request.body, { requestKey: key === undefined ? null : `${request.principal.scope}:${key}` });
    reply.code(201);
    return payment;
  });

  app.get('/payments', {
    config: { permission: 'payments:read' },
    schema: {
      operationId: 'listPayments', tags, summary: 'List payments, newest first',
      querystring: listQuerySchema({ customer: reference, invoice: reference, status: { type: 'string', enum: ['processing', 'requires_action', 'requires_capture', 'pending', 'succeeded', 'failed', 'canceled'] } }),
      response: { 200: listResponseSchema(paymentSchema) },
    },
  }, async (request) => {
    const { query } = request;
    let select = db.selectFrom('payments').selectAll();
    if (query.customer) select = select.where('customer_id', '=', query.customer);
    if (query.invoice) select = select.where('invoice_id', '=', query.invoice);
    if (query.status) select = select.where('status', '=', query.status);
    return paginate(select, query, (rows) => Promise.all(rows.map((row) => showPayment(db, row))));
  });

  app.get('/payments/:id', {
    config: { permission: 'payments:read' },
    schema: { operationId: 'retrievePayment', tags, summary: 'Retrieve a payment and its attempts', params: idParam(), response: { 200: paymentSchema } },
  }, async (request) => showPayment(db, await findPaymentRow(db, request.params.id)));

  app.post('/payments/:id/confirm', {
    config: { permission: 'payments:write', auditAhead: true },
    schema: { operationId: 'confirmPayment', tags, summary: 'Go on with a payment after the customer\'s 3-D Secure step', params: idParam(), response: { 200: paymentSchema } },
  }, async (request) => confirmPayment(services, request.params.id));

  app.post('/payments/:id/capture', {
    config: { permission: 'payments:write', auditAhead: true },
    schema: {
      operationId: 'capturePayment', tags, summary: 'Capture an authorized payment, in whole or in part (the rest is released)', params: idParam(),
      body: { type: ['object', 'null'], additionalProperties: false, properties: { amount: { ...money, description: 'At most what was authorized; by default all of it' } } },
      response: { 200: paymentSchema },
    },
  }, async (request) => showPayment(db, await capturePayment(services, request.params.id, request.body || {})));

  app.post('/payments/:id/cancel', {
    config: { permission: 'payments:write', auditAhead: true },
    schema: {
      operationId: 'cancelPayment', tags, summary: 'Cancel an authorized payment: its authorization is voided', params: idParam(),
      body: {
        type: ['object', 'null'], additionalProperties: false,
        properties: { cancellation_reason: { type: 'string', enum: ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] } },
      },
      response: { 200: paymentSchema },
    },
  }, async (request) => showPayment(db, await cancelPayment(services, request.params.id, request.body || {})));

  app.post('/payments/:id/refunds', {
    config: { permission: 'payments:write', auditAhead: true },
    schema: {
      operationId: 'createRefund', tags, summary: 'Refund all or part of a payment', params: idParam(),
      body: {
        type: 'object', additionalProperties: false,
        properties: {
          amount: money, reason: { type: 'string', enum: ['requested_by_customer', 'duplicate', 'fraudulent', 'credit_note'] },
          credit_note: { ...reference, description: "Required to refund a payment of an invoice: a credit note of that invoice, refunded up to its refund_amount (the default amount)" },
        },
      },
      response: { 201: refundSchema },
    },
  }, async (request, reply) => {
    const refund = await createRefund(services, request.params.id, request.body || {});
    reply.code(201);
    return refund;
  });

  app.get('/payments/:id/refunds', {
    config: { permission: 'payments:read' },
    schema: {
      operationId: 'listRefunds', tags, summary: 'The refunds of a payment', params: idParam(),
      response: { 200: { type: 'object', title: 'RefundList', properties: { object: { type: 'string' }, data: { type: 'array', items: refundSchema } } } },
    },
  }, async (request) => ({ object: 'list', data: await listRefunds(db, request.params.id) }));
}

module.exports = paymentRoutes;
