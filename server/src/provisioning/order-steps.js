'use strict';
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { parseJson } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { customerNow } = require('../customers/customers');
const { lockSubscription } = require('../subscriptions/subscriptions');
const { currentSubscriptionOf } = require('../subscriptions/current');
const { applyChange } = require('../subscriptions/service');
const { planTerms } = require('../entitlements/terms');
const { compareQuantities } = require('../catalog/portal-policy');
const { accountOfCustomer, addUser, seatedUserIds, saveAccount, presentAccount } = require('./accounts');
const { assignSeat } = require('./seats');
const { createAccessKey, serviceView } = require('./access-keys');
const { findTarget } = require('./targets');
const { callTarget } = require('./target-client');
const { sealSecret } = require('../secrets/secret-box');
const { enqueueMail } = require('../mail/enqueue');

// The steps of orders (order-plans.js says which order runs which). A step has up to five
// parts, each safe to repeat, run by order-runner.js:
//   local(trx, ctx)            database work; its output is stored in the same transaction,
//                              so a step that ran it once never runs it again
//   remote(ctx, output)        calls to the provisioned service: idempotent PUT/DELETE/POST
//                              on ids Ratecard chose, so a repeat after a crash is harmless
//   after(trx, ctx, output)    database work committed with the step's completion
//   undoLocal, undoRemote      the compensation (database first, then the service, so what
//                              the service reads back is already undone), run in reverse
//                              order when a later step fails for good
// `ctx` is { services, order, params, account, target }.

const workspacePath = (account) => `/workspaces/${account.id}`;
const send = (ctx, method, path, body) => callTarget(ctx.services, ctx.target, { method, path, body });

/// The current subscription of a customer (subscriptions/current.js), locked for a change.
async function currentSubscription(trx, services, customerId) {
  const row = await currentSubscriptionOf(trx, customerId);
  if (!row) throw Object.assign(new Error('the customer has no subscription'), { permanent: true });
  return lockSubscription(trx, services.dialect, row.id);
}

/// What a provisioned service stores of a user.
async function userBody(executor, user) {
  const seated = (await seatedUserIds(executor, user.account_id)).has(user.id);
  return { email: user.email, name: user.name, role: user.role, status: user.status, seat: seated };
}

