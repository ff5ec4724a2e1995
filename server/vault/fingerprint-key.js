'use strict';
// The key of the vault's card and account fingerprints (an HMAC, so a copy of the database
// cannot be searched for a known number). It was first derived from the encryption key; so that
// a key rotation leaves every fingerprint as it was (Ratecard's server compares them), it is
// kept in `vault_meta`, sealed like a card number, and moved to each new key with the records.
const crypto = require('node:crypto');

const NAME = 'fingerprint_key';
/// The authenticated context of a sealed `vault_meta` value.
const metaContext = (name) => `vault_meta:${name}`;

/// The fingerprint key of the database `db` under `ring` (key-ring.js): the stored one; the
/// first time, derived as before from the key that sealed the existing records (the current
/// key for an empty vault) and stored.
function loadFingerprintKey(db, ring) {
  const stored = () => db.prepare('select sealed_value from vault_meta where name = ?').get(NAME);
  if (!stored()) {
    const legacy = db.prepare('select token, number_ciphertext as sealed from cards limit 1').get()
      || db.prepare('select token, account_number_ciphertext as sealed from bank_accounts limit 1').get();
    const baseKey = legacy ? ring.keyOpening(legacy.token, legacy.sealed) : ring.current;
    if (!baseKey) throw new Error('no configured encryption key opens the vault\'s records (VAULT_ENCRYPTION_KEY, VAULT_ENCRYPTION_OLD_KEYS)');
    const key = crypto.createHmac('sha256', baseKey).update('ratecard-vault fingerprint').digest();
    // Another process opening the same file at once may have stored it first: theirs stands.
    db.prepare('insert or ignore into vault_meta (name, sealed_value) values (?, ?)').run(NAME, ring.seal(metaContext(NAME), key.toString('base64')));
  }
  return Buffer.from(ring.open(metaContext(NAME), stored().sealed_value), 'base64');
}

module.exports = { loadFingerprintKey, metaContext };
