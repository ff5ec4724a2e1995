'use strict';
// The vault's own database (database.js): a table of cards and one of bank accounts. Card
// and account numbers are kept only as AES-256-GCM ciphertext under the current key of the
// key ring (key-ring.js), bound to their token (the token is the additional authenticated
// data, so a ciphertext copied to another row does not open);
// a card's security code is never kept. A card's issuing country (issuing-countries.js) is
// kept beside its brand; cards kept before the column existed have none.
const crypto = require('node:crypto');
const { openVaultDatabase, retiredKeyIds } = require('./database');
const { createKeyRing } = require('./key-ring');
const { loadFingerprintKey } = require('./fingerprint-key');

/// Opens (creating) the vault's database at `file` with `keys`: { current, old } (32-byte keys;
/// `old` are keys replaced by a rotation, still opening what they sealed until it is re-encrypted).
function openStore(file, keys) {
  const db = openVaultDatabase(file);
  const ring = createKeyRing({ ...keys, retired: retiredKeyIds(db) });
  const fingerprintKey = loadFingerprintKey(db, ring);
  const seal = (token, number) => ring.seal(token, number);
  const open = (token, sealed) => ring.open(token, sealed);

  // A token is 32 random hex digits, drawn again while they hold 13 decimal digits in a row,
  // so no token can pass for a card number in the card-data scans of Ratecard's tables and logs.
  const newToken = (prefix) => {
    for (;;) {
      const hex = crypto.randomBytes(16).toString('hex');
      if (!/[0-9]{13}/.test(hex)) return `${prefix}${hex}`;
    }
  };
  const fingerprint = (text) => crypto.createHmac('sha256', fingerprintKey).update(text).digest('base64url').slice(0, 22);
  const insertAccount = db.prepare(`insert into bank_accounts values (@token, @account_number_ciphertext, @routing_number, @last4,
    @holder_name, @holder_type, @fingerprint, @created_at)`);
  const selectAccount = db.prepare('select * from bank_accounts where token = ?');
  const removeAccount = db.prepare('delete from bank_accounts where token = ?');
  const describeAccount = (row) => row && ({
    token: row.token, routing_number: row.routing_number, last4: row.last4, account_holder_name: row.holder_name,
    account_holder_type: row.holder_type, fingerprint: row.fingerprint, created_at: row.created_at,
  });
  const isAccount = (token) => String(token).startsWith('btok_');
  const insert = db.prepare(`insert into cards (token, number_ciphertext, brand, last4, exp_month, exp_year, fingerprint, created_at, issuing_country)
    values (@token, @number_ciphertext, @brand, @last4, @exp_month, @exp_year, @fingerprint, @created_at, @issuing_country)`);
  const select = db.prepare('select * from cards where token = ?');
  const remove = db.prepare('delete from cards where token = ?');
  const describe = (row) => row && ({
    token: row.token, brand: row.brand, last4: row.last4, country: row.issuing_country, exp_month: row.exp_month, exp_year: row.exp_year,
    fingerprint: row.fingerprint, created_at: row.created_at,
  });

  return {
    /// Keeps a checked card; returns its description (never the number).
    save(card, now) {
      const token = newToken('tok_');
      const row = {
        token, number_ciphertext: seal(token, card.number), brand: card.brand, last4: card.last4,
        issuing_country: card.country, exp_month: card.exp_month, exp_year: card.exp_year,
        fingerprint: fingerprint(card.number),
        created_at: now.toISOString(),
      };
      insert.run(row);
      return describe(row);
    },
    /// Keeps a checked bank account; returns its description (never the account number).
    saveBankAccount(account, now) {
      const token = newToken('btok_');
      const row = {
        token, account_number_ciphertext: seal(token, account.account_number), routing_number: account.routing_number,
        last4: account.last4, holder_name: account.holder_name, holder_type: account.holder_type,
        fingerprint: fingerprint(`${account.routing_number}/${account.account_number}`), created_at: now.toISOString(),
      };
      insertAccount.run(row);
      return describeAccount(row);
    },
    describe: (token) => (isAccount(token) ? describeAccount(selectAccount.get(token)) : describe(select.get(token))),
    /// What a gateway needs, for forwarding only: { card } or { bank_account }, or null.
    reveal(token) {
      if (isAccount(token)) {
        const row = selectAccount.get(token);
        return row && { bank_account: { routing_number: row.routing_number, account_number: open(token, row.account_number_ciphertext) } };
      }
      const row = select.get(token);
      return row && { card: { number: open(token, row.number_ciphertext), exp_month: row.exp_month, exp_year: row.exp_year } };
    },
    remove: (token) => (isAccount(token) ? removeAccount : remove).run(token).changes > 0,
    close: () => db.close(),
  };
}

module.exports = { openStore };
