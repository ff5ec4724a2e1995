'use strict';
// Dunning over HTTP (docs/server.md, "Dunning"): a plan's dunning policy, an invoice's case,
// the queue of cases.
const { idParam } = require('../http/schemas');
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { policyBodySchema, policySchema, showPolicy, savePolicy } = require('./policies');
const { caseSchema, showCase, presentCase } = require('./cases');
const { dunningCasesQuery } = require('./queries');

async function dunningRoutes(app, { services }) {
  const { db } = services;
  const tags = ['Dunning'];

  app.get('/plans/:id/dunning_policy', {
    config: { permission: 'payments:read' },
    schema: {
      operationId: 'retrieveDunningPolicy', tags, summary: "The plan's dunning policy (the default when it has none of its own)",
      params: idParam(), response: { 200: policySchema },
    },
  }, async (request) => showPolicy(db, request.params.id));

  app.put('/plans/:id/dunning_policy', {
    config: { permission: 'payments:write' },
    schema: {
      operationId: 'updateDunningPolicy', tags, summary: "Set the plan's dunning policy (cases already open keep theirs)",
      params: idParam(), body: policyBodySchema, response: { 200: policySchema },
    },
  }, async (request) => request.transaction((trx) => savePolicy(trx, services, request.params.id, request.body)));

  app.get('/invoices/:id/dunning', {
    config: { permission: 'invoices:read' },
    schema: {
      operationId: 'retrieveInvoiceDunning', tags, summary: "The invoice's dunning case: automatic attempts, the next retry, the final action",
      params: idParam(), response: { 200: caseSchema },
    },
  }, async (request) => showCase(db, request.params.id));

  app.get('/dunning_cases', {
    config: { permission: 'invoices:read' },
    schema: {
      operationId: 'listDunningCases', tags, summary: 'Dunning cases, newest first (status=open: the dunning queue, each with its next attempt)',
      querystring: listQuerySchema({ status: caseSchema.properties.status, customer: { type: 'string', maxLength: 100 } }),
      response: { 200: listResponseSchema(caseSchema) },
    },
  }, async (request) => paginate(dunningCasesQuery(db, request.query), request.query, eachRow(presentCase)));
}

module.exports = dunningRoutes;
