'use strict';
const { idParam } = require('../http/schemas');
const { notFound } = require('../http/errors');
const { findCustomer, customerNow } = require('../customers/customers');
const { invalidateEntitlements } = require('../entitlements/decisions');
const {
  ROLES, accountSchema, userSchema, presentAccount, presentUser, accountOfCustomer, lockAccountOfCustomer,
  seatedUserIds, findUser, addUser, updateUser, removeUser,
} = require('./accounts');
const { seatSummary, assignSeat, unassignSeat, transferSeat } = require('./seats');
const {
  accessKeySchema, quotaSchema, presentAccessKey, createAccessKey, findAccessKey, rotateAccessKey, revokeAccessKey,
} = require('./access-keys');

const customerAnd = (name) => ({
  type: 'object', required: ['id', name], properties: { id: { type: 'string', maxLength: 100 }, [name]: { type: 'string', maxLength: 100 } },
});
const userId = { type: 'string', maxLength: 100 };
const seatsSchema = {
  type: 'object',
  title: 'Seats',
  properties: {
    object: { const: 'seats' }, account: { type: 'string' }, subscription: { type: ['string', 'null'] },
    limit: { type: ['string', 'null'], description: "The subscription's quantity, plus add-ons and grants (null: unlimited)" },
    used: { type: ['string', 'null'] }, available: { type: ['string', 'null'] },
    assignments: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, user: { type: 'string' }, email: { type: 'string' }, assigned_at: { type: 'string' } } } },
  },
};
const list = (items) => ({ type: 'object', title: `${items.title}List`, properties: { object: { const: 'list' }, data: { type: 'array', items } } });

