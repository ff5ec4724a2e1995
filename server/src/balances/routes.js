'use strict';
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, money } = require('../http/schemas');
const { findCustomer } = require('../customers/customers');
const { balanceTransactionSchema, presentBalanceTransaction, currentBalance } = require('./ledger');
const { adjustBalance } = require('./adjust');
const { creditGrantSchema, presentGrant, createGrant, voidGrant } = require('./grants');
const { customerNow } = require('../customers/customers');
const { instant } = require('../http/schemas');

const balanceSchema = {
  title: 'CustomerBalance',
  type: 'object',
  properties: {
    object: { const: 'customer_balance' }, customer: { type: 'string' }, currency: { type: 'string' },
    balance: { type: 'string', description: 'Owed to the customer; applied to its next invoices at finalization' },
  },
};

/// The customer balance: its current amount, its ledger, and operator adjustments.
async function balanceRoutes(app, { services }) {
  const { db, core } = services;
  const tags = ['Customer balance'];

  app.get('/customers/:id/balance', {
    config: { permission: 'invoices:read' },
    schema: { operationId: 'retrieveCustomerBalance', tags, summary: "A customer's balance (owed to the customer)", params: idParam(), response: { 200: balanceSchema } },
  }, async (request) => {
    const customer = await findCustomer(db, request.params.id);
    return { object: 'customer_balance', customer: customer.id, currency: customer.currency, balance: await currentBalance(db, core, customer.id, customer.currency) };
  });

  app.get('/customers/:id/balance_transactions', {
    config: { permission: 'invoices:read' },
    schema: {
      operationId: 'listCustomerBalanceTransactions', tags, summary: "The movements of a customer's balance, newest first",
      params: idParam(), querystring: listQuerySchema(), response: { 200: listResponseSchema(balanceTransactionSchema) },
    },
  }, async (request) => {
    await findCustomer(db, request.params.id);
    const select = db.selectFrom('customer_balance_transactions').selectAll().where('customer_id', '=', request.params.id);
    return paginate(select, request.query, eachRow(presentBalanceTransaction));
  });

  app.post('/customers/:id/balance_transactions', {
    config: { permission: 'invoices:write' },
    schema: {
      operationId: 'adjustCustomerBalance', tags, summary: "Adjust a customer's balance by hand (positive credits the customer)",
      params: idParam(),
      body: {
        type: 'object', additionalProperties: false, required: ['amount', 'description'],
        properties: { amount: money, description: { type: 'string', minLength: 1, maxLength: 500 } },
      },
      response: { 201: balanceTransactionSchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return presentBalanceTransaction(await request.transaction((trx) => adjustBalance(trx, services, request.params.id, request.body)));
  });

  app.post('/customers/:id/credit_grants', {
    config: { permission: 'invoices:write' },
    schema: {
      operationId: 'createCreditGrant', tags, summary: 'Grant prepaid credit to a customer (spent by its invoices at finalization, by priority then expiry)',
      params: idParam(),
      body: {
        type: 'object', additionalProperties: false, required: ['amount'],
        properties: {
          amount: money, priority: { type: 'integer', minimum: 0, maximum: 100, default: 50, description: '0 is spent first' },
          expires_at: instant, description: { type: 'string', minLength: 1, maxLength: 500 },
        },
      },
      response: { 201: creditGrantSchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    const { row, now } = await request.transaction((trx) => createGrant(trx, services, request.params.id, request.body));
    return presentGrant(row, now);
  });

  app.get('/customers/:id/credit_grants', {
    config: { permission: 'invoices:read' },
    schema: {
      operationId: 'listCreditGrants', tags, summary: "A customer's credit grants, newest first",
      params: idParam(), querystring: listQuerySchema(), response: { 200: listResponseSchema(creditGrantSchema) },
    },
  }, async (request) => {
    const customer = await findCustomer(db, request.params.id);
    const now = await customerNow(db, customer, services.clock);
    const select = db.selectFrom('credit_grants').selectAll().where('customer_id', '=', customer.id);
    return paginate(select, request.query, eachRow((row) => presentGrant(row, now)));
  });

  app.post('/credit_grants/:id/void', {
    config: { permission: 'invoices:write' },
    schema: { operationId: 'voidCreditGrant', tags, summary: 'Void a credit grant: what remains is no longer spent', params: idParam(), response: { 200: creditGrantSchema } },
  }, async (request) => {
    const { row, now } = await request.transaction((trx) => voidGrant(trx, services, request.params.id));
    return presentGrant(row, now);
  });
}

module.exports = balanceRoutes;
