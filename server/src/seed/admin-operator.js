'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { randomSecret, newId } = require('../ids');
const { toInstant } = require('../time');
const { hashPassword, verifyPassword } = require('../operators/passwords');
const { ensurePrivateDirectory } = require('../db/private-files');

/// The demo's first dashboard operator (an admin) that `npm start` creates with demo data.
const DEMO_OPERATOR_EMAIL = 'admin@ratecard.localhost';
const FILE = 'admin-operator.txt';

/// The demo admin operator: its email and password are kept in `<dataDir>/admin-operator.txt`
/// (mode 0600; the database has the argon2id hash), like the bootstrap admin key.
/// - The file's password signs in: it is used.
/// - Otherwise (no file, or a password that no longer works) the operator gets a new random
///   password, written to the file (the operator is created when missing).
/// Returns { email, password, file, created }.
async function ensureAdminOperator({ db }, dataDir, now) {
  const file = path.join(dataDir, FILE);
  const existing = readFile(file);
  const operator = await db.selectFrom('operators').selectAll().where('email', '=', DEMO_OPERATOR_EMAIL).executeTakeFirst();
  if (existing && operator && await verifyPassword(operator.password_hash, existing.password)) {
    return { email: DEMO_OPERATOR_EMAIL, password: existing.password, file, created: false };
  }
  const password = randomSecret(24).slice(0, 24);
  const passwordHash = await hashPassword(password);
  if (operator) {
    await db.updateTable('operators').set({ password_hash: passwordHash, accepted_at: operator.accepted_at ?? toInstant(now), invitation_hash: null, invitation_expires_at: null })
      .where('id', '=', operator.id).execute();
  } else {
    await db.insertInto('operators').values({
      id: newId('opr'), email: DEMO_OPERATOR_EMAIL, name: 'Demo admin', role: 'admin', password_hash: passwordHash,
      invitation_hash: null, invitation_expires_at: null, invited_by: null, created_at: toInstant(now), accepted_at: toInstant(now),
    }).execute();
  }
  writeFile(dataDir, file, `${DEMO_OPERATOR_EMAIL}\n${password}\n`);
  return { email: DEMO_OPERATOR_EMAIL, password, file, created: true };
}

function readFile(file) {
  try {
    const [email, password] = fs.readFileSync(file, 'utf8').split('\n').map((line) => line.trim());
    return email === DEMO_OPERATOR_EMAIL && password ? { password } : null;
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
}

// Written whole or not at all: a temporary file renamed over the old one.
function writeFile(dataDir, file, text) {
  ensurePrivateDirectory(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text, { mode: 0o600 });
  fs.chmodSync(temporary, 0o600);
  fs.renameSync(temporary, file);
}

module.exports = { ensureAdminOperator, DEMO_OPERATOR_EMAIL };