/// A customer's provisioned account: its users and roles, seats and access keys. The
/// customer's own portal session may manage them too (scope own_account).
async function accountRoutes(app, { services }) {
  const { db, dialect, clock } = services;
  const tags = ['Provisioning'];
  const read = { permission: 'provisioning:read', portal: 'own_account' };
  const write = { permission: 'provisioning:write', portal: 'own_account' };
  // Runs a change on the customer's locked account; the entitlement cache of this process
  // forgets the customer at once after the commit (others hear of it from the outbox).
  const onAccount = async (request, work) => {
    const result = await request.transaction(async (trx) => work(trx, await lockAccountOfCustomer(trx, dialect, request.params.id)));
    invalidateEntitlements(services, request.params.id);
    return result;
  };
  const accountOrNotFound = async (customerId) => {
    await findCustomer(db, customerId);
    const account = await accountOfCustomer(db, customerId);
    if (!account) throw notFound('account of customer', customerId);
    return account;
  };

  app.get('/customers/:id/account', {
    config: read,
    schema: { tags, operationId: 'getAccount', summary: "The customer's provisioned account", params: idParam(), response: { 200: accountSchema } },
  }, async (request) => presentAccount(await accountOrNotFound(request.params.id)));

  // The same account as a list of zero or one: a caller that asks whether the customer has an
  // account yet (the portal, before an activation) gets an empty list instead of a 404.
  app.get('/customers/:id/accounts', {
    config: read,
    schema: {
      tags, operationId: 'listAccounts', summary: "The customer's provisioned account as a list (empty before an activation)",
      params: idParam(), response: { 200: list(accountSchema) },
    },
  }, async (request) => {
    await findCustomer(db, request.params.id);
    const account = await accountOfCustomer(db, request.params.id);
    return { object: 'list', data: account ? [presentAccount(account)] : [] };
  });

  app.get('/customers/:id/account/users', {
    config: read,
    schema: { tags, operationId: 'listAccountUsers', summary: 'The users of the account', params: idParam(), response: { 200: list(userSchema) } },
  }, async (request) => {
    const account = await accountOrNotFound(request.params.id);
    const rows = await db.selectFrom('account_users').selectAll().where('account_id', '=', account.id).orderBy('created_at').orderBy('id').execute();
    const seated = await seatedUserIds(db, account.id);
    return { object: 'list', data: rows.map((row) => presentUser(row, seated.has(row.id))) };
  });

  app.post('/customers/:id/account/users', {
    config: write,
    schema: {
      tags, operationId: 'addAccountUser', summary: 'Adds a user to the account (with a seat unless seat is false)',
      params: idParam(),
      body: {
        type: 'object', additionalProperties: false, required: ['email'],
        properties: {
          email: { type: 'string', format: 'email', maxLength: 320 }, name: { type: 'string', minLength: 1, maxLength: 200 },
          role: { enum: ROLES, default: 'member' }, seat: { type: 'boolean', default: true },
        },
      },
      response: { 201: userSchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return onAccount(request, async (trx, account) => {
      const user = await addUser(trx, services, account, request.body);
      if (!request.body.seat) return presentUser(user, false);
      return (await assignSeat(trx, services, account, user, '/seat')).user;
    });
  });

  app.patch('/customers/:id/account/users/:user_id', {
    config: write,
    schema: {
      tags, operationId: 'updateAccountUser', summary: "Changes a user's role or name (an account keeps one owner)",
      params: customerAnd('user_id'),
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { role: { enum: ROLES }, name: { type: 'string', minLength: 1, maxLength: 200 } } },
      response: { 200: userSchema },
    },
  }, async (request) => onAccount(request, async (trx, account) => {
    const user = await updateUser(trx, services, account, await findUser(trx, account, request.params.user_id), request.body);
    return presentUser(user, (await seatedUserIds(trx, account.id)).has(user.id));
  }));

  app.post('/customers/:id/account/users/:user_id/remove', {
    config: write,
    schema: { tags, operationId: 'removeAccountUser', summary: 'Removes a user (their seat is freed)', params: customerAnd('user_id'), response: { 200: userSchema } },
  }, async (request) => onAccount(request, async (trx, account) => presentUser(await removeUser(trx, services, account, await findUser(trx, account, request.params.user_id)), false)));

  app.get('/customers/:id/seats', {
    config: read,
    schema: { tags, operationId: 'getSeats', summary: 'How many seats the account has (from the core) and who holds them', params: idParam(), response: { 200: seatsSchema } },
  }, async (request) => seatSummary(db, services, await accountOrNotFound(request.params.id)));

  app.post('/customers/:id/seats/assign', {
    config: write,
    schema: {
      tags, operationId: 'assignSeat', summary: "Gives a user a seat; past the limit the plan's seat policy refuses (409 SEAT_LIMIT_REACHED) or bills the quantity change",
      params: idParam(),
      body: { type: 'object', additionalProperties: false, required: ['user'], properties: { user: userId } },
      response: { 200: { type: 'object', title: 'SeatAssignment', properties: { user: userSchema, billed: { type: ['object', 'null'], additionalProperties: true, description: 'The subscription after the billed quantity change, or null' } } } },
    },
  }, async (request) => onAccount(request, async (trx, account) => assignSeat(trx, services, account, await findUser(trx, account, request.body.user, '/user'))));

  app.post('/customers/:id/seats/unassign', {
    config: write,
    schema: {
      tags, operationId: 'unassignSeat', summary: "Frees a user's seat", params: idParam(),
      body: { type: 'object', additionalProperties: false, required: ['user'], properties: { user: userId } },
      response: { 200: userSchema },
    },
  }, async (request) => onAccount(request, async (trx, account) => unassignSeat(trx, services, account, await findUser(trx, account, request.body.user, '/user'))));

  app.post('/customers/:id/seats/transfer', {
    config: write,
    schema: {
      tags, operationId: 'transferSeat', summary: "Moves a seat from one user to another", params: idParam(),
      body: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: userId, to: userId } },
      response: { 200: { type: 'object', title: 'SeatTransfer', properties: { from: userSchema, to: userSchema } } },
    },
  }, async (request) => onAccount(request, async (trx, account) => transferSeat(trx, services, account,
    await findUser(trx, account, request.body.from, '/from'), await findUser(trx, account, request.body.to, '/to'))));

  app.get('/customers/:id/access_keys', {
    config: read,
    schema: { tags, operationId: 'listAccessKeys', summary: "The customer's access keys (never their secrets)", params: idParam(), response: { 200: list(accessKeySchema) } },
  }, async (request) => {
    // A key's status by the customer's clock, which its expiry was set by (a test clock's time).
    const now = await customerNow(db, await findCustomer(db, request.params.id), clock);
    const rows = await db.selectFrom('access_keys').selectAll().where('customer_id', '=', request.params.id).orderBy('id', 'desc').limit(1000).execute();
    return { object: 'list', data: rows.map((row) => presentAccessKey(row, now)) };
  });

  app.post('/customers/:id/access_keys', {
    config: { ...write, secretFields: ['secret'] },
    schema: {
      tags, operationId: 'createAccessKey', summary: 'Issues an access key for the customer to use the product (its secret is shown once)',
      params: idParam(),
      body: {
        type: 'object', additionalProperties: false, required: ['name'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200 },
          scopes: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 255 }, minItems: 1, maxItems: 100, uniqueItems: true, default: ['*'], description: 'The features the key may use; ["*"] for all' },
          quotas: { type: 'array', items: quotaSchema, maxItems: 50 },
        },
      },
      response: { 201: accessKeySchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return onAccount(request, async (trx, account) => {
      const { row, secret } = await createAccessKey(trx, services, account, request.body);
      return { ...presentAccessKey(row, clock.now()), secret };
    });
  });

  app.post('/customers/:id/access_keys/:key_id/rotate', {
    config: { ...write, secretFields: ['secret'] },
    schema: {
      tags, operationId: 'rotateAccessKey', summary: 'Issues a new key in place of this one, which keeps working for overlap_seconds (default one day)',
      params: customerAnd('key_id'),
      body: { type: 'object', additionalProperties: false, properties: { overlap_seconds: { type: 'integer', minimum: 0, maximum: 30 * 24 * 3600 } } },
      response: { 201: accessKeySchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return onAccount(request, async (trx, account) => {
      const key = await findAccessKey(trx, request.params.id, request.params.key_id);
      const { row, secret } = await rotateAccessKey(trx, services, account, key, { overlapSeconds: request.body?.overlap_seconds });
      return { ...presentAccessKey(row, clock.now()), secret };
    });
  });

  app.post('/customers/:id/access_keys/:key_id/revoke', {
    config: write,
    schema: { tags, operationId: 'revokeAccessKey', summary: 'Revokes a key at once', params: customerAnd('key_id'), response: { 200: accessKeySchema } },
  }, async (request) => onAccount(request, async (trx, account) => {
    const key = await findAccessKey(trx, request.params.id, request.params.key_id);
    return presentAccessKey(await revokeAccessKey(trx, services, account, key), clock.now());
  }));
}

module.exports = accountRoutes;
