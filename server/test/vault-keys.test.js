'use strict';
// Rotating the card vault's encryption key (server/vault/rotation.js, keys-cli.js): old
// records stay readable, the re-encryption command survives a SIGKILL mid-way, and a key is
// retired only once no record uses it. The vault keeps its own SQLite file, so this runs once.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { openStore } = require('../vault/store');
const { openVaultDatabase } = require('../vault/database');
const { keyIdOf } = require('../vault/key-ring');
const { keyUsage } = require('../vault/rotation');

const CLI = path.join(__dirname, '..', 'vault', 'keys-cli.js');
const LEGACY_CARDS = 1200;
const NOW = new Date('2026-03-01T00:00:00.000Z');

const newKey = () => crypto.randomBytes(32);
const cardNumber = (i) => `4000${String(i).padStart(12, '0')}`;
const card = (number) => ({ number, brand: 'visa', last4: number.slice(-4), country: 'US', exp_month: 12, exp_year: 2030 });

// A card as the vault kept it before key ids: "v1.<iv>.<ciphertext>.<tag>", no fingerprint key stored.
function insertLegacyCards(file, key, count) {
  const db = openVaultDatabase(file);
  const insert = db.prepare(`insert into cards (token, number_ciphertext, brand, last4, exp_month, exp_year, fingerprint, created_at)
    values (?, ?, 'visa', ?, 12, 2030, ?, ?)`);
  const fingerprintKey = crypto.createHmac('sha256', key).update('ratecard-vault fingerprint').digest();
  const tokens = [];
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const token = `tok_${crypto.randomBytes(16).toString('hex').replace(/[0-9]/g, 'a')}`;
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(token));
      const ciphertext = Buffer.concat([cipher.update(cardNumber(i), 'utf8'), cipher.final()]);
      const sealed = ['v1', iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
      const fingerprint = crypto.createHmac('sha256', fingerprintKey).update(cardNumber(i)).digest('base64url').slice(0, 22);
      insert.run(token, sealed, cardNumber(i).slice(-4), fingerprint, NOW.toISOString());
      tokens.push(token);
    }
  })();
  db.close();
  return tokens;
}

// Runs the rotation command; `onLine(line, child)` hears each line it prints.
function runCli(file, keys, args, onLine = () => {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: {
      ...process.env, VAULT_DB_FILE: file, VAULT_ENCRYPTION_KEY: keys.current.toString('base64'),
      VAULT_ENCRYPTION_OLD_KEYS: keys.old.map((key) => key.toString('base64')).join(','),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) onLine(line, child);
  });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

function usageOf(file) {
  const db = openVaultDatabase(file);
  try {
    return keyUsage(db);
  } finally {
    db.close();
  }
}

