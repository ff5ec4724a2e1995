'use strict';
// Local entitlement decisions for a Node service that Ratecard provisions: it fetches the
// customer's signed entitlement snapshot from the Ratecard server (GET
// /v1/entitlements/snapshot, refreshed with If-None-Match), verifies its Ed25519 signature
// with the server's public key, and decides every check in process with the same core the
// server runs, so a check needs no network call. It also verifies the customer's access keys
// (the snapshot holds their SHA-256 hashes, never the keys) with their scopes and quotas.

const crypto = require('node:crypto');
const { BillingError } = require('./billing-error.js');
const { entitlementsRequestForFeature } = require('./entitlements-request.js');

const SNAPSHOT_FORMAT = 1;
const DEFAULT_REFRESH_MS = 30 * 1000;

/** Verifies a snapshot body ({payload, signature}) against public keys ({kid: PEM}); returns the parsed payload or throws. */
function verifySnapshot(body, publicKeys) {
  if (!body || typeof body.payload !== 'string' || !body.signature) throw new Error('not an entitlement snapshot');
  const { algorithm, key_id: keyId, value } = body.signature;
  const pem = publicKeys[keyId];
  if (algorithm !== 'Ed25519' || !pem) throw new Error(`the snapshot is signed with an unknown key (${algorithm} ${keyId})`);
  if (!crypto.verify(null, Buffer.from(body.payload, 'utf8'), pem, Buffer.from(value, 'base64url'))) {
    throw new Error('the snapshot signature does not verify: refusing it');
  }
  const payload = JSON.parse(body.payload);
  if (payload.format !== SNAPSHOT_FORMAT) throw new Error(`unknown snapshot format ${payload.format}`);
  return payload;
}

// The snapshot's core request narrowed to one feature (entitlements-request.js), as JSON text
// without its closing brace, `at` and `usage`: a check appends those and the question, and
// sends the text.
function requestForFeature(snapshot, feature) {
  const { usage, ...terms } = entitlementsRequestForFeature({ ...snapshot.request, usage: snapshot.usage || [] }, feature);
  return { prefix: JSON.stringify({ op: 'entitlements', ...terms, feature }).slice(0, -1), usage };
}

const REFUSED = { kind: null, limit: null, usage: null, balance: null, overage: null, reset_at: null };

/**
 * Fetches and verifies a customer's snapshot and returns a client that decides locally.
 * options: { ratecard (from createRatecard()), url (the Ratecard server), apiKey (a key whose
 * role reads entitlements), customer, publicKeys ({kid: PEM}; default: fetched from the
 * server), refreshIntervalMs (default 30 s; 0: only refresh() refreshes), fetch, now }.
 */
