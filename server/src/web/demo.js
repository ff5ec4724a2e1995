'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createApiKey } = require('../auth/api-keys');
const { authenticate } = require('../auth/authenticate');
const { createPortalSession, presentPortalSession } = require('../auth/portal-sessions');
const { recordEvent } = require('../outbox/outbox');
const { DEMO_DATA, DEMO_PORTAL_CUSTOMER } = require('../seed/demo-catalog');
const PUBLISHABLE_KEY_FILE = 'publishable-key.txt';

/// The publishable key of the demo checkout links: kept in the data directory beside the admin
/// key (it is public by nature: it may only create checkout sessions), created when missing or
/// no longer valid.
async function demoPublishableKey(services) {
  const { db, clock, config } = services;
  const file = path.join(config.dataDir, PUBLISHABLE_KEY_FILE);
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
  if (existing) {
    try {
      await authenticate(db, `Bearer ${existing}`, clock.now());
      return existing;
    } catch {
      // revoked or from another database: make a new one
    }
  }
  const { secret } = await createApiKey(db, { name: 'demo checkout links', role: 'publishable' }, clock.now());
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/// The start page's links: each active demo plan's public checkout link.
async function demoLinks(services) {
  const codes = DEMO_DATA.plans.map((plan) => plan.code);
  const rows = await services.db.selectFrom('plans').select(['code', 'name']).where('code', 'in', codes).where('active', '=', 1).execute();
  const byCode = new Map(rows.map((row) => [row.code, row]));
  const key = rows.length ? await demoPublishableKey(services) : null;
  const plans = codes.filter((code) => byCode.has(code)).map((code) => ({
    code, name: byCode.get(code).name, checkout_url: `/checkout/${encodeURIComponent(code)}#key=${key}`,
  }));
  const customer = await demoPortalCustomer(services.db);
  return { plans, portal: Boolean(customer) };
}

async function demoPortalCustomer(db) {
  return db.selectFrom('customers').select('id').where('external_id', '=', DEMO_PORTAL_CUSTOMER).executeTakeFirst();
}

/// A fresh portal session for the demo customer, created in `trx` (the request's transaction,
/// which also writes its audit entry) with its portal_session.created event: { url } with the token in the fragment (never sent to a
/// server or written to a log), or null without demo data.
async function demoPortalSession(services, trx) {
  const customer = await demoPortalCustomer(trx);
  if (!customer) return null;
  const now = services.clock.now();
  const { record, token } = await createPortalSession(trx, { customer: customer.id, return_url: null }, now);
  await recordEvent(trx, { type: 'portal_session.created', object: presentPortalSession(record), customerId: customer.id }, now);
  return { url: `/portal#token=${token}` };
}

module.exports = { demoLinks, demoPortalSession };
