'use strict';
const { ApiError, invalidState } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { coreInstant } = require('../subscriptions/calendar');
const { customerNow } = require('../customers/customers');
const { lockSubscription } = require('../subscriptions/subscriptions');
const { applyChange } = require('../subscriptions/service');
const { loadContext } = require('../entitlements/context');
const { planTerms } = require('../entitlements/terms');
const { maySeatsBeAssigned, hasSeatFeature } = require('../entitlements/seat-question');
const { seatedUserIds, presentUser, queueSync } = require('./accounts');

// Seats: users of an account holding one of the plan's seats. The limit is the subscription's
// quantity (plus add-ons and grants); the core answers whether more seats may be assigned
// (entitlements/seat-question.js). Past the limit the plan's terms decide: `refuse` answers
// 409 SEAT_LIMIT_REACHED, `bill` raises the subscription's quantity by the seats missing, a
// subscription change prorated as the plan says, in the same transaction.

/// The decision context of an account's customer, read in `trx` (not from the cache: the
/// answer must hold until the transaction commits), with the customer's now.
async function seatContext(trx, services, account) {
  const context = await loadContext(trx, account.customer_id);
  if (!context.access) throw invalidState(`the customer holds no seats (${context.reason})`);
  if (!hasSeatFeature(context.request)) throw invalidState(`plan ${context.planId} has no seat feature ("seats" in its entitlement terms)`);
  const customer = await trx.selectFrom('customers').selectAll().where('id', '=', account.customer_id).executeTakeFirstOrThrow();
  const now = await customerNow(trx, customer, services.clock);
  return { context, at: coreInstant(now.toISOString()), now };
}

/// How many seats the account has and who holds them.
async function seatSummary(executor, services, account) {
  const { context, at } = await seatContext(executor, services, account);
  const answer = maySeatsBeAssigned(services.core, { at, request: context.request, count: 0 });
  const holders = await executor.selectFrom('seat_assignments').innerJoin('account_users', 'account_users.id', 'seat_assignments.user_id')
    .select(['seat_assignments.id as id', 'seat_assignments.user_id as user_id', 'account_users.email as email', 'seat_assignments.assigned_at as assigned_at'])
    .where('seat_assignments.account_id', '=', account.id).where('seat_assignments.unassigned_at', 'is', null)
    .orderBy('seat_assignments.assigned_at').orderBy('seat_assignments.id').execute();
  return {
    object: 'seats', account: account.id, subscription: context.subscriptionId, limit: answer.limit, used: answer.used,
    available: answer.available, assignments: holders.map((row) => ({ id: row.id, user: row.user_id, email: row.email, assigned_at: row.assigned_at })),
  };
}

/// Gives `user` a seat. Past the limit the plan's seat policy refuses or bills the missing
/// seats as a quantity change. Returns { user, billed } (billed: the subscription after a change).
async function assignSeat(trx, services, account, user, path = '/user') {
  if (user.status !== 'active') throw invalidState(`user ${user.id} was removed`, path);
  if ((await seatedUserIds(trx, account.id)).has(user.id)) throw invalidState(`user ${user.id} already holds a seat`, path);
  const { context, at, now } = await seatContext(trx, services, account);
  const answer = maySeatsBeAssigned(services.core, { at, request: context.request, count: 1 });
  let billed = null;
  if (!answer.allowed) billed = await billMissingSeats(trx, services, context, answer, path);
  await trx.insertInto('seat_assignments').values({
    id: newId('seat'), account_id: account.id, user_id: user.id, assigned_at: toInstant(now), unassigned_at: null,
  }).execute();
  await recordEvent(trx, { type: 'seat.assigned', object: presentUser(user, true), customerId: account.customer_id }, services.clock.now());
  await queueSync(trx, services.clock, account, { kind: 'user', id: user.id });
  return { user: presentUser(user, true), billed };
}

async function billMissingSeats(trx, services, context, answer, path) {
  const plan = await trx.selectFrom('plans').selectAll().where('id', '=', context.planId).executeTakeFirstOrThrow();
  const terms = await planTerms(trx, plan);
  if (terms.seats.over_limit !== 'bill' || answer.shortfall === 0) {
    throw new ApiError('SEAT_LIMIT_REACHED',
      `all ${answer.limit} seats are taken (${answer.used} assigned); raise the subscription's quantity or free a seat`, path);
  }
  const subscription = await lockSubscription(trx, services.dialect, context.subscriptionId);
  const quantity = (BigInt(subscription.quantity.split('.')[0]) + BigInt(answer.shortfall)).toString();
  return applyChange(trx, services, subscription, { quantity, proration_behavior: terms.seats.proration_behavior });
}

/// Frees `user`'s seat.
async function unassignSeat(trx, services, account, user, path = '/user') {
  const now = await customerNowOf(trx, services, account);
  const freed = await trx.updateTable('seat_assignments').set({ unassigned_at: toInstant(now) })
    .where('account_id', '=', account.id).where('user_id', '=', user.id).where('unassigned_at', 'is', null).executeTakeFirst();
  if (Number(freed.numUpdatedRows) !== 1) throw invalidState(`user ${user.id} holds no seat`, path);
  await recordEvent(trx, { type: 'seat.unassigned', object: presentUser(user, false), customerId: account.customer_id }, services.clock.now());
  await queueSync(trx, services.clock, account, { kind: 'user', id: user.id });
  return presentUser(user, false);
}

/// Moves a seat from one user to another: the number of seats used does not change.
async function transferSeat(trx, services, account, from, to) {
  if (to.status !== 'active') throw invalidState(`user ${to.id} was removed`, '/to');
  if ((await seatedUserIds(trx, account.id)).has(to.id)) throw invalidState(`user ${to.id} already holds a seat`, '/to');
  await unassignSeat(trx, services, account, from, '/from');
  const now = await customerNowOf(trx, services, account);
  await trx.insertInto('seat_assignments').values({
    id: newId('seat'), account_id: account.id, user_id: to.id, assigned_at: toInstant(now), unassigned_at: null,
  }).execute();
  await recordEvent(trx, { type: 'seat.assigned', object: presentUser(to, true), customerId: account.customer_id }, services.clock.now());
  await queueSync(trx, services.clock, account, { kind: 'user', id: to.id });
  return { from: presentUser(from, false), to: presentUser(to, true) };
}

async function customerNowOf(trx, services, account) {
  const customer = await trx.selectFrom('customers').selectAll().where('id', '=', account.customer_id).executeTakeFirstOrThrow();
  return customerNow(trx, customer, services.clock);
}

module.exports = { seatSummary, assignSeat, unassignSeat, transferSeat };
