'use strict';
// Test servers on a fresh database each: a temporary SQLite file, or a new database on the
// PostgreSQL that test/run.js started (RATECARD_TEST_POSTGRES_URL).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { Writable } = require('node:stream');
const { createServer } = require('../../src/server');
const { loadConfig } = require('../../src/config');
const { createApiKey } = require('../../src/auth/api-keys');
const { ROLES } = require('../../src/auth/roles');

const BACKENDS = ['sqlite', 'postgres'];

function postgresAdminUrl() {
  const url = process.env.RATECARD_TEST_POSTGRES_URL;
  if (!url) throw new Error('RATECARD_TEST_POSTGRES_URL is not set: run the server tests with `bash server/test/run.sh` (npm test does)');
  return url;
}

/// A new, empty database for `backend`: { databaseUrl, sqliteFile, drop }.
async function createTestDatabase(backend) {
  if (backend === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-sqlite-'));
    return { databaseUrl: null, sqliteFile: path.join(dir, 'test.sqlite'), drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const { Client } = require('pg');
  const name = `rc_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    sqliteFile: null,
    drop: async () => {
      const client = new Client({ connectionString: postgresAdminUrl() });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/// A clock tests can set: { now(), set(isoText), advance(ms) }.
function manualClock(start = '2026-01-15T12:00:00.000Z') {
  let current = new Date(start);
  return {
    now: () => new Date(current.getTime()),
    set: (text) => { current = new Date(text); },
    advance: (ms) => { current = new Date(current.getTime() + ms); },
  };
}

/// Collects every log line the server writes, for tests that read the logs.
function logCollector() {
  const lines = [];
  const stream = new Writable({
    write(chunk, encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines, text: () => lines.join('\n') };
}

/// Starts an app (not listening) on a fresh database with one API key per role, configured as
/// `npm start` is by default (src/config.js) except that mail goes to a development mail log in a
/// fresh directory (`config.mailDir`), webhook secrets are sealed with a fresh key and webhooks
/// may reach 127.0.0.1; `config` overrides settings.
/// Returns { app, services, worker, keys: { admin, billing, support, provisioning }, call, close }.
async function startTestServer(backend, { clock, logStream, logLevel = 'silent', config: overrides = {} } = {}) {
  const database = await createTestDatabase(backend);
  const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-mail-'));
  const config = {
    ...loadConfig({}), databaseUrl: database.databaseUrl, sqliteFile: database.sqliteFile, logLevel,
    workerPollMs: 50, dataDir: path.dirname(database.sqliteFile || os.tmpdir()),
    mailFrom: 'Ratecard Test <billing@ratecard.test>', mailDir, smtpUrl: null,
    encryptionKey: crypto.randomBytes(32).toString('base64'), webhookAllowPrivateUrls: true,
    autoBilling: false, // tests bill through POST /v1/billing_runs, at the moments they choose
    ...overrides,
  };
  const server = await createServer(config, { clock, logStream });
  const keys = {};
  for (const role of ROLES) {
    keys[role] = (await createApiKey(server.services.db, { name: `test ${role}`, role }, server.services.clock.now())).secret;
  }
  const call = (method, url, { key = keys.admin, body, headers = {}, remoteAddress } = {}) => request(server.app, method, url, { key, body, headers, remoteAddress });
  return {
    ...server,
    backend,
    keys,
    call,
    close: async () => {
      await server.close();
      await database.drop();
      fs.rmSync(mailDir, { recursive: true, force: true });
    },
  };
}

/// One HTTP request through app.inject: { status, body (parsed JSON or text), headers }.
async function request(app, method, url, { key, body, headers = {}, remoteAddress } = {}) {
  const response = await app.inject({
    method,
    url,
    ...(remoteAddress ? { remoteAddress } : {}),
    payload: body === undefined ? undefined : body,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
  });
  let parsed = response.body;
  if ((response.headers['content-type'] || '').includes('json') && response.body) parsed = JSON.parse(response.body);
  return { status: response.statusCode, body: parsed, headers: response.headers };
}

module.exports = { BACKENDS, startTestServer, createTestDatabase, manualClock, logCollector, request, postgresAdminUrl };
