'use strict';
// The provisioning domain's part of a privacy erasure (server/src/privacy/): the account's
// users lose their names and emails (a user keeps its id, role and seats), orders lose the
// personal values in their parameters and step outputs, and the customer's access keys are
// revoked. The provisioned service gets the erased users and revoked keys through the usual
// sync jobs, committed with the erasure.
const { queueSync } = require('./accounts');
const { revokeAccessKey } = require('./access-keys');

/// The names and emails of the customer's account users.
async function provisioningPersonalValues(trx, customerId) {
  const users = await trx.selectFrom('account_users').innerJoin('provisioned_accounts', 'provisioned_accounts.id', 'account_users.account_id')
    .select(['account_users.name', 'account_users.email']).where('provisioned_accounts.customer_id', '=', customerId).execute();
  return users.flatMap((user) => [user.name, user.email]);
}

/// Scrubs users, orders and order steps, revokes access keys (as DELETE of a key does: event
/// access_key.revoked, the service told). Returns counts by kind.
async function eraseProvisioning(trx, { customerId, redactor, now, services }) {
  const accounts = await trx.selectFrom('provisioned_accounts').selectAll().where('customer_id', '=', customerId).execute();
  let userCount = 0;
  for (const account of accounts) {
    const users = await trx.selectFrom('account_users').select('id').where('account_id', '=', account.id).execute();
    for (const user of users) {
      await trx.updateTable('account_users').set({ name: null, email: `erased-${user.id}@erased.invalid`, updated_at: now }).where('id', '=', user.id).execute();
      await queueSync(trx, services.clock, account, { kind: 'user', id: user.id });
    }
    userCount += users.length;
  }
  const orders = await trx.selectFrom('orders').select(['id', 'params', 'failure', 'blocked_reason']).where('customer_id', '=', customerId).execute();
  for (const order of orders) {
    await trx.updateTable('orders').set({
      params: redactor.jsonText(order.params), failure: redactor.jsonText(order.failure), blocked_reason: redactor.text(order.blocked_reason),
    }).where('id', '=', order.id).execute();
    const steps = await trx.selectFrom('order_steps').select(['id', 'output', 'last_error']).where('order_id', '=', order.id).execute();
    for (const step of steps) {
      await trx.updateTable('order_steps').set({ output: redactor.jsonText(step.output), last_error: redactor.text(step.last_error) })
        .where('id', '=', step.id).execute();
    }
  }
  const keys = await trx.selectFrom('access_keys').selectAll().where('customer_id', '=', customerId).where('revoked_at', 'is', null).execute();
  for (const key of keys) await revokeAccessKey(trx, services, accounts.find((account) => account.id === key.account_id), key);
  return { account_users: userCount, orders: orders.length, access_keys_revoked: keys.length };
}

module.exports = { provisioningPersonalValues, eraseProvisioning };
