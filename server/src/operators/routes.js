'use strict';
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, name } = require('../http/schemas');
const { ROLES, PUBLISHABLE_ROLE } = require('../auth/roles');
const { inviteOperator, disableOperator, findOperator, presentOperator } = require('./operators');
const { changeOperatorRole } = require('./change-role');

/// The roles an operator may have: those of secret API keys.
const OPERATOR_ROLES = ROLES.filter((role) => role !== PUBLISHABLE_ROLE);

const operatorSchema = {
  title: 'Operator',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'operator' }, email: { type: 'string' }, name: { type: ['string', 'null'] },
    role: { enum: OPERATOR_ROLES }, status: { enum: ['invited', 'active', 'disabled'] }, invited_by: { type: ['string', 'null'] },
    created_at: { type: 'string' }, accepted_at: { type: ['string', 'null'] }, invitation_expires_at: { type: ['string', 'null'] },
    disabled_at: { type: ['string', 'null'] },
    invitation_token: {
      type: ['string', 'null'],
      description: 'The one-time invitation token: returned once, at the invitation, and never stored (null in a replayed response). The invited person accepts at /dashboard/accept#token=<token> and chooses a password',
    },
    invitation_url: { type: ['string', 'null'], description: 'The dashboard path that accepts the invitation, with the token in its fragment' },
  },
};

/// Operator accounts of the dashboard (admin only): invite, list, retrieve, change the role, disable.
async function operatorRoutes(app, { services }) {
  const { db, clock } = services;
  const tags = ['Operators'];

  app.post('/operators', {
    config: { permission: 'operators:write', secretFields: ['invitation_token', 'invitation_url'] },
    schema: {
      operationId: 'inviteOperator', tags, summary: 'Invite an operator to the dashboard (the invitation token is shown once)',
      body: {
        type: 'object', additionalProperties: false, required: ['email', 'role'],
        properties: { email: { type: 'string', format: 'email', maxLength: 254 }, name, role: { enum: OPERATOR_ROLES } },
      },
      response: { 201: operatorSchema },
    },
  }, async (request, reply) => {
    const now = clock.now();
    reply.code(201);
    return request.transaction(async (trx) => {
      const { record, token } = await inviteOperator(trx, { ...request.body, invitedBy: request.principal.id }, now);
      return { ...presentOperator(record), invitation_token: token, invitation_url: `/dashboard/accept#token=${token}` };
    });
  });

  app.patch('/operators/:id', {
    config: { permission: 'operators:write' },
    schema: {
      operationId: 'updateOperator', tags,
      summary: "Change an operator's role (its sessions take it at once); the last active admin keeps the admin role",
      params: idParam(),
      body: { type: 'object', additionalProperties: false, required: ['role'], properties: { role: { enum: OPERATOR_ROLES } } },
      response: { 200: operatorSchema },
    },
  }, async (request) => request.transaction(async (trx) => presentOperator(await changeOperatorRole(trx, request.params.id, request.body.role, services))));

  app.post('/operators/:id/disable', {
    config: { permission: 'operators:write' },
    schema: {
      operationId: 'disableOperator', tags, summary: 'Disable an operator for good: its sessions end and it can no longer sign in',
      params: idParam(), response: { 200: operatorSchema },
    },
  }, async (request) => {
    const now = clock.now();
    return request.transaction(async (trx) => presentOperator(await disableOperator(trx, request.params.id, { by: request.principal.id }, now)));
  });

  app.get('/operators', {
    config: { permission: 'operators:read' },
    schema: { operationId: 'listOperators', tags, summary: 'List operators', querystring: listQuerySchema(), response: { 200: listResponseSchema(operatorSchema) } },
  }, async (request) => paginate(db.selectFrom('operators').selectAll(), request.query, eachRow(presentOperator)));

  app.get('/operators/:id', {
    config: { permission: 'operators:read' },
    schema: { operationId: 'retrieveOperator', tags, summary: 'Retrieve an operator', params: idParam(), response: { 200: operatorSchema } },
  }, async (request) => presentOperator(await findOperator(db, request.params.id)));
}

module.exports = operatorRoutes;
module.exports.OPERATOR_ROLES = OPERATOR_ROLES;
