'use strict';
// Disputes over HTTP (docs/server.md, "Disputes"): read them, and answer one with evidence
// (forwarded to the gateway). Opening and closing arrive as the gateways' webhooks.
const { listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam } = require('../http/schemas');
const { findDisputeRow, showDispute, listDisputes, submitEvidence } = require('./disputes');
const { disputeSchema } = require('./presenters');

const evidenceText = (maxLength) => ({ type: 'string', minLength: 1, maxLength });

async function disputeRoutes(app, { services }) {
  const { db } = services;
  const tags = ['Payments'];

  app.get('/disputes', {
    config: { permission: 'payments:read' },
    schema: {
      operationId: 'listDisputes', tags, summary: 'List disputes, newest first',
      querystring: listQuerySchema({
        payment: { type: 'string', minLength: 1, maxLength: 100 },
        status: { type: 'string', enum: ['needs_response', 'under_review', 'won', 'lost'] },
      }),
      response: { 200: listResponseSchema(disputeSchema) },
    },
  }, async (request) => listDisputes(db, request.query));

  app.get('/disputes/:id', {
    config: { permission: 'payments:read' },
    schema: { operationId: 'retrieveDispute', tags, summary: 'Retrieve a dispute', params: idParam(), response: { 200: disputeSchema } },
  }, async (request) => showDispute(db, await findDisputeRow(db, request.params.id)));

  app.post('/disputes/:id/evidence', {
    config: { permission: 'payments:write', auditAhead: true },
    schema: {
      operationId: 'submitDisputeEvidence', tags, summary: 'Answer an open dispute with evidence, once (forwarded to the gateway)', params: idParam(),
      body: {
        type: 'object', additionalProperties: false, required: ['uncategorized_text'],
        properties: {
          uncategorized_text: { ...evidenceText(20000), description: 'The merchant\'s account of the payment' },
          product_description: evidenceText(20000),
          customer_email_address: evidenceText(320),
          service_date: evidenceText(40),
        },
      },
      response: { 200: disputeSchema },
    },
  }, async (request) => submitEvidence(services, request.params.id, request.body));
}

module.exports = disputeRoutes;