describe('vault encryption key rotation', () => {
  it('reads the records of an old key, keeps fingerprints, and seals new records under the new key with its id', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-vault-keys-')), 'vault.sqlite');
    const [oldKey, key] = [newKey(), newKey()];
    const [legacyToken] = insertLegacyCards(file, oldKey, 1);
    let store = openStore(file, { current: oldKey, old: [] });
    const before = store.save(card('4242424242424242'), NOW);
    store.close();

    store = openStore(file, { current: key, old: [oldKey] });
    try {
      assert.equal(store.reveal(legacyToken).card.number, cardNumber(0));
      assert.equal(store.reveal(before.token).card.number, '4242424242424242');
      const after = store.save(card('4242424242424242'), NOW);
      assert.equal(after.fingerprint, before.fingerprint, 'the same card keeps its fingerprint across a rotation');
      const usage = usageOf(file);
      assert.equal(usage.legacy, 1);
      assert.equal(usage[keyIdOf(oldKey)], 2, 'the card and the fingerprint key sealed under the old key');
      assert.equal(usage[keyIdOf(key)], 1);
    } finally {
      store.close();
    }
    // Without the old key, before the re-encryption, the vault does not start, and says which key it lacks.
    assert.throws(() => openStore(file, { current: key, old: [] }), new RegExp(`encryption key ${keyIdOf(oldKey)}, which is not configured`));
  });

  it('re-encrypts in batches, survives a SIGKILL mid-way, and retires the old key only once nothing uses it', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-vault-keys-')), 'vault.sqlite');
    const [oldKey, key] = [newKey(), newKey()];
    const tokens = insertLegacyCards(file, oldKey, LEGACY_CARDS);
    const oldStore = openStore(file, { current: oldKey, old: [] });
    const account = oldStore.saveBankAccount({ routing_number: '110000000', account_number: '000123456789', last4: '6789', holder_name: 'Ada', holder_type: 'individual' }, NOW);
    oldStore.close();
    const total = LEGACY_CARDS + 2; // the cards, the bank account and the fingerprint key
    const keys = { current: key, old: [oldKey] };

    // Killed once its first batch is reported.
    const killed = await runCli(file, keys, ['reencrypt', '--batch-size', '5'], (line, child) => {
      if (/re-encrypted \d+ of/.test(line)) child.kill('SIGKILL');
    });
    assert.equal(killed.signal, 'SIGKILL', killed.stdout + killed.stderr);
    let usage = usageOf(file);
    assert.ok(usage[keyIdOf(key)] >= 5 && usage[keyIdOf(key)] < total, `killed mid-way: ${JSON.stringify(usage)}`);
    assert.equal(Object.values(usage).reduce((sum, n) => sum + n, 0), total, 'no record lost or duplicated');

    const refused = await runCli(file, keys, ['retire', keyIdOf(oldKey)]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /may still seal \d+ record/);

    // Half-rotated, every record opens to what was kept.
    let store = openStore(file, keys);
    tokens.forEach((token, i) => assert.equal(store.reveal(token).card.number, cardNumber(i)));
    store.close();

    const finished = await runCli(file, keys, ['reencrypt', '--batch-size', '50']);
    assert.equal(finished.code, 0, finished.stderr);
    assert.match(finished.stdout, /re-encrypted \d+ of \d+ record\(s\) \(100 %\)/);
    usage = usageOf(file);
    assert.deepEqual(usage, { [keyIdOf(key)]: total });

    const retired = await runCli(file, keys, ['retire', keyIdOf(oldKey)]);
    assert.equal(retired.code, 0, retired.stderr);
    assert.equal((await runCli(file, keys, ['retire', keyIdOf(key)])).code, 1, 'the current key cannot be retired');

    // Only the new key now: every record opens, each exactly once re-encrypted (its plaintext intact).
    store = openStore(file, { current: key, old: [] });
    try {
      tokens.forEach((token, i) => assert.equal(store.reveal(token).card.number, cardNumber(i)));
      assert.equal(store.reveal(account.token).bank_account.account_number, '000123456789');
      assert.equal(store.save(card(cardNumber(7)), NOW).fingerprint, insertLegacyFingerprint(oldKey, cardNumber(7)), 'fingerprints survive the rotation');
    } finally {
      store.close();
    }
    assert.throws(() => openStore(file, { current: oldKey, old: [] }), /was retired/);
  });

  it('refuses a bad batch size or key id and changes nothing', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-vault-keys-')), 'vault.sqlite');
    const keys = { current: newKey(), old: [] };
    for (const args of [['reencrypt', '--batch-size', '0'], ['reencrypt', '--batch-size', '1.5'], ['retire', 'nothex!!'], ['rotate']]) {
      const result = await runCli(file, keys, args);
      assert.equal(result.code, 1, args.join(' '));
      assert.match(result.stderr, /usage: npm run vault-keys/);
      assert.equal(fs.existsSync(file), false, 'nothing was opened or created');
    }
    const status = await runCli(file, keys, ['status']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`current key ${keyIdOf(keys.current)}`));
  });
});

function insertLegacyFingerprint(key, number) {
  const fingerprintKey = crypto.createHmac('sha256', key).update('ratecard-vault fingerprint').digest();
  return crypto.createHmac('sha256', fingerprintKey).update(number).digest('base64url').slice(0, 22);
}