async function pushUsers(ctx, userIds) {
  for (const id of userIds) {
    const user = await ctx.services.db.selectFrom('account_users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (user.status === 'active') await send(ctx, 'PUT', `${workspacePath(ctx.account)}/users/${user.id}`, await userBody(ctx.services.db, user));
    else await send(ctx, 'DELETE', `${workspacePath(ctx.account)}/users/${user.id}`);
  }
}

const refresh = (ctx) => send(ctx, 'POST', `${workspacePath(ctx.account)}/entitlements/refresh`, {});

async function revertSubscription(trx, ctx, before) {
  const subscription = await currentSubscription(trx, ctx.services, ctx.order.customer_id);
  const plan = await trx.selectFrom('plans').selectAll().where('id', '=', subscription.plan_id).executeTakeFirstOrThrow();
  const terms = await planTerms(trx, plan);
  const change = {};
  if (before.plan !== subscription.plan_id) change.plan = before.plan;
  if (before.quantity !== subscription.quantity) change.quantity = before.quantity;
  if (JSON.stringify(before.add_ons) !== subscription.add_ons) change.add_ons = before.add_ons;
  if (Object.keys(change).length) await applyChange(trx, ctx.services, subscription, { ...change, proration_behavior: terms.seats.proration_behavior });
}

const snapshotOf = (subscription) => ({ plan: subscription.plan_id, quantity: subscription.quantity, add_ons: parseJson(subscription.add_ons) });

/// The change a change order's `params` asks of a subscription whose plan, quantity and add-ons
/// are `before`, with its proration behaviour; null when it asks for what already is.
function changeFrom(before, params) {
  const change = {};
  if (params.plan !== undefined && params.plan !== before.plan) change.plan = params.plan;
  if (params.quantity !== undefined && compareQuantities(String(params.quantity), before.quantity) !== 0) change.quantity = params.quantity;
  if (params.add_ons !== undefined && JSON.stringify(params.add_ons) !== JSON.stringify(before.add_ons)) change.add_ons = params.add_ons;
  if (!Object.keys(change).length) return null;
  if (params.proration_behavior !== undefined) change.proration_behavior = params.proration_behavior;
  return change;
}

const STEPS = {
  create_account: {
    async local(trx, ctx) {
      const existing = await accountOfCustomer(trx, ctx.order.customer_id);
      const now = toInstant(ctx.services.clock.now());
      if (existing) {
        await saveAccount(trx, ctx.services.clock, existing, { status: 'pending', deprovisioned_at: null, data_retained_until: null, data_purged_at: null });
        return { account: existing.id, created: false, previous_status: existing.status };
      }
      const row = {
        id: newId('acct'), customer_id: ctx.order.customer_id, target_id: ctx.params.target, status: 'pending',
        workspace_created_at: null, suspended_at: null, deprovisioned_at: null, data_retained_until: null, data_purged_at: null,
        created_at: now, updated_at: now,
      };
      await trx.insertInto('provisioned_accounts').values(row).execute();
      await recordEvent(trx, { type: 'account.created', object: presentAccount(row), customerId: row.customer_id }, ctx.services.clock.now());
      return { account: row.id, created: true, previous_status: null };
    },
    async undoLocal(trx, ctx, output) {
      const account = await accountOfCustomer(trx, ctx.order.customer_id);
      const status = output.created ? 'deprovisioned' : output.previous_status;
      await saveAccount(trx, ctx.services.clock, account, { status, deprovisioned_at: output.created ? toInstant(ctx.services.clock.now()) : account.deprovisioned_at });
    },
  },

  create_workspace: {
    async remote(ctx) {
      const customer = await ctx.services.db.selectFrom('customers').select(['id', 'name']).where('id', '=', ctx.order.customer_id).executeTakeFirstOrThrow();
      await send(ctx, 'PUT', workspacePath(ctx.account), { customer: customer.id, name: customer.name });
    },
    async after(trx, ctx) {
      const account = await accountOfCustomer(trx, ctx.order.customer_id);
      await saveAccount(trx, ctx.services.clock, account, { status: 'active', workspace_created_at: toInstant(ctx.services.clock.now()) }, 'account.activated');
    },
    undoRemote: (ctx) => send(ctx, 'DELETE', `${workspacePath(ctx.account)}?purge=true`),
    async undoLocal(trx, ctx) {
      const account = await accountOfCustomer(trx, ctx.order.customer_id);
      await saveAccount(trx, ctx.services.clock, account, { status: 'pending', workspace_created_at: null });
    },
  },

  add_users: {
    async local(trx, ctx) {
      const account = await accountOfCustomer(trx, ctx.order.customer_id);
      const users = [];
      const created = [];
      for (const [index, wanted] of ctx.params.users.entries()) {
        const existing = await trx.selectFrom('account_users').selectAll().where('account_id', '=', account.id)
          .where('email', '=', wanted.email).where('status', '=', 'active').executeTakeFirst();
        const user = existing || await addUser(trx, ctx.services, account, { email: wanted.email, name: wanted.name ?? null, role: wanted.role ?? 'member' }, `/users/${index}`);
        if (!existing) created.push(user.id);
        users.push({ id: user.id, seat: wanted.seat !== false });
      }
      return { users, created };
    },
    remote: (ctx, output) => pushUsers(ctx, output.users.map((user) => user.id)),
    undoRemote: (ctx, output) => Promise.all(output.created.map((id) => send(ctx, 'DELETE', `${workspacePath(ctx.account)}/users/${id}`))),
    async undoLocal(trx, ctx, output) {
      const now = toInstant(ctx.services.clock.now());
      for (const id of output.created) {
        await trx.updateTable('seat_assignments').set({ unassigned_at: now }).where('user_id', '=', id).where('unassigned_at', 'is', null).execute();
        await trx.updateTable('account_users').set({ status: 'removed', updated_at: now }).where('id', '=', id).execute();
      }
    },
  },

  assign_seats: {
    async local(trx, ctx) {
      const account = await accountOfCustomer(trx, ctx.order.customer_id);
      const added = (await trx.selectFrom('order_steps').select('output').where('order_id', '=', ctx.order.id)
        .where('name', '=', 'add_users').executeTakeFirstOrThrow()).output;
      const before = snapshotOf(await currentSubscription(trx, ctx.services, ctx.order.customer_id));
      const seated = await seatedUserIds(trx, account.id);
      const assigned = [];
      for (const { id, seat } of parseJson(added).users) {
        if (!seat || seated.has(id)) continue;
        const user = await trx.selectFrom('account_users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        await assignSeat(trx, ctx.services, account, user);
        assigned.push(id);
      }
      return { assigned, before };
    },
    remote: (ctx, output) => pushUsers(ctx, output.assigned),
    async undoRemote(ctx, output) {
      await pushUsers(ctx, output.assigned);
      await refresh(ctx);
    },
    async undoLocal(trx, ctx, output) {
      const now = toInstant(ctx.services.clock.now());
      for (const id of output.assigned) {
        await trx.updateTable('seat_assignments').set({ unassigned_at: now }).where('user_id', '=', id).where('unassigned_at', 'is', null).execute();
      }
      await revertSubscription(trx, ctx, output.before);
    },
  },

  issue_access_key: {
    async local(trx, ctx) {
      const wanted = ctx.params.access_key;
      if (!wanted) return { access_key: null };
      const account = await accountOfCustomer(trx, ctx.order.customer_id);
      const { row, secret } = await createAccessKey(trx, ctx.services, account, { name: wanted.name || 'Default key', scopes: wanted.scopes, quotas: wanted.quotas });
      const sealed = sealSecret(ctx.services.config, JSON.stringify({ access_key: row.id, secret }), `order:${ctx.order.id}`);
      await trx.updateTable('orders').set({ sealed_secrets: sealed }).where('id', '=', ctx.order.id).execute();
      return { access_key: row.id };
    },
    async remote(ctx, output) {
      if (!output.access_key) return;
      const row = await ctx.services.db.selectFrom('access_keys').selectAll().where('id', '=', output.access_key).executeTakeFirstOrThrow();
      await send(ctx, 'PUT', `${workspacePath(ctx.account)}/keys/${row.id}`, serviceView(row));
    },
    undoRemote: (ctx, output) => output.access_key && send(ctx, 'DELETE', `${workspacePath(ctx.account)}/keys/${output.access_key}`),
    async undoLocal(trx, ctx, output) {
      if (!output.access_key) return;
      await trx.updateTable('access_keys').set({ revoked_at: toInstant(ctx.services.clock.now()) }).where('id', '=', output.access_key).where('revoked_at', 'is', null).execute();
      await trx.updateTable('orders').set({ sealed_secrets: null }).where('id', '=', ctx.order.id).execute();
    },
  },

  // The owner's welcome email goes through the mail outbox (once: its key is the order's);
  // the service greets them in the product too.
  send_welcome: {
    async local(trx, ctx) {
      const owner = ctx.params.welcome === false ? null : await ownerOf(trx, ctx.account);
      if (!owner) return { owner: null, mail: null };
      const mail = await enqueueMail(trx, ctx.services, {
        template: 'account.welcome', customerId: ctx.order.customer_id, to: { email: owner.email, name: owner.name },
        data: { product_name: ctx.target.name, user_name: owner.name || owner.email }, key: `account.welcome:${ctx.order.id}`,
      });
      return { owner: owner.id, mail: mail.id };
    },
    async remote(ctx, output) {
      if (!output.owner) return;
      const owner = await ctx.services.db.selectFrom('account_users').selectAll().where('id', '=', output.owner).executeTakeFirstOrThrow();
      await send(ctx, 'POST', `${workspacePath(ctx.account)}/welcome`, { user: owner.id, email: owner.email, name: owner.name });
    },
  },

  apply_change: {
    async local(trx, ctx) {
      const subscription = await currentSubscription(trx, ctx.services, ctx.order.customer_id);
      const before = snapshotOf(subscription);
      const change = changeFrom(before, ctx.params);
      // An order for what the subscription already is only refreshes the service: no change,
      // so no subscription.updated.
      if (!change) return { before, after: before, unchanged: true };
      const updated = await applyChange(trx, ctx.services, subscription, change);
      return { before, after: { plan: updated.plan, quantity: updated.quantity, add_ons: updated.add_ons } };
    },
    // A change that changed nothing has nothing to undo (and must not undo a later change).
    undoLocal: (trx, ctx, output) => !output.unchanged && revertSubscription(trx, ctx, output.before),
  },

  raise_quantity: {
    async local(trx, ctx) {
      const subscription = await currentSubscription(trx, ctx.services, ctx.order.customer_id);
      const plan = await trx.selectFrom('plans').selectAll().where('id', '=', subscription.plan_id).executeTakeFirstOrThrow();
      const terms = await planTerms(trx, plan);
      const quantity = (BigInt(subscription.quantity.split('.')[0]) + BigInt(ctx.params.seats)).toString();
      await applyChange(trx, ctx.services, subscription, { quantity, proration_behavior: terms.seats.proration_behavior });
      return { before: snapshotOf(subscription), quantity };
    },
    undoLocal: (trx, ctx, output) => revertSubscription(trx, ctx, output.before),
  },

  refresh_entitlements: {
    async remote(ctx) {
      if (ctx.account && ctx.account.workspace_created_at) await refresh(ctx);
    },
  },

  // The account's status changes first, so the snapshot the service refreshes says so.
  suspend_access: {
    local: (trx, ctx) => setAccess(trx, ctx, 'suspended'),
    async remote(ctx) {
      await send(ctx, 'POST', `${workspacePath(ctx.account)}/suspend`, { reason: ctx.params.reason || ctx.order.type });
      await refresh(ctx);
    },
    undoLocal: (trx, ctx) => setAccess(trx, ctx, 'active'),
    async undoRemote(ctx) {
      await send(ctx, 'POST', `${workspacePath(ctx.account)}/restore`, {});
      await refresh(ctx);
    },
  },

  restore_access: {
    local: (trx, ctx) => setAccess(trx, ctx, 'active'),
    async remote(ctx) {
      await send(ctx, 'POST', `${workspacePath(ctx.account)}/restore`, {});
      await refresh(ctx);
    },
    undoLocal: (trx, ctx) => setAccess(trx, ctx, 'suspended'),
    async undoRemote(ctx) {
      await send(ctx, 'POST', `${workspacePath(ctx.account)}/suspend`, { reason: 'restore failed' });
      await refresh(ctx);
    },
  },

  // After the grace period: the service archives the workspace (no access; data kept until
  // the purge step); Ratecard revokes the keys and frees the seats.
  archive_workspace: {
    async remote(ctx) {
      const purge = await purgeStepOf(ctx);
      await send(ctx, 'POST', `${workspacePath(ctx.account)}/archive`, { retain_until: purge.not_before });
    },
    async after(trx, ctx) {
      const now = toInstant(await nowOf(trx, ctx));
      const account = await accountOfCustomer(trx, ctx.order.customer_id);
      await trx.updateTable('access_keys').set({ revoked_at: now, updated_at: toInstant(ctx.services.clock.now()) })
        .where('account_id', '=', account.id).where('revoked_at', 'is', null).execute();
      await trx.updateTable('seat_assignments').set({ unassigned_at: now }).where('account_id', '=', account.id).where('unassigned_at', 'is', null).execute();
      const purge = await purgeStepOf(ctx, trx);
      await saveAccount(trx, ctx.services.clock, account, { status: 'deprovisioned', deprovisioned_at: now, data_retained_until: purge.not_before }, 'access.deprovisioned');
    },
  },

  // The data-retention rule: once retention_days have passed after the grace period, the
  // service erases the workspace and Ratecard erases the users' personal data.
  purge_data: {
    remote: (ctx) => send(ctx, 'DELETE', `${workspacePath(ctx.account)}?purge=true`),
    async after(trx, ctx) {
      const account = await accountOfCustomer(trx, ctx.order.customer_id);
      const users = await trx.selectFrom('account_users').select('id').where('account_id', '=', account.id).execute();
      for (const { id } of users) {
        await trx.updateTable('account_users').set({ email: `erased-${id}@invalid`, name: null, status: 'removed' }).where('id', '=', id).execute();
      }
      await saveAccount(trx, ctx.services.clock, account, { data_purged_at: toInstant(await nowOf(trx, ctx)) }, 'account.data_purged');
    },
  },
};

// Suspends or restores the account (access.suspended, access.restored); returns the output.
async function setAccess(trx, ctx, status) {
  const account = await accountOfCustomer(trx, ctx.order.customer_id);
  if (account.status !== status) {
    const suspendedAt = status === 'suspended' ? toInstant(await nowOf(trx, ctx)) : null;
    await saveAccount(trx, ctx.services.clock, account, { status, suspended_at: suspendedAt }, status === 'suspended' ? 'access.suspended' : 'access.restored');
  }
  return { status };
}

function ownerOf(executor, account) {
  return executor.selectFrom('account_users').selectAll().where('account_id', '=', account.id)
    .where('role', '=', 'owner').where('status', '=', 'active').orderBy('created_at').executeTakeFirst();
}

async function purgeStepOf(ctx, executor = ctx.services.db) {
  return executor.selectFrom('order_steps').select('not_before').where('order_id', '=', ctx.order.id).where('name', '=', 'purge_data').executeTakeFirstOrThrow();
}

async function nowOf(trx, ctx) {
  const customer = await trx.selectFrom('customers').selectAll().where('id', '=', ctx.order.customer_id).executeTakeFirstOrThrow();
  return customerNow(trx, customer, ctx.services.clock);
}

/// The context a step runs in: the order's parameters, the customer's account and its target.
async function stepContext(services, order) {
  const account = await accountOfCustomer(services.db, order.customer_id);
  const params = parseJson(order.params);
  const targetId = account ? account.target_id : params.target;
  return { services, order, params, account, target: targetId ? await findTarget(services.db, targetId) : null };
}

module.exports = { STEPS, stepContext, userBody };
