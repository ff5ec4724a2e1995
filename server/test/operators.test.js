'use strict';
// Operator accounts of the dashboard (src/operators/): invitations, argon2id passwords, cookie
// sessions with CSRF tokens, throttled sign-in, sign-out (here and everywhere), the operator's
// role on /v1 routes and the operator named in the audit log. One server per database.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { expectStatus, expectError } = require('./support/fixtures');
const { ensureAdminOperator } = require('../src/seed/admin-operator');

const PASSWORD = 'correct horse battery staple';

for (const backend of BACKENDS) {
  describe(`operator accounts [${backend}]`, () => {
    let t;
    let clock;
    before(async () => {
      clock = manualClock('2026-05-01T10:00:00.000Z');
      t = await startTestServer(backend, { clock, config: { trustProxy: true } });
    });
    after(() => t.close());

    const invite = (email, role) => expectStatus(t.call('POST', '/v1/operators', { body: { email, role, name: email.split('@')[0] } }), 201);
    const accept = (token, password = PASSWORD) => t.call('POST', '/auth/invitations/accept', { key: null, body: { token, password } });
    const signIn = async (email, password = PASSWORD, { headers = {}, remoteAddress } = {}) => {
      const response = await t.call('POST', '/auth/session', { key: null, body: { email, password }, headers, remoteAddress });
      const setCookie = response.headers['set-cookie'];
      return { ...response, setCookie, cookie: setCookie ? setCookie.split(';')[0] : null };
    };
    // A request of a signed-in browser: the cookie, and the CSRF token when given.
    const asOperator = (session, method, url, { body, csrf = session.body.csrf_token } = {}) => t.call(method, url, {
      key: null, body, headers: { cookie: session.cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    });
    async function operator(email, role) {
      const invited = await invite(email, role);
      await expectStatus(accept(invited.invitation_token), 200);
      const session = await signIn(email);
      assert.equal(session.status, 200, JSON.stringify(session.body));
      return { invited, session };
    }

    it('invites an operator, stores only an argon2id hash of the password, and spends the invitation once', async () => {
      const invited = await invite('Ana@Example.com', 'billing');
      assert.equal(invited.email, 'ana@example.com');
      assert.equal(invited.status, 'invited');
      assert.match(invited.invitation_token, /^rcoi_[0-9a-z]{10}_[0-9a-z]{40}$/);
      assert.equal(invited.invitation_url, `/dashboard/accept#token=${invited.invitation_token}`);
      const listed = await expectStatus(t.call('GET', `/v1/operators/${invited.id}`), 200);
      assert.equal(listed.invitation_token, undefined);
      await expectError(signIn('ana@example.com'), 401, 'UNAUTHENTICATED'); // not accepted yet

      await expectError(accept(invited.invitation_token, 'short'), 400, 'INVALID_ARGUMENT', '/password');
      const row = await t.services.db.selectFrom('operators').selectAll().where('id', '=', invited.id).executeTakeFirst();
      assert.equal(row.password_hash, null, 'a refused acceptance changes nothing');
      assert.notEqual(row.invitation_hash, invited.invitation_token);

      const accepted = await expectStatus(accept(invited.invitation_token), 200);
      assert.equal(accepted.status, 'active');
      const stored = await t.services.db.selectFrom('operators').selectAll().where('id', '=', invited.id).executeTakeFirst();
      assert.match(stored.password_hash, /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
      assert.ok(!stored.password_hash.includes(PASSWORD));
      assert.equal(stored.invitation_hash, null);
      await expectError(accept(invited.invitation_token, 'another long password'), 401, 'UNAUTHENTICATED', '/token');
      await expectError(accept('rcoi_aaaaaaaaaa_not-a-token'), 401, 'UNAUTHENTICATED', '/token');
      await expectError(t.call('POST', '/v1/operators', { body: { email: 'ana@example.com', role: 'support' } }), 409, 'CONFLICT', '/email');
      await expectError(t.call('POST', '/v1/operators', { body: { email: 'bob@example.com', role: 'publishable' } }), 400, 'INVALID_ARGUMENT', '/role');
      await expectError(t.call('POST', '/v1/operators', { body: { email: 'not an email', role: 'support' } }), 400, 'INVALID_ARGUMENT', '/email');
    });

    it('expires an invitation after seven days', async () => {
      const invited = await invite('late@example.com', 'support');
      clock.advance(7 * 24 * 3600 * 1000);
      await expectError(accept(invited.invitation_token), 401, 'UNAUTHENTICATED', '/token');
    });

    it('signs in with a session cookie (HttpOnly, SameSite=Strict, Secure over https) and answers the role\'s permissions', async () => {
      const { session } = await operator('carol@example.com', 'support');
      assert.match(session.setCookie, /^rc_session=rcos_[0-9a-z]{10}_[0-9a-z]{40}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);
      assert.equal(session.body.operator.email, 'carol@example.com');
      assert.ok(session.body.permissions.includes('customers:read'));
      assert.ok(!session.body.permissions.includes('customers:write'));
      assert.match(session.body.csrf_token, /^[0-9a-f]{64}$/);
      assert.equal(session.headers['cache-control'], 'no-store');

      const overHttps = await signIn('carol@example.com', PASSWORD, { headers: { 'x-forwarded-proto': 'https' } });
      assert.match(overHttps.setCookie, /; Secure$/);
      assert.notEqual(overHttps.body.csrf_token, session.body.csrf_token, 'each session has its own CSRF token');

      const current = await expectStatus(asOperator(session, 'GET', '/auth/session', { csrf: null }), 200);
      assert.equal(current.csrf_token, session.body.csrf_token);
      assert.equal(current.operator.role, 'support');
      assert.equal(current.signed_in, true);
      assert.deepEqual(await expectStatus(t.call('GET', '/auth/session', { key: null }), 200), { object: 'operator_session', signed_in: false });
      // The session token is a cookie, never a bearer credential.
      await expectError(t.call('GET', '/v1/customers', { key: session.cookie.split('=')[1] }), 401, 'UNAUTHENTICATED');
    });

    it('refuses a wrong password and an unknown email alike, and sign-in without its fields', async () => {
      await operator('dan@example.com', 'support');
      const wrong = await expectError(signIn('dan@example.com', 'wrong password!!'), 401, 'UNAUTHENTICATED');
      const unknown = await expectError(signIn('nobody@example.com', 'wrong password!!'), 401, 'UNAUTHENTICATED');
      assert.equal(wrong.message, unknown.message);
      assert.equal((await signIn('dan@example.com', 'wrong password!!')).setCookie, undefined);
      await expectError(t.call('POST', '/auth/session', { key: null, body: { email: 'dan@example.com' } }), 400, 'MISSING_FIELD', '/password');
      await expectError(t.call('POST', '/auth/session', { key: null, body: { email: 'dan@example.com', password: 5 } }), 400, 'INVALID_TYPE', '/password');
    });

    it('throttles sign-in after five wrong passwords for an email, even with the right one, until the window passes', async () => {
      await operator('erin@example.com', 'support');
      const remoteAddress = '203.0.113.7';
      for (let attempt = 0; attempt < 5; attempt += 1) {
        await expectError(signIn('erin@example.com', `wrong password ${attempt}`, { remoteAddress }), 401, 'UNAUTHENTICATED');
      }
      const throttled = await signIn('erin@example.com', PASSWORD, { remoteAddress });
      assert.equal(throttled.status, 429, JSON.stringify(throttled.body));
      assert.equal(throttled.body.error.code, 'RATE_LIMITED');
      assert.equal(throttled.headers['retry-after'], String(15 * 60));
      assert.equal(throttled.setCookie, undefined);
      clock.advance(15 * 60 * 1000);
      await expectStatus(signIn('erin@example.com', PASSWORD, { remoteAddress }), 200);
    });

    it('throttles a burst of parallel wrong passwords as it does one after another', async () => {
      await operator('burst@example.com', 'support');
      const burst = await Promise.all(Array.from({ length: 20 }, (_, attempt) => signIn('burst@example.com', `wrong password ${attempt}`, { remoteAddress: `192.0.2.${attempt + 1}` })));
      const statuses = burst.map((response) => response.status);
      // Each attempt counts the attempts written before it: at most five passwords are checked
      // (fewer when many attempts are written before any is counted); without the count ahead
      // of the check, all twenty were.
      assert.ok(statuses.every((status) => status === 401 || status === 429), statuses.join(' '));
      const checked = statuses.filter((status) => status === 401).length;
      assert.ok(checked <= 5, `at most five passwords checked, the rest refused: ${statuses.join(' ')}`);
      assert.ok(statuses.includes(429), statuses.join(' '));
      clock.advance(15 * 60 * 1000);
    });

    it('throttles a client address trying many emails', async () => {
      const remoteAddress = '198.51.100.9';
      for (let attempt = 0; attempt < 30; attempt += 1) {
        await expectError(signIn(`guess${attempt}@example.com`, 'wrong password!!', { remoteAddress }), 401, 'UNAUTHENTICATED');
      }
      await expectError(signIn('guess-more@example.com', 'wrong password!!', { remoteAddress }), 429, 'RATE_LIMITED');
      await expectError(signIn('guess-more@example.com', 'wrong password!!', { remoteAddress: '198.51.100.10' }), 401, 'UNAUTHENTICATED');
      clock.advance(15 * 60 * 1000);
    });

    it('uses the operator\'s role on /v1 routes and refuses a change without the CSRF token', async () => {
      const billing = (await operator('fay@example.com', 'billing')).session;
      const support = (await operator('gus@example.com', 'support')).session;
      const countCustomers = async () => (await t.services.db.selectFrom('customers').select(({ fn }) => fn.countAll().as('n')).executeTakeFirst()).n;
      const before = Number(await countCustomers());

      await expectStatus(asOperator(support, 'GET', '/v1/customers', { csrf: null }), 200);
      await expectError(asOperator(billing, 'POST', '/v1/customers', { body: { name: 'No token', currency: 'USD' }, csrf: null }), 403, 'FORBIDDEN');
      await expectError(asOperator(billing, 'POST', '/v1/customers', { body: { name: 'Wrong token', currency: 'USD' }, csrf: support.body.csrf_token }), 403, 'FORBIDDEN');
      assert.equal(Number(await countCustomers()), before, 'a refused request changes nothing');
      const created = await expectStatus(asOperator(billing, 'POST', '/v1/customers', { body: { name: 'By Fay', currency: 'USD' } }), 201);
      const refused = await expectError(asOperator(support, 'POST', '/v1/customers', { body: { name: 'By Gus', currency: 'USD' } }), 403, 'FORBIDDEN');
      assert.match(refused.message, /operator's role "support" does not allow customers:write/);
      await expectError(asOperator(billing, 'GET', '/v1/api_keys', { csrf: null }), 403, 'FORBIDDEN');
      // An Authorization header wins over a cookie: the key's role decides.
      const withKey = await t.call('GET', '/v1/api_keys', { key: t.keys.admin, headers: { cookie: billing.cookie } });
      assert.equal(withKey.status, 200);

      const entries = await expectStatus(t.call('GET', `/v1/audit_log?operator=${billing.body.operator.id}`), 200);
      const entry = entries.data.find((candidate) => candidate.target.id === created.id);
      assert.ok(entry, 'the creation is in the audit log under the operator');
      assert.equal(entry.actor.kind, 'operator');
      assert.equal(entry.actor.operator, billing.body.operator.id);
      assert.equal(entry.actor.role, 'billing');
      assert.match(entry.actor.credential_prefix, /^rcos_[0-9a-z]{10}$/);
      assert.ok(entries.data.some((candidate) => candidate.outcome === 'refused' && candidate.status === 403), 'the refusal without a CSRF token is recorded');
      assert.ok(!JSON.stringify(entries).includes(billing.cookie.split('=')[1]), 'the audit log never holds the session token');
    });

    it('signs out one session, needing its CSRF token, and ends a session after twelve hours', async () => {
      const { session } = await operator('hal@example.com', 'support');
      await expectError(asOperator(session, 'DELETE', '/auth/session', { csrf: null }), 403, 'FORBIDDEN');
      const out = await asOperator(session, 'DELETE', '/auth/session');
      assert.equal(out.status, 200);
      assert.match(out.headers['set-cookie'], /^rc_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
      await expectError(asOperator(session, 'GET', '/v1/customers', { csrf: null }), 401, 'UNAUTHENTICATED');
      assert.equal((await expectStatus(asOperator(session, 'GET', '/auth/session', { csrf: null }), 200)).signed_in, false);

      const later = await signIn('hal@example.com');
      await expectStatus(asOperator(later, 'GET', '/v1/customers', { csrf: null }), 200);
      clock.advance(12 * 3600 * 1000);
      await expectError(asOperator(later, 'GET', '/v1/customers', { csrf: null }), 401, 'UNAUTHENTICATED');
    });

    it('signs out everywhere: every session of the operator ends, other operators\' stay', async () => {
      const { session: first } = await operator('ida@example.com', 'support');
      const second = await signIn('ida@example.com');
      const other = (await operator('jon@example.com', 'support')).session;
      await expectError(asOperator(first, 'POST', '/auth/session/revoke_all', { body: {}, csrf: null }), 403, 'FORBIDDEN');
      const out = await expectStatus(asOperator(first, 'POST', '/auth/session/revoke_all', { body: {} }), 200);
      assert.equal(out.sessions_ended, 2);
      for (const session of [first, second]) await expectError(asOperator(session, 'GET', '/v1/customers', { csrf: null }), 401, 'UNAUTHENTICATED');
      await expectStatus(asOperator(other, 'GET', '/v1/customers', { csrf: null }), 200);
    });

    it('gives a session exactly its role\'s access on every /v1 route, as an API key of that role has', async () => {
      for (const role of ['billing', 'support']) {
        const { session } = await operator(`walk-${role}@example.com`, role);
        let refused = 0;
        for (const { method, url } of t.app.apiRoutes) {
          const target = url.replace(/:(\w+)/g, 'x_missing');
          const body = method === 'GET' ? undefined : {};
          const byKey = await t.call(method, target, { key: t.keys[role], body });
          const bySession = await asOperator(session, method, target, { body });
          assert.notEqual(bySession.status, 401, `${role} session on ${method} ${url}: ${JSON.stringify(bySession.body)}`);
          assert.equal(bySession.status === 403, byKey.status === 403,
            `${role} on ${method} ${url}: key ${byKey.status}, session ${bySession.status} ${JSON.stringify(bySession.body)}`);
          if (bySession.status === 403) refused += 1;
        }
        assert.ok(refused > 10, `a ${role} session is refused the routes its role lacks (${refused} refused)`);
      }
    });

    it('creates the demo admin operator with a password kept in a 0600 file, reuses it, and replaces one that no longer signs in', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-operator-'));
      try {
        const first = await ensureAdminOperator(t.services, dataDir, clock.now());
        assert.equal(first.created, true);
        assert.equal(fs.statSync(first.file).mode & 0o777, 0o600);
        assert.equal(fs.readFileSync(first.file, 'utf8'), `${first.email}\n${first.password}\n`);
        const signedIn = await expectStatus(signIn(first.email, first.password), 200);
        assert.equal(signedIn.operator.role, 'admin');
        const again = await ensureAdminOperator(t.services, dataDir, clock.now());
        assert.deepEqual(again, { ...first, created: false });
        fs.writeFileSync(first.file, `${first.email}\nnot the password\n`);
        const replaced = await ensureAdminOperator(t.services, dataDir, clock.now());
        assert.equal(replaced.created, true);
        assert.notEqual(replaced.password, first.password);
        await expectError(signIn(first.email, first.password), 401, 'UNAUTHENTICATED');
        await expectStatus(signIn(replaced.email, replaced.password), 200);
        const admins = await t.services.db.selectFrom('operators').select('id').where('email', '=', first.email).execute();
        assert.equal(admins.length, 1);
        await expectStatus(t.call('POST', `/v1/operators/${admins[0].id}/disable`), 200);
        const enabled = await ensureAdminOperator(t.services, dataDir, clock.now());
        assert.equal(enabled.created, true, 'a disabled demo admin gets a new password and is enabled again');
        await expectStatus(signIn(enabled.email, enabled.password), 200);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('disables an operator: its sessions end, it cannot sign in or accept, and no operator disables itself', async () => {
      const { invited, session } = await operator('kim@example.com', 'billing');
      const pending = await invite('lee@example.com', 'support');
      const admin = (await operator('max@example.com', 'admin')).session;
      const self = await expectError(asOperator(admin, 'POST', `/v1/operators/${admin.body.operator.id}/disable`, { body: {} }), 409, 'INVALID_STATE');
      assert.match(self.message, /cannot disable itself/);
      await expectError(asOperator(admin, 'POST', `/v1/operators/${invited.id}/disable`, { body: {}, csrf: null }), 403, 'FORBIDDEN');
      assert.equal((await expectStatus(t.call('GET', `/v1/operators/${invited.id}`), 200)).status, 'active', 'a refused request changes nothing');

      const disabled = await expectStatus(asOperator(admin, 'POST', `/v1/operators/${invited.id}/disable`, { body: {} }), 200);
      assert.equal(disabled.status, 'disabled');
      assert.equal(disabled.disabled_at, clock.now().toISOString());
      await expectError(asOperator(session, 'GET', '/v1/customers', { csrf: null }), 401, 'UNAUTHENTICATED');
      await expectError(signIn('kim@example.com'), 401, 'UNAUTHENTICATED');
      await expectError(t.call('POST', `/v1/operators/${invited.id}/disable`), 409, 'INVALID_STATE');
      await expectStatus(t.call('POST', `/v1/operators/${pending.id}/disable`), 200);
      await expectError(accept(pending.invitation_token), 401, 'UNAUTHENTICATED', '/token');
      await expectError(t.call('POST', '/v1/operators/opr_missing/disable'), 404, 'NOT_FOUND');
      const entries = await expectStatus(t.call('GET', `/v1/audit_log?operator=${admin.body.operator.id}&status=200`), 200);
      assert.ok(entries.data.some((entry) => entry.action.route === '/v1/operators/:id/disable' && entry.target.id === invited.id));
    });

    it('changes an operator\'s role: its live sessions take it at once, audit-logged; the last active admin keeps it', async () => {
      const { invited: changed, session: changedSession } = await operator('role-change@example.com', 'support');
      const { session: boss } = await operator('boss@example.com', 'admin');
      const bossId = boss.body.operator.id;
      const patchRole = (session, id, body) => asOperator(session, 'PATCH', `/v1/operators/${id}`, { body });
      await expectError(asOperator(changedSession, 'POST', '/v1/customers', { body: { name: 'Not yet', currency: 'USD' } }), 403, 'FORBIDDEN');

      await expectError(patchRole(boss, changed.id, { role: 'publishable' }), 400, 'INVALID_ARGUMENT', '/role');
      await expectError(patchRole(boss, changed.id, {}), 400, 'MISSING_FIELD', '/role');
      await expectError(patchRole(boss, changed.id, { role: 'billing', email: 'x@example.com' }), 400, 'UNKNOWN_FIELD');
      await expectError(patchRole(boss, 'opr_missing', { role: 'billing' }), 404, 'NOT_FOUND');
      await expectError(patchRole(changedSession, changed.id, { role: 'admin' }), 403, 'FORBIDDEN');
      await expectError(asOperator(boss, 'PATCH', `/v1/operators/${changed.id}`, { body: { role: 'billing' }, csrf: null }), 403, 'FORBIDDEN');
      assert.equal((await expectStatus(t.call('GET', `/v1/operators/${changed.id}`), 200)).role, 'support', 'a refused request changes nothing');

      const updated = await expectStatus(patchRole(boss, changed.id, { role: 'billing' }), 200);
      assert.equal(updated.role, 'billing');
      assert.equal((await expectStatus(asOperator(changedSession, 'GET', '/auth/session', { csrf: null }), 200)).permissions.includes('customers:write'), true);
      await expectStatus(asOperator(changedSession, 'POST', '/v1/customers', { body: { name: 'By the new role', currency: 'USD' } }), 201);
      const entries = await expectStatus(t.call('GET', `/v1/audit_log?operator=${bossId}&status=200`), 200);
      const entry = entries.data.find((candidate) => candidate.action.route === '/v1/operators/:id' && candidate.target.id === changed.id);
      assert.ok(entry, 'the change is in the audit log under the admin who made it');
      assert.equal(entry.action.method, 'PATCH');

      // Leave boss the only active admin: the other admins (earlier tests, the demo admin) are disabled.
      const others = await t.services.db.selectFrom('operators').select('id').where('role', '=', 'admin')
        .where('disabled_at', 'is', null).where('id', '!=', bossId).execute();
      assert.ok(others.length > 0, 'earlier tests made other admins');
      for (const other of others) await expectStatus(t.call('POST', `/v1/operators/${other.id}/disable`), 200);
      await expectError(patchRole(boss, others[0].id, { role: 'support' }), 409, 'INVALID_STATE');
      await expectError(patchRole(boss, bossId, { role: 'support' }), 409, 'LAST_ADMIN', '/role');
      await expectError(t.call('PATCH', `/v1/operators/${bossId}`, { body: { role: 'billing' } }), 409, 'LAST_ADMIN', '/role');
      assert.equal((await expectStatus(t.call('GET', `/v1/operators/${bossId}`), 200)).role, 'admin');
      const pendingAdmin = await invite('pending-admin@example.com', 'admin');
      assert.equal((await expectStatus(patchRole(boss, pendingAdmin.id, { role: 'support' }), 200)).role, 'support', 'an invited admin is not an active one');

      // Two admins demoting each other at the same moment: one wins, the other is the last admin.
      await expectStatus(patchRole(boss, changed.id, { role: 'admin' }), 200);
      const crossed = await Promise.all([patchRole(boss, changed.id, { role: 'support' }), patchRole(changedSession, bossId, { role: 'support' })]);
      // The loser is the last admin (409) or, when the winner committed before its role was read,
      // no admin any more (403); never do both succeed.
      const outcomes = crossed.map((response) => `${response.status} ${response.body.error ? response.body.error.code : ''}`.trim()).sort();
      assert.equal(outcomes[0], '200', JSON.stringify(crossed.map((response) => response.body)));
      assert.ok(['403 FORBIDDEN', '409 LAST_ADMIN'].includes(outcomes[1]), JSON.stringify(crossed.map((response) => response.body)));
      const admins = await t.services.db.selectFrom('operators').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
      assert.equal(admins.length, 1);
    });

    it('lists operators for admins, without secrets', async () => {
      const list = await expectStatus(t.call('GET', '/v1/operators?limit=100'), 200);
      assert.ok(list.data.length >= 5);
      const text = JSON.stringify(list);
      assert.ok(!text.includes('argon2') && !text.includes('rcoi_'), 'no hash and no invitation token');
      await expectError(t.call('GET', '/v1/operators', { key: t.keys.billing }), 403, 'FORBIDDEN');
    });

    it('records sign-ins (succeeded, refused, throttled), sign-outs and accepted invitations in the audit log, with the email tried and the address, never the password', async () => {
      const remoteAddress = '203.0.113.50';
      const auditEntries = async (query) => (await expectStatus(t.call('GET', `/v1/audit_log?limit=100&${query}`), 200)).data;
      const invited = await invite('audited@example.com', 'billing');
      await expectStatus(t.call('POST', '/auth/invitations/accept', { key: null, body: { token: invited.invitation_token, password: PASSWORD }, remoteAddress }), 200);
      const [acceptance] = await auditEntries(`object_id=${invited.id}&route=/auth/invitations/accept`);
      assert.deepEqual([acceptance.outcome, acceptance.status, acceptance.actor.kind, acceptance.target.type, acceptance.source.ip], ['succeeded', 200, 'anonymous', 'operator', remoteAddress]);

      const session = await signIn('Audited@Example.com', PASSWORD, { remoteAddress, headers: { 'user-agent': 'audit-test' } });
      assert.equal(session.status, 200);
      await expectError(signIn('audited@example.com', 'wrong password!!', { remoteAddress }), 401, 'UNAUTHENTICATED');
      await expectError(signIn('nobody-audited@example.com', 'wrong password!!', { remoteAddress }), 401, 'UNAUTHENTICATED');
      const signIns = await auditEntries('sign_in_email=audited@example.com');
      const succeeded = signIns.find((entry) => entry.outcome === 'succeeded');
      assert.deepEqual(succeeded.actor, {
        kind: 'operator', credential_prefix: session.cookie.split('=')[1].split('_').slice(0, 2).join('_'), api_key: null, role: 'billing',
        operator: invited.id, operator_session: succeeded.actor.operator_session, portal_session: null, portal_customer: null, sign_in_email: 'audited@example.com',
      });
      assert.match(succeeded.actor.operator_session, /^ops_/);
      assert.deepEqual(succeeded.action, { method: 'POST', route: '/auth/session', path: '/auth/session', operation_id: null, body_fields: ['email', 'password'], request_id: session.headers['request-id'] });
      assert.deepEqual(succeeded.target, { type: 'operator', id: invited.id, customer: null });
      assert.deepEqual(succeeded.source, { ip: remoteAddress, user_agent: 'audit-test' });
      const wrong = signIns.find((entry) => entry.outcome === 'refused');
      assert.deepEqual([wrong.status, wrong.error_code, wrong.actor.kind, wrong.actor.operator, wrong.target.id, wrong.source.ip], [401, 'UNAUTHENTICATED', 'anonymous', null, invited.id, remoteAddress]);
      const [unknown] = await auditEntries('sign_in_email=nobody-audited@example.com');
      assert.deepEqual([unknown.outcome, unknown.status, unknown.target.id], ['refused', 401, null], 'an unknown email is recorded as the email tried');
      // A password typed into the email field is not kept.
      const mistyped = await signIn('my secret passphrase', 'wrong password!!', { remoteAddress: '203.0.113.51' });
      assert.equal(mistyped.status, 401);
      const [withoutEmail] = (await auditEntries('route=/auth/session&outcome=refused')).filter((entry) => entry.action.request_id === mistyped.headers['request-id']);
      assert.equal(withoutEmail.actor.sign_in_email, null);

      await expectStatus(t.call('POST', `/v1/operators/${invited.id}/disable`), 200);
      await expectError(signIn('audited@example.com', PASSWORD, { remoteAddress }), 401, 'UNAUTHENTICATED');
      const afterDisable = await auditEntries('sign_in_email=audited@example.com&outcome=refused');
      assert.equal(afterDisable.length, 2, 'a disabled operator\'s sign-in is a refusal like a wrong password');
      assert.deepEqual(afterDisable.map((entry) => [entry.status, entry.error_code, entry.target.id]), [[401, 'UNAUTHENTICATED', invited.id], [401, 'UNAUTHENTICATED', invited.id]]);

      // Throttled: refused before any password is checked, recorded, and no attempt counted.
      const failures = async (email) => Number((await t.services.db.selectFrom('operator_login_failures').select(({ fn }) => fn.countAll().as('n')).where('email', '=', email).executeTakeFirst()).n);
      for (let attempt = 0; attempt < 5; attempt += 1) await expectError(signIn('throttled-audit@example.com', 'wrong password!!', { remoteAddress }), 401, 'UNAUTHENTICATED');
      await expectError(signIn('throttled-audit@example.com', 'wrong password!!', { remoteAddress }), 429, 'RATE_LIMITED');
      assert.equal(await failures('throttled-audit@example.com'), 5, 'a throttled attempt writes no failure');
      const throttled = await auditEntries('sign_in_email=throttled-audit@example.com&status=429');
      assert.deepEqual(throttled.map((entry) => [entry.outcome, entry.error_code, entry.source.ip]), [['failed', 'RATE_LIMITED', remoteAddress]]);

      const { session: leaving } = await operator('leaving@example.com', 'support');
      await signIn('leaving@example.com');
      await expectStatus(asOperator(leaving, 'DELETE', '/auth/session'), 200);
      const other = await signIn('leaving@example.com');
      await expectStatus(asOperator(other, 'POST', '/auth/session/revoke_all', { body: {} }), 200);
      const leaver = other.body.operator.id;
      const signOuts = await auditEntries(`operator=${leaver}&outcome=succeeded`);
      assert.deepEqual(signOuts.filter((entry) => entry.action.method === 'DELETE').map((entry) => [entry.action.route, entry.target.id, entry.actor.credential_prefix]),
        [['/auth/session', leaver, leaving.cookie.split('=')[1].split('_').slice(0, 2).join('_')]]);
      assert.deepEqual(signOuts.filter((entry) => entry.action.route === '/auth/session/revoke_all').map((entry) => [entry.action.method, entry.target.id, entry.actor.credential_prefix]),
        [['POST', leaver, other.cookie.split('=')[1].split('_').slice(0, 2).join('_')]]);
      assert.equal(signOuts.filter((entry) => entry.action.route === '/auth/session' && entry.action.method === 'POST').length, 3, 'each sign-in is recorded under its operator');

      const everything = JSON.stringify(await auditEntries('route=/auth/session'));
      assert.ok(!everything.includes(PASSWORD) && !everything.includes('wrong password') && !everything.includes('my secret passphrase'), 'no password is ever recorded');
      assert.ok(!everything.includes(session.cookie.split('=')[1]) && !everything.includes(invited.invitation_token), 'nor a token');
    });
  });
}
