'use strict';
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { KINDS, newCredential, credentialPrefix, hashSecret } = require('../auth/credentials');
const { ApiError, notFound } = require('../http/errors');
const { revokeAllSessions } = require('./sessions');

/// How long an invitation can be accepted.
const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

/// Emails are kept trimmed and in lower case: one account per address, however it is typed.
const normalizeEmail = (email) => email.trim().toLowerCase();

/// Invites an operator: a row without a password and a one-time invitation token (returned
/// here only; the database keeps its hash). CONFLICT at /email when the address has an account.
/// Returns { record, token }.
async function inviteOperator(trx, { email, name, role, invitedBy }, now) {
  const address = normalizeEmail(email);
  const existing = await trx.selectFrom('operators').select('id').where('email', '=', address).executeTakeFirst();
  if (existing) throw new ApiError('CONFLICT', `an operator with the email "${address}" exists already`, '/email');
  const { secret, hash } = newCredential(KINDS.operatorInvitation);
  const createdAt = toInstant(now);
  const record = {
    id: newId('opr'),
    email: address,
    name: name ?? null,
    role,
    password_hash: null,
    invitation_hash: hash,
    invitation_expires_at: addMilliseconds(createdAt, INVITATION_TTL_MS),
    invited_by: invitedBy ?? null,
    created_at: createdAt,
    accepted_at: null,
  };
  await trx.insertInto('operators').values(record).execute();
  return { record, token: secret };
}

/// Accepts an invitation: sets the password (an argon2id hash made by the caller) and spends
/// the token. UNAUTHENTICATED for a malformed, unknown, spent or expired token, without saying
/// which. Returns the operator's row.
async function acceptInvitation(trx, token, passwordHash, now) {
  const refused = () => new ApiError('UNAUTHENTICATED', 'the invitation is not valid: it may have been used or have expired', '/token');
  if (!credentialPrefix(token, KINDS.operatorInvitation)) throw refused();
  const operator = await trx.selectFrom('operators').selectAll().where('invitation_hash', '=', hashSecret(token)).executeTakeFirst();
  if (!operator || operator.invitation_expires_at <= toInstant(now)) throw refused();
  const accepted = { ...operator, password_hash: passwordHash, invitation_hash: null, invitation_expires_at: null, accepted_at: toInstant(now) };
  const result = await trx.updateTable('operators')
    .set({ password_hash: passwordHash, invitation_hash: null, invitation_expires_at: null, accepted_at: accepted.accepted_at })
    .where('id', '=', operator.id).where('invitation_hash', '=', operator.invitation_hash).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw refused(); // accepted meanwhile by another request
  return accepted;
}

/// Disables an operator for good: no sign-in, no session (every live one ends now). An operator
/// cannot disable itself (INVALID_STATE), nor one disabled already. Returns the disabled row.
async function disableOperator(trx, id, { by }, now) {
  const operator = await findOperator(trx, id);
  if (operator.disabled_at) throw new ApiError('INVALID_STATE', 'the operator is disabled already');
  if (by === operator.id) throw new ApiError('INVALID_STATE', 'an operator cannot disable itself; ask another admin');
  const disabledAt = toInstant(now);
  await trx.updateTable('operators').set({ disabled_at: disabledAt, invitation_hash: null, invitation_expires_at: null }).where('id', '=', id).execute();
  await revokeAllSessions(trx, id, now);
  return { ...operator, disabled_at: disabledAt, invitation_hash: null, invitation_expires_at: null };
}

async function findOperator(executor, id) {
  const operator = await executor.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
  if (!operator) throw notFound('operator', id);
  return operator;
}

/// The API object of an operator: never its password hash or invitation.
function presentOperator(row) {
  return {
    id: row.id,
    object: 'operator',
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.disabled_at ? 'disabled' : row.accepted_at ? 'active' : 'invited',
    invited_by: row.invited_by,
    created_at: row.created_at,
    accepted_at: row.accepted_at,
    invitation_expires_at: row.invitation_expires_at,
    disabled_at: row.disabled_at ?? null,
  };
}

module.exports = { inviteOperator, acceptInvitation, disableOperator, findOperator, presentOperator, normalizeEmail, INVITATION_TTL_MS };