async function createLocalEntitlements(options) {
  const { ratecard, url, apiKey, customer } = options;
  const fetchImpl = options.fetch || globalThis.fetch;
  const now = options.now || (() => new Date());
  const headers = { authorization: `Bearer ${apiKey}` };
  let publicKeys = options.publicKeys || null;
  let snapshot = null;
  let etag = null;
  let prepared = new Map();
  let lastSecond = -1;
  let lastAt = '';

  async function loadPublicKeys() {
    const response = await fetchImpl(`${url}/v1/entitlements/signing_keys`, { headers });
    if (!response.ok) throw new Error(`fetching the signing keys answered ${response.status}`);
    publicKeys = Object.fromEntries((await response.json()).data.map((key) => [key.kid, key.public_key]));
  }

  /** Fetches the snapshot if it changed (If-None-Match); resolves to true when it did. */
  async function refresh() {
    if (!publicKeys) await loadPublicKeys();
    const response = await fetchImpl(`${url}/v1/entitlements/snapshot?customer=${encodeURIComponent(customer)}`, {
      headers: etag ? { ...headers, 'if-none-match': etag } : headers,
    });
    if (response.status === 304) return false;
    if (!response.ok) throw new Error(`fetching the entitlement snapshot answered ${response.status}: ${await response.text()}`);
    const body = await response.json();
    let payload;
    try {
      payload = verifySnapshot(body, publicKeys);
    } catch (error) {
      if (options.publicKeys) throw error;
      await loadPublicKeys(); // the server may have a new key
      payload = verifySnapshot(body, publicKeys);
    }
    snapshot = payload;
    etag = response.headers.get('etag');
    prepared = new Map();
    return true;
  }

  // The decision time: the snapshot's test clock, or now, at the whole second.
  function decisionTime() {
    if (snapshot.frozen_time) return snapshot.frozen_time;
    const ms = now().getTime();
    const second = Math.floor(ms / 1000);
    if (second !== lastSecond) {
      lastSecond = second;
      lastAt = `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
    }
    return lastAt;
  }

  function keyQuotaRefusal(key, feature, at, keyUsage, amount) {
    const quota = (key.quotas || []).find((entry) => entry.feature === feature);
    if (!quota) return null;
    const reset = quota.reset === 'billing_period' && !snapshot.request.billing ? 'never' : quota.reset;
    const request = {
      op: 'entitlements', at, plan: { features: [{ key: feature, kind: 'metered', included: quota.limit, reset }] },
      usage: (keyUsage || []).map((record) => ({ ...record, feature })), feature, amount: amount ?? '1',
    };
    if (reset !== 'never') request.billing = snapshot.request.billing || { start: '1970-01-01T00:00:00Z', interval: 'month', time_zone: 'UTC' };
    return ratecard.run(request).has_access ? null : 'key_quota_exceeded';
  }

  /**
   * May the customer use `feature` now? check.amount: units about to be used; check.assignee:
   * a seat holder; check.usage: usage records the service counted since the snapshot;
   * check.key: a key from verifyAccessKey (its scopes and quota apply; check.keyUsage: that
   * key's usage records this period).
   */
  function check(feature, { amount, assignee, usage, key, keyUsage } = {}) {
    if (!snapshot.access) return { feature, allowed: false, ...REFUSED, reason: snapshot.reason };
    const at = decisionTime();
    if (key) {
      if (!key.scopes.includes('*') && !key.scopes.includes(feature)) return { feature, allowed: false, ...REFUSED, reason: 'key_scope' };
      const refusal = keyQuotaRefusal(key, feature, at, keyUsage, amount);
      if (refusal) return { feature, allowed: false, ...REFUSED, reason: refusal };
    }
    let request = prepared.get(feature);
    if (!request) {
      request = requestForFeature(snapshot, feature);
      request.usageText = JSON.stringify(request.usage);
      prepared.set(feature, request);
    }
    let text = `${request.prefix},"at":"${at}","usage":${usage && usage.length ? JSON.stringify(request.usage.concat(usage)) : request.usageText}`;
    if (amount !== undefined) text += `,"amount":${JSON.stringify(amount)}`;
    if (assignee !== undefined) text += `,"assignee":${JSON.stringify(assignee)}`;
    const envelope = JSON.parse(ratecard.evaluateJson(`${text}}`));
    if (!envelope.ok) throw new BillingError(envelope.error);
    const result = envelope.result;
    return {
      feature, allowed: result.has_access, kind: result.kind, limit: result.limit, usage: result.usage, balance: result.balance,
      overage: result.overage, reset_at: result.next_reset_at, reason: result.reason || null,
    };
  }

  /** The access key record a presented secret belongs to, if it works now; else null. */
  function verifyAccessKey(secret) {
    const match = /^(rcak_[0-9a-z]{10})_[0-9a-z]{40}$/.exec(secret || '');
    if (!match) return null;
    const key = snapshot.access_keys.find((entry) => entry.prefix === match[1]);
    if (!key || key.revoked_at) return null;
    const presented = crypto.createHash('sha256').update(secret, 'utf8').digest();
    const stored = Buffer.from(key.secret_hash, 'hex');
    if (stored.length !== presented.length || !crypto.timingSafeEqual(stored, presented)) return null;
    if (key.expires_at && key.expires_at <= (snapshot.frozen_time ? new Date(snapshot.frozen_time) : now()).toISOString()) return null;
    return key;
  }

  await refresh();
  const interval = options.refreshIntervalMs ?? DEFAULT_REFRESH_MS;
  const timer = interval > 0 ? setInterval(() => refresh().catch(() => {}), interval) : null;
  if (timer) timer.unref();

  return {
    check,
    verifyAccessKey,
    refresh,
    /** Stops the background refresh. */
    close: () => timer && clearInterval(timer),
    get snapshot() { return snapshot; },
    get etag() { return etag; },
  };
}

module.exports = { createLocalEntitlements, verifySnapshot };
