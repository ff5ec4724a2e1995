'use strict';
const { ApiError } = require('../http/errors');
const { toInstant } = require('../time');
const { parseCredential, matchesHash, KINDS } = require('./credentials');
const { roleAllows } = require('./roles');
const { findLivePortalSession } = require('./portal-sessions');

const USAGE_WRITE_INTERVAL_MS = 60 * 1000;
const BEARER = 'Bearer ';
/// "<kind>_<10-char id>": the public prefix a credential starts with (credentials.js).
const CREDENTIAL_PREFIX_LENGTH = 15;

/// Who is calling: an API key ({kind: 'api_key', role}), a portal session
/// ({kind: 'portal', customerId}) or an invoice's hosted link ({kind: 'invoice_link', invoiceId,
/// customerId}: that one invoice, invoicing/invoice-links.js). Throws UNAUTHENTICATED for a
/// missing, malformed, unknown, revoked or expired credential, without saying which. With
/// `keyCache` (key-cache.js), an API key read recently is not read again.
async function authenticate(db, authorization, now, { keyCache = null } = {}) {
  const match = /^Bearer (\S+)$/.exec(authorization || '');
  if (!match) throw new ApiError('UNAUTHENTICATED', 'send a secret API key or portal token as "Authorization: Bearer <key>"');
  const credential = parseCredential(match[1]);
  if (!credential) throw refused();

  if (credential.kind === KINDS.apiKey || credential.kind === KINDS.publishableKey) {
    const key = keyCache ? await keyCache.get(credential.prefix, () => readKey(db, credential.prefix)) : await readKey(db, credential.prefix);
    if (!key || key.revoked_at || !matchesHash(match[1], key.secret_hash)) throw refused();
    if (keyCache) verifiedSecrets.set(key, new Set([match[1]]));
    if (useToRecord(key, now)) await recordUse(db, key, now);
    return apiKeyPrincipal(key);
  }

  if (credential.kind === KINDS.invoiceLink) {
    const link = await db.selectFrom('invoice_links').selectAll().where('prefix', '=', credential.prefix).executeTakeFirst();
    if (!link || !matchesHash(match[1], link.token_hash)) throw refused();
    return { kind: 'invoice_link', id: link.invoice_id, invoiceId: link.invoice_id, customerId: link.customer_id, scope: `invoice_link:${link.invoice_id}` };
  }

  const session = await findLivePortalSession(db, match[1], now);
  if (!session) throw refused();
  return { kind: 'portal', id: session.id, customerId: session.customer_id, scope: `portal:${session.id}` };
}

// Built only when refusing: an error captures a stack trace, too dear for every request.
const refused = () => new ApiError('UNAUTHENTICATED', 'the credential is not valid');

const readKey = (db, prefix) => db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).executeTakeFirst();

const apiKeyPrincipal = (key) => ({ kind: 'api_key', id: key.id, role: key.role, scope: `api_key:${key.id}` });

// The secret each cached key row was last presented with and matched (a set of one), kept with
// the row: the key cache replaces the row when it reads the key again and drops it when the
// key is revoked, and the secret goes with it. A presented secret is looked up by its hash in
// the set, not compared character by character with the one kept.
const verifiedSecrets = new WeakMap();

/// The principal of an API key this process has cached and seen presented with the same secret,
/// decided at once without hashing it (the hot path of every request of a busy client); null
/// when that is not known, or the key's use is due to be written: authenticate() decides then.
function knownApiKeyPrincipal(db, authorization, now, keyCache) {
  if (typeof authorization !== 'string' || !authorization.startsWith(BEARER)) return null;
  const secret = authorization.slice(BEARER.length);
  const prefix = secret.slice(0, CREDENTIAL_PREFIX_LENGTH);
  const key = keyCache.cached(prefix, () => readKey(db, prefix));
  if (!key || key.revoked_at || !verifiedSecrets.get(key)?.has(secret) || useToRecord(key, now)) return null;
  return apiKeyPrincipal(key);
}

// last_used_at is informational: write it at most once a minute per key (and per process, the
// key's row being cached). The time it says is read once per row.
const lastUsedAt = new WeakMap();
function useToRecord(key, now) {
  if (!key.last_used_at) return true;
  let at = lastUsedAt.get(key);
  if (at === undefined) {
    at = new Date(key.last_used_at).getTime();
    lastUsedAt.set(key, at);
  }
  return now.getTime() - at >= USAGE_WRITE_INTERVAL_MS;
}

async function recordUse(db, key, now) {
  key.last_used_at = toInstant(now);
  lastUsedAt.set(key, now.getTime());
  await db.updateTable('api_keys').set({ last_used_at: key.last_used_at }).where('id', '=', key.id).execute();
}

/// Whether the principal may call a route with this config ({permission, portal, invoiceLink}).
/// An invoice's hosted link passes only routes declaring `invoiceLink: true`, and only it does;
/// API keys and operators (dashboard sessions) pass by their role; portal sessions pass only
/// routes that declare a portal scope; ownership of the object is then checked before the
/// handler (see ownership.js).
function authorize(principal, routeConfig) {
  if (routeConfig.invoiceLink || principal.kind === 'invoice_link') return Boolean(routeConfig.invoiceLink) && principal.kind === 'invoice_link';
  if (principal.kind === 'api_key' || principal.kind === 'operator') return roleAllows(principal.role, routeConfig.permission);
  return Boolean(routeConfig.portal);
}

module.exports = { authenticate, knownApiKeyPrincipal, authorize };
