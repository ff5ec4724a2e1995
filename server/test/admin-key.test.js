'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { openDatabase } = require('../src/db/database');
const { migrateToLatest } = require('../src/db/migrate');
const { authenticate } = require('../src/auth/authenticate');

const PROCESS = path.join(__dirname, 'support', 'admin-key-process.js');

// The bootstrap admin key of `npm start`, from separate processes as real starts would be.
for (const backend of BACKENDS) {
  describe(`bootstrap admin key [${backend}]`, () => {
    let target;
    let database;
    let dataDir;
    before(async () => {
      target = await createTestDatabase(backend);
      database = openDatabase(target);
      await migrateToLatest(database.db);
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-admin-key-'));
    });
    after(async () => {
      await database.destroy();
      await target.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const start = (dir = dataDir) => new Promise((resolve, reject) => {
      const env = { ...process.env, DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '', RATECARD_DATA_DIR: dir };
      execFile(process.execPath, [PROCESS], { env }, (error, stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(JSON.parse(stdout))));
    });
    const works = async (key) => {
      try {
        return (await authenticate(database.db, `Bearer ${key}`, new Date())).role === 'admin';
      } catch {
        return false;
      }
    };
    const keyFile = (dir = dataDir) => fs.readFileSync(path.join(dir, 'admin-key.txt'), 'utf8').trim();

    it('two processes starting together print the same working key', async () => {
      const [first, second] = await Promise.all([start(), start()]);
      assert.equal(first.key, second.key);
      assert.deepEqual([first.created, second.created].sort(), [false, true], 'one created it, the other read it');
      assert.equal(keyFile(), first.key);
      assert.ok(await works(first.key));
      const bootstrap = await database.db.selectFrom('api_keys').selectAll().where('bootstrap', '=', 1).execute();
      assert.equal(bootstrap.length, 1);
    });

    it('a start without the key file creates a key and revokes none (another data directory keeps its key)', async () => {
      const original = keyFile();
      const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-admin-key-'));
      try {
        const other = await start(otherDir);
        assert.equal(other.created, true);
        assert.notEqual(other.key, original);
        assert.ok(await works(other.key));
        assert.ok(await works(original), 'the first data directory\'s key still works');
        const again = await start();
        assert.equal(again.key, original);
      } finally {
        fs.rmSync(otherDir, { recursive: true, force: true });
      }
    });

    it('a key file whose key no longer works rotates every bootstrap key', async () => {
      const old = keyFile();
      fs.writeFileSync(path.join(dataDir, 'admin-key.txt'), '\n');
      const rotated = await start();
      assert.equal(rotated.created, true);
      assert.ok(await works(rotated.key));
      assert.equal(await works(old), false, 'the old bootstrap key is revoked');
      const live = await database.db.selectFrom('api_keys').select('id').where('bootstrap', '=', 1).where('revoked_at', 'is', null).execute();
      assert.equal(live.length, 1, 'only the new bootstrap key works');
      // Each revoked key has its event, which drops it from the key cache of running servers.
      const oldKey = await database.db.selectFrom('api_keys').select('id').where('prefix', '=', old.split('_').slice(0, 2).join('_')).executeTakeFirstOrThrow();
      const events = await database.db.selectFrom('events').select('object_id').where('type', '=', 'api_key.revoked').execute();
      assert.ok(events.some((event) => event.object_id === oldKey.id), 'the old key\'s revocation is an outbox event');
      assert.equal(keyFile(), rotated.key);
      assert.equal(fs.statSync(path.join(dataDir, 'admin-key.txt')).mode & 0o777, 0o600);
    });
  });
}
