'use strict';
const crypto = require('node:crypto');
const { canonicalJson } = require('../idempotency/idempotency');
const { contextOf, decisionTime, entitlementRuntime } = require('./decisions');
const { meteredUsage } = require('./usage-source');
const { signingKey } = require('./signing-keys');
const { activeAccessKeys } = require('../provisioning/access-keys');

/// Snapshot format version (the helper refuses formats it does not know).
const SNAPSHOT_FORMAT = 1;

/// The signed entitlement snapshot of a customer: everything a customer's service needs to
/// decide entitlements in process with the core (the `ratecard` package's local helper), and
/// to verify the customer's access keys. Returns { etag, body } where body is
/// {"payload": "<JSON text>", "signature": {"algorithm": "Ed25519", "key_id", "value"}}: the
/// signature covers the payload's exact bytes, so verifying needs no canonical form.
/// The etag is the SHA-256 of the content (everything but issued_at): the same in every
/// process for the same terms, so a client's If-None-Match is answered 304 by any of them.
async function customerSnapshot(services, customerId, path = '') {
  const context = await contextOf(services, customerId, path);
  const at = decisionTime(services, context);
  const usage = context.meteredMetrics.length
    ? await meteredUsage(services, { customerId, features: context.meteredMetrics }) : [];
  const content = {
    format: SNAPSHOT_FORMAT,
    customer: customerId,
    access: context.access,
    reason: context.reason,
    subscription: context.subscriptionId,
    plan: context.planId,
    plan_version: context.planVersion,
    add_on_versions: context.addOnVersions,
    frozen_time: context.frozenTime ? decisionTime(services, context) : null,
    request: context.request,
    metered_features: context.meteredFeatures,
    usage,
    access_keys: await activeAccessKeys(services.db, customerId, context.frozenTime ? new Date(context.frozenTime) : services.clock.now()),
  };
  const etag = `"${crypto.createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex').slice(0, 32)}"`;
  const { cache } = entitlementRuntime(services);
  const cached = cache.attached(customerId, 'snapshot');
  if (cached && cached.etag === etag) return cached;
  const key = await signingKey(services.db, services.clock.now());
  const payload = JSON.stringify({ object: 'entitlement_snapshot', ...content, etag, issued_at: services.clock.now().toISOString() });
  const snapshot = { etag, body: { payload, signature: { algorithm: key.algorithm, key_id: key.kid, value: key.sign(payload) } } };
  cache.attach(customerId, 'snapshot', snapshot);
  return snapshot;
}

module.exports = { customerSnapshot, SNAPSHOT_FORMAT };
