'use strict';
const { findTarget } = require('./targets');
const { callTarget, PermanentTargetError } = require('./target-client');
const { serviceView } = require('./access-keys');
const { userBody } = require('./order-steps');

/// Job `provisioning.sync` ({account_id, kind: 'user' | 'access_key', id}): brings the
/// provisioned service in line with one user or access key as the database has it now (so
/// running it twice, or late, sends the latest state), then asks the service to refresh its
/// entitlement snapshot (seats and keys are in it). A refusal (4xx) is not retried: it is
/// kept as the job's warning for an operator.
async function syncToTarget(payload, services) {
  try {
    await sync(payload, services);
    return {};
  } catch (error) {
    if (error instanceof PermanentTargetError) return { warning: error.message };
    throw error;
  }
}

async function sync({ account_id: accountId, kind, id }, services) {
  const account = await services.db.selectFrom('provisioned_accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
  if (!account || !account.workspace_created_at || account.status === 'deprovisioned') return;
  const target = await findTarget(services.db, account.target_id);
  const base = `/workspaces/${account.id}`;
  if (kind === 'user') {
    const user = await services.db.selectFrom('account_users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (user.status === 'active') await callTarget(services, target, { method: 'PUT', path: `${base}/users/${user.id}`, body: await userBody(services.db, user) });
    else await callTarget(services, target, { method: 'DELETE', path: `${base}/users/${user.id}` });
  } else {
    const key = await services.db.selectFrom('access_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await callTarget(services, target, { method: 'PUT', path: `${base}/keys/${key.id}`, body: serviceView(key) });
  }
  await callTarget(services, target, { method: 'POST', path: `${base}/entitlements/refresh`, body: {} });
}

module.exports = { syncToTarget };
