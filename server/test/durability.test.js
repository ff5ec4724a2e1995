'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { sql } = require('kysely');
const { createTestDatabase } = require('./support/harness');
const { openDatabase } = require('../src/db/database');
const { migrateToLatest } = require('../src/db/migrate');
const { ensureAdminKey } = require('../src/seed/admin-key');
const { sealSecret } = require('../src/secrets/secret-box');

const modeOf = (file) => fs.statSync(file).mode & 0o777;
const pragma = async (db, name) => Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0])[0];

describe('SQLite durability and file modes', () => {
  let dir;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-durability-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the data directory 0700 and the database file 0600, and the WAL files follow', async () => {
    const file = path.join(dir, 'data', 'nested', 'ratecard.sqlite');
    const database = openDatabase({ sqliteFile: file });
    await migrateToLatest(database.db);
    assert.equal(modeOf(path.join(dir, 'data')), 0o700);
    assert.equal(modeOf(path.dirname(file)), 0o700);
    assert.equal(modeOf(file), 0o600);
    assert.equal(modeOf(`${file}-wal`), 0o600);
    await database.destroy();
  });

  it('narrows an existing database file to 0600', async () => {
    const file = path.join(dir, 'loose.sqlite');
    fs.writeFileSync(file, '', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const database = openDatabase({ sqliteFile: file });
    assert.equal(modeOf(file), 0o600);
    await database.destroy();
  });

  it('syncs every commit (WAL, synchronous FULL), also when the file is opened again, and waits for locks', async () => {
    const file = path.join(dir, 'sync.sqlite');
    for (let open = 0; open < 2; open += 1) {
      const database = openDatabase({ sqliteFile: file });
      await migrateToLatest(database.db);
      assert.equal(await pragma(database.db, 'journal_mode'), 'wal');
      assert.equal(Number(await pragma(database.db, 'synchronous')), 2, 'FULL');
      assert.equal(Number(await pragma(database.db, 'busy_timeout')), 5000);
      await database.destroy();
    }
    const normal = openDatabase({ sqliteFile: file, sqliteSynchronous: 'NORMAL' });
    assert.equal(Number(await pragma(normal.db, 'synchronous')), 1, 'NORMAL when asked for');
    await normal.destroy();
    assert.throws(() => openDatabase({ sqliteFile: file, sqliteSynchronous: 'OFF' }), /FULL, NORMAL/);
  });

  it('creates the data directory of the admin key 0700', async () => {
    const dataDir = path.join(dir, 'keys', 'data');
    const database = openDatabase({ sqliteFile: path.join(dir, 'keys.sqlite') });
    await migrateToLatest(database.db);
    const admin = await ensureAdminKey({ db: database.db, dialect: 'sqlite' }, dataDir, new Date());
    assert.equal(modeOf(dataDir), 0o700);
    assert.equal(modeOf(admin.file), 0o600);
    await database.destroy();
  });
});

describe('encryption key file', () => {
  it('creates the data directory of a generated encryption key 0700 (as on PostgreSQL, with no SQLite file there)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-key-'));
    try {
      const dataDir = path.join(dir, 'data');
      sealSecret({ dataDir, encryptionKey: null, encryptionOldKeys: [] }, 'whsec_x', 'test');
      assert.equal(modeOf(dataDir), 0o700);
      assert.equal(modeOf(path.join(dataDir, 'encryption-key')), 0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PostgreSQL durability', () => {
  it('leaves synchronous_commit on: a commit is acknowledged once it is on disk', async () => {
    const target = await createTestDatabase('postgres');
    const database = openDatabase(target);
    try {
      await migrateToLatest(database.db);
      const { rows } = await sql`show synchronous_commit`.execute(database.db);
      assert.equal(rows[0].synchronous_commit, 'on');
    } finally {
      await database.destroy();
      await target.drop();
    }
  });
});
