'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const os = require('node:os');
const dns = require('node:dns/promises');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { startWebhookReceiver } = require('./support/webhooks');
const { readMail } = require('./support/mail');
const { isPrivateAddress } = require('../src/webhooks/addresses');
const { RETRY_DELAYS_MS, JITTER } = require('../src/webhooks/policy');
const { sign } = require('../src/webhooks/signing');

const SECOND = 1000;
const ms = (from, to) => new Date(to).getTime() - new Date(from).getTime();

// Whether this machine's own host name resolves to a private or loopback address (it does
// through /etc/hosts almost everywhere): the DNS-rebinding test needs such a name.
async function hostNameResolvingPrivately() {
  try {
    const addresses = await dns.lookup(os.hostname(), { all: true });
    return addresses.length && addresses.every((entry) => isPrivateAddress(entry.address)) ? os.hostname() : null;
  } catch {
    return null;
  }
}

describe('webhook signing', () => {
  it("signs the Standard Webhooks specification's published example", () => {
    assert.equal(sign('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}'),
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });
});

for (const backend of BACKENDS) {
  describe(`webhooks [${backend}]`, () => {
    let t;
    let receiver;
    let privateHostName;
    const clock = manualClock('2026-06-01T08:00:00.000Z');
    const endpoints = [];

    const register = async (body = {}) => {
      const endpoint = await expectStatus(t.call('POST', '/v1/webhook_endpoints', {
        body: { url: receiver.url, event_types: ['customer.*'], ...body },
      }), 201);
      endpoints.push(endpoint.id);
      await receiver.setSecrets([endpoint.secret]);
      return endpoint;
    };
    const deliveries = async (endpoint, query = '') => (await expectStatus(t.call('GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries?limit=100${query}`), 200)).data;
    const delivery = (id) => expectStatus(t.call('GET', `/v1/webhook_deliveries/${id}`), 200);
    const endpointNow = async (endpoint) => expectStatus(t.call('GET', `/v1/webhook_endpoints/${endpoint.id}`), 200);
    const customerEvents = async (customer) => (await expectStatus(t.call('GET', `/v1/events?customer=${customer.id}&limit=100`), 200)).data.reverse();
    // Runs every due job, then waits until the receiver's reports of what it answered are in.
    const drain = async () => {
      await t.worker.drain();
      await receiver.sync();
    };
    const updateCustomer = (customer, name) => expectStatus(t.call('PATCH', `/v1/customers/${customer.id}`, { body: { name } }), 200);

    before(async () => {
      receiver = await startWebhookReceiver();
      t = await startTestServer(backend, { clock });
      privateHostName = await hostNameResolvingPrivately();
    });
    after(async () => {
      await t.close();
      await receiver.stop();
    });
    // Each test's endpoints go, so the next test's events reach only its own.
    const cleanUp = async () => {
      for (const id of endpoints.splice(0)) await t.call('DELETE', `/v1/webhook_endpoints/${id}`);
      await drain();
      await receiver.setScript([]);
      await receiver.setFallback({ status: 200 });
      receiver.requests.length = 0;
    };

    it('registers an endpoint with a whsec_ secret, shown once and stored encrypted', async () => {
      try {
        const created = await expectStatus(t.call('POST', '/v1/webhook_endpoints', {
          headers: { 'idempotency-key': 'endpoint-1' },
          body: { url: receiver.url, event_types: ['customer.created', 'subscription.*'], description: 'CRM sync', owner_email: 'ops@example.com' },
        }), 201);
        endpoints.push(created.id);
        assert.match(created.secret, /^whsec_[A-Za-z0-9+/]+={0,2}$/);
        assert.ok(Buffer.from(created.secret.slice(6), 'base64').length >= 24);
        assert.deepEqual(created.event_types, ['customer.created', 'subscription.*']);
        assert.equal(created.status, 'enabled');

        const replayed = await t.call('POST', '/v1/webhook_endpoints', {
          headers: { 'idempotency-key': 'endpoint-1' },
          body: { url: receiver.url, event_types: ['customer.created', 'subscription.*'], description: 'CRM sync', owner_email: 'ops@example.com' },
        });
        assert.equal(replayed.headers['idempotent-replayed'], 'true');
        assert.equal(replayed.body.id, created.id);
        assert.equal(replayed.body.secret, null, 'an idempotent replay never shows the secret');

        const fetched = await endpointNow(created);
        assert.equal('secret' in fetched, false);
        const row = await t.services.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', created.id).executeTakeFirst();
        assert.match(row.secret_sealed, /^v1\.[0-9a-f]{8}\./);
        assert.ok(!JSON.stringify(row).includes(created.secret.slice(6)), 'the secret is not stored in clear');
        const events = await expectStatus(t.call('GET', `/v1/events?object_id=${created.id}`), 200);
        assert.deepEqual(events.data.map((e) => e.type), ['webhook_endpoint.created']);
        assert.ok(!JSON.stringify(events).includes(created.secret.slice(6)), 'events never carry the secret');

        const revealed = await expectStatus(t.call('GET', `/v1/webhook_endpoints/${created.id}/secret`), 200);
        assert.equal(revealed.secret, created.secret);
        assert.equal(revealed.previous_secret, null);
        await expectError(t.call('GET', `/v1/webhook_endpoints/${created.id}/secret`, { key: t.keys.support }), 403, 'FORBIDDEN');
      } finally {
        await cleanUp();
      }
    });

    it('signs each delivery per Standard Webhooks, verified by the receiver with its own implementation', async () => {
      try {
        const endpoint = await register();
        await receiver.setScript([{ status: 200 }, { status: 202, body: 'received\u0000' }]);
        const customer = await createCustomer(t, { name: 'Signed Ltd', email: 'signed@example.com' });
        await updateCustomer(customer, 'Signed Limited');
        await drain();
        const events = await customerEvents(customer);
        assert.deepEqual(events.map((e) => e.type), ['customer.created', 'customer.updated']);
        assert.equal(receiver.requests.length, 2);
        for (const [index, request] of receiver.requests.entries()) {
          assert.ok(request.valid, `request ${index} verifies: ${request.signature}`);
          assert.deepEqual(request.signedBy, [0]);
          assert.equal(request.id, events[index].id, 'webhook-id is the event id');
          assert.equal(request.timestamp, Math.floor(clock.now().getTime() / 1000), 'webhook-timestamp is the sending time in Unix seconds');
          assert.match(request.signature, /^v1,[A-Za-z0-9+/]{43}=$/);
          assert.equal(request.userAgent, 'Ratecard-Webhooks/1');
          assert.equal(request.url, '/hooks');
          assert.deepEqual(request.event, {
            id: events[index].id, object: 'event', type: events[index].type, timestamp: events[index].created_at,
            customer: customer.id, data: events[index].data,
          });
        }
        const [latest] = await deliveries(endpoint);
        assert.equal(latest.status, 'succeeded');
        const detail = await delivery(latest.id);
        assert.equal(detail.request.body, receiver.requests[1].body, 'the log shows the exact body sent');
        assert.equal(detail.attempt_log.length, 1);
        assert.equal(detail.attempt_log[0].response_status, 202);
        assert.equal(detail.attempt_log[0].response_body, 'received\ufffd', 'the answer kept as text both databases store');
        assert.equal(detail.attempt_log[0].outcome, 'succeeded');
        assert.ok(Number.isInteger(detail.attempt_log[0].latency_ms));
        assert.equal(detail.attempt_log[0].request_headers['webhook-id'], events[1].id);
      } finally {
        await cleanUp();
      }
    });

    it('retries on the schedule with jitter; a receiver that fails, then recovers, processes every event once, in order per customer', async () => {
      try {
        const endpoint = await register();
        const alice = await createCustomer(t, { name: 'Alice' });
        const bob = await createCustomer(t, { name: 'Bob' });
        await updateCustomer(alice, 'Alice 2');
        await updateCustomer(bob, 'Bob 2');
        await updateCustomer(alice, 'Alice 3');
        // The first attempts fail; the second attempt of one head is processed by the receiver but
        // answered with a 500 (its retry must then be dropped as a duplicate); the other fails.
        await receiver.setScript([{ status: 500 }, { status: 503 }, { status: 500, process: true }, { status: 500 }]);
        await drain();
        assert.equal(receiver.requests.length, 2, 'one request per customer: the later events wait their turn');

        const heads = (await deliveries(endpoint, '&status=scheduled'));
        assert.equal(heads.length, 2);
        assert.equal((await deliveries(endpoint, '&status=pending')).length, 3);
        for (const head of heads) {
          const [first] = (await delivery(head.id)).attempt_log;
          const delay = ms(first.started_at, head.next_attempt_at);
          assert.ok(delay >= 5 * SECOND * (1 - JITTER) && delay <= 5 * SECOND * (1 + JITTER), `second attempt ${delay} ms after the first`);
        }

        clock.advance(5.5 * SECOND);
        await drain();
        assert.equal(receiver.requests.length, 4);
        for (const head of await deliveries(endpoint, '&status=scheduled')) {
          const log = (await delivery(head.id)).attempt_log;
          assert.equal(log.length, 2);
          const delay = ms(log[1].started_at, head.next_attempt_at);
          assert.ok(delay >= 5 * 60 * SECOND * (1 - JITTER) && delay <= 5 * 60 * SECOND * (1 + JITTER), `third attempt ${delay} ms after the second`);
        }

        // The receiver is back: everything is delivered after the third attempts.
        clock.advance(5.5 * 60 * SECOND);
        await drain();
        const all = await deliveries(endpoint);
        assert.deepEqual(all.map((d) => d.status), Array(5).fill('succeeded'));

        const log = receiver.log();
        assert.equal(receiver.requests.filter((r) => r.duplicate).length, 1, 'the retry of the processed event was recognised by its webhook-id');
        for (const customer of [alice, bob]) {
          const expected = (await customerEvents(customer)).map((e) => e.id);
          assert.deepEqual(log.filter((e) => e.customer === customer.id).map((e) => e.id), expected, `${customer.name}'s events once each, in order`);
        }
        assert.ok(receiver.requests.every((r) => r.valid));
      } finally {
        await cleanUp();
      }
    });

    it('makes 10 attempts, then moves on to the next event; an endpoint failing for 5 days is disabled and its owner emailed', async () => {
      try {
        const endpoint = await register({ owner_email: 'owner@example.com' });
        await receiver.setFallback({ status: 500 });
        const customer = await createCustomer(t, { name: 'Failing' });
        await drain();
        const [first] = await deliveries(endpoint);
        // Walk the first delivery through its schedule.
        for (const [index, base] of RETRY_DELAYS_MS.entries()) {
          const current = await delivery(first.id);
          assert.equal(current.status, 'scheduled');
          assert.equal(current.attempts, index + 1);
          const delay = ms(current.attempt_log[index].started_at, current.next_attempt_at);
          assert.ok(delay >= base * (1 - JITTER) && delay <= base * (1 + JITTER), `retry ${index + 1}: ${delay} ms, base ${base}`);
          if (index === 3) await updateCustomer(customer, 'Failing 2'); // waits behind the first
          clock.set(current.next_attempt_at);
          await drain();
        }
        const exhausted = await delivery(first.id);
        assert.equal(exhausted.status, 'failed');
        assert.equal(exhausted.attempts, 10);
        assert.equal(exhausted.last_error, 'the receiver answered 500');
        const second = (await deliveries(endpoint)).find((d) => d.id !== first.id);
        assert.equal(second.attempts, 1, 'the next event of the queue went out once the first gave up');
        assert.equal((await endpointNow(endpoint)).status, 'enabled', 'about 3 days of failures do not disable it yet');

        // Keep failing until five days have passed since the first failure.
        while ((await endpointNow(endpoint)).status === 'enabled') {
          const current = await delivery(second.id);
          assert.equal(current.status, 'scheduled');
          clock.set(current.next_attempt_at);
          await drain();
        }
        const disabled = await endpointNow(endpoint);
        assert.match(disabled.disabled_reason, /^every attempt since .* failed \(the last: the receiver answered 500\)$/);
        assert.ok(ms(disabled.failing_since, disabled.disabled_at) >= 5 * 24 * 3600 * SECOND);
        assert.equal((await delivery(second.id)).status, 'failed');
        const disabledEvents = await expectStatus(t.call('GET', `/v1/events?type=webhook_endpoint.disabled&object_id=${endpoint.id}`), 200);
        assert.equal(disabledEvents.data.length, 1);
        const mail = (await readMail(t)).filter((m) => m.entry.template === 'webhook_endpoint.disabled' && m.text.includes(endpoint.id));
        assert.equal(mail.length, 1, "the owner was emailed through the mail outbox");
        assert.equal(mail[0].entry.to, 'owner@example.com');
        assert.match(mail[0].subject, /^Webhook endpoint http:\/\/127\.0\.0\.1:\d+\/hooks was disabled$/);

        // Disabled: new events are not delivered to it.
        const before = receiver.requests.length;
        await updateCustomer(customer, 'Failing 3');
        await drain();
        assert.equal(receiver.requests.length, before);
      } finally {
        await cleanUp();
      }
    });

    it('disables an endpoint that answers 410 Gone at once; enabled again, it receives new events and replays', async () => {
      try {
        const endpoint = await register({ owner_email: 'gone@example.com' });
        await receiver.setScript([{ status: 410 }]);
        const customer = await createCustomer(t, { name: 'Gone' });
        await updateCustomer(customer, 'Gone 2');
        await drain();
        assert.equal(receiver.requests.length, 1);
        const disabled = await endpointNow(endpoint);
        assert.equal(disabled.status, 'disabled');
        assert.equal(disabled.disabled_reason, 'it answered 410 Gone');
        const [later, first] = await deliveries(endpoint);
        assert.equal(first.status, 'failed');
        assert.equal(first.attempts, 1, 'no retry after 410');
        assert.equal(later.status, 'failed');
        assert.equal(later.attempts, 0);
        assert.match(later.last_error, /the endpoint was disabled: it answered 410 Gone/);
        assert.equal((await readMail(t)).filter((m) => m.entry.to === 'gone@example.com').length, 1);
        await expectError(t.call('POST', `/v1/webhook_deliveries/${first.id}/replay`), 409, 'INVALID_STATE');

        await expectStatus(t.call('POST', `/v1/webhook_endpoints/${endpoint.id}/enable`), 200);
        await expectError(t.call('POST', `/v1/webhook_endpoints/${endpoint.id}/enable`), 409, 'INVALID_STATE');
        const replay = await expectStatus(t.call('POST', `/v1/webhook_deliveries/${first.id}/replay`), 201);
        assert.equal(replay.replay_of, first.id);
        assert.equal(replay.event, first.event);
        await updateCustomer(customer, 'Gone 3');
        await drain();
        assert.equal((await delivery(replay.id)).status, 'succeeded');
        const events = await customerEvents(customer);
        assert.deepEqual(receiver.log().map((e) => e.id), [events[0].id, events[2].id], 'the replayed event, then the new one');
      } finally {
        await cleanUp();
      }
    });

    it('slows down for an endpoint that answers 429 (following Retry-After), 502 or 504', async () => {
      try {
        const endpoint = await register();
        await receiver.setScript([{ status: 429, headers: { 'retry-after': '30' } }, { status: 200 }, { status: 200 }, { status: 502 }]);
        const x = await createCustomer(t, { name: 'X' });
        const y = await createCustomer(t, { name: 'Y' });
        await drain();
        assert.equal(receiver.requests.length, 1, 'after the 429, nothing more goes out');
        let state = await endpointNow(endpoint);
        assert.equal(state.throttle_ms, 30 * SECOND);
        const waiting = (await deliveries(endpoint)).find((d) => d.customer === y.id);
        assert.equal(waiting.attempts, 0);
        assert.ok(ms(clock.now(), waiting.next_attempt_at) >= 30 * SECOND, "the other customer's delivery waits for Retry-After");

        clock.advance(31 * SECOND);
        await drain();
        assert.equal(receiver.requests.length, 2, 'one request per 30 s while throttled');
        clock.advance(31 * SECOND);
        await drain();
        assert.equal(receiver.requests.length, 3);
        assert.ok(receiver.requests[2].timestamp - receiver.requests[1].timestamp >= 30);
        state = await endpointNow(endpoint);
        assert.equal(state.throttle_ms, 7500, 'each success halves the pause');
        assert.deepEqual((await deliveries(endpoint)).map((d) => d.status), ['succeeded', 'succeeded']);
        assert.deepEqual(receiver.log().map((e) => e.customer).sort(), [x.id, y.id].sort());

        await updateCustomer(x, 'X 2');
        clock.advance(8 * SECOND);
        await drain();
        state = await endpointNow(endpoint);
        assert.equal(state.throttle_ms, 15 * SECOND, 'a 502 doubles the pause');
      } finally {
        await cleanUp();
      }
    });

    it('gives up on a request after the timeout (15 s by default) and retries', async () => {
      const { config } = t.services;
      const timeout = config.webhookTimeoutMs;
      try {
        config.webhookTimeoutMs = 300;
        const endpoint = await register();
        await receiver.setScript([{ status: 200, holdMs: 3000 }]);
        await createCustomer(t, { name: 'Slow' });
        await drain();
        const [slow] = await deliveries(endpoint);
        assert.equal(slow.status, 'scheduled');
        const [attempt] = (await delivery(slow.id)).attempt_log;
        assert.equal(attempt.error, 'no answer within 300 ms; timed out');
        assert.equal(attempt.response_status, null);
        assert.ok(attempt.latency_ms >= 300 && attempt.latency_ms < 2900, `${attempt.latency_ms} ms: before the receiver's answer at 3 s`);
      } finally {
        config.webhookTimeoutMs = timeout;
        await cleanUp();
      }
    });

    it('signs with both secrets during a rotation\'s overlap, then with the new one only', async () => {
      try {
        const endpoint = await register();
        const old = endpoint.secret;
        const rotated = await expectStatus(t.call('POST', `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`, { body: { expire_previous_in_seconds: 3600 } }), 200);
        assert.notEqual(rotated.secret, old);
        assert.equal(rotated.previous_secret_expires_at, new Date(clock.now().getTime() + 3600 * SECOND).toISOString());
        const revealed = await expectStatus(t.call('GET', `/v1/webhook_endpoints/${endpoint.id}/secret`), 200);
        assert.deepEqual([revealed.secret, revealed.previous_secret], [rotated.secret, old]);
        await receiver.setSecrets([old, rotated.secret]);

        const customer = await createCustomer(t, { name: 'Rotating' });
        await drain();
        assert.deepEqual(receiver.requests[0].signedBy, [0, 1], 'both the old and the new secret signed');
        assert.equal(receiver.requests[0].signature.split(' ').length, 2);

        clock.advance(3601 * SECOND);
        await updateCustomer(customer, 'Rotated');
        await drain();
        assert.deepEqual(receiver.requests[1].signedBy, [1], 'after the overlap, only the new secret signs');
        assert.equal(receiver.requests[1].signature.split(' ').length, 1);
        assert.equal((await expectStatus(t.call('GET', `/v1/webhook_endpoints/${endpoint.id}/secret`), 200)).previous_secret, null);

        await expectStatus(t.call('POST', `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`, { body: { expire_previous_in_seconds: 0 } }), 200);
        await receiver.setSecrets([rotated.secret]);
        await updateCustomer(customer, 'Rotated again');
        await drain();
        assert.equal(receiver.requests[2].valid, false, 'a rotation without overlap stops the old secret at once');
        await expectError(t.call('POST', `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`, { body: { expire_previous_in_seconds: -1 } }), 400, 'INVALID_ARGUMENT', '/expire_previous_in_seconds');
      } finally {
        await cleanUp();
      }
    });

    it('refuses private and loopback addresses unless allowed, also when a host name resolves to one at sending time', async () => {
      const { config } = t.services;
      try {
        config.webhookAllowPrivateUrls = false;
        const post = (url) => t.call('POST', '/v1/webhook_endpoints', { body: { url, event_types: ['*'] } });
        for (const url of [receiver.url, 'http://localhost:8080/', 'http://api.localhost/', 'http://[::1]:8080/', 'http://10.0.0.5/',
          'http://169.254.169.254/latest/meta-data', 'http://192.168.1.10/', 'http://[::ffff:127.0.0.1]/', 'http://0.0.0.0/']) {
          await expectError(post(url), 400, 'INVALID_ARGUMENT', '/url');
        }
        for (const url of ['ftp://hooks.example.com/', 'file:///etc/passwd', 'not a url', 'https://user:pw@hooks.example.com/', 'https://hooks.example.com/#x']) {
          await expectError(post(url), 400, 'INVALID_ARGUMENT', '/url');
        }
        const publicEndpoint = await expectStatus(post('https://hooks.example.com/ratecard'), 201);
        endpoints.push(publicEndpoint.id);
        await expectError(t.call('PATCH', `/v1/webhook_endpoints/${publicEndpoint.id}`, { body: { url: 'http://127.0.0.1:9/' } }), 400, 'INVALID_ARGUMENT', '/url');
        await expectStatus(t.call('DELETE', `/v1/webhook_endpoints/${publicEndpoint.id}`), 200);
        endpoints.pop();

        if (!privateHostName) return; // no host name of this machine resolves to a private address
        const port = receiver.port;
        const named = await expectStatus(post(`http://${privateHostName}:${port}/hooks`), 201);
        endpoints.push(named.id);
        await createCustomer(t, { name: 'Rebinding' });
        await drain();
        const [refused] = await deliveries(named);
        const [attempt] = (await delivery(refused.id)).attempt_log;
        assert.match(attempt.error, new RegExp(`^${privateHostName} resolves to .+, a private or loopback address; refused$`));
        assert.equal(receiver.requests.length, 0, 'nothing reached the receiver');
      } finally {
        config.webhookAllowPrivateUrls = true;
        await cleanUp();
      }
    });

    it('keeps a delivery log with replay, and refuses bad input with coded errors', async () => {
      try {
        const endpoint = await register({ event_types: ['customer.created'] });
        const customer = await createCustomer(t, { name: 'Logged' });
        await updateCustomer(customer, 'Not subscribed'); // customer.updated: not sent
        await drain();
        const [sent] = await deliveries(endpoint);
        assert.equal(sent.event_type, 'customer.created');
        assert.equal((await deliveries(endpoint)).length, 1);
        assert.equal((await deliveries(endpoint, '&status=failed')).length, 0);
        const replay = await expectStatus(t.call('POST', `/v1/webhook_deliveries/${sent.id}/replay`), 201);
        await drain();
        assert.equal((await delivery(replay.id)).status, 'succeeded');
        assert.equal(receiver.requests.length, 2);
        assert.equal(receiver.requests[1].id, receiver.requests[0].id, 'a replay keeps the webhook-id');
        assert.equal(receiver.requests[1].duplicate, true);
        assert.equal(receiver.log().length, 1);
        await expectStatus(t.call('GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries`, { key: t.keys.support }), 200);
        await expectError(t.call('POST', `/v1/webhook_deliveries/${sent.id}/replay`, { key: t.keys.billing }), 403, 'FORBIDDEN');

        await expectError(t.call('POST', '/v1/webhook_endpoints', { body: { url: receiver.url } }), 400, 'MISSING_FIELD', '/event_types');
        await expectError(t.call('POST', '/v1/webhook_endpoints', { body: { url: receiver.url, event_types: [] } }), 400, 'INVALID_ARGUMENT', '/event_types');
        await expectError(t.call('POST', '/v1/webhook_endpoints', { body: { url: receiver.url, event_types: ['customer.deleted'] } }), 400, 'INVALID_ARGUMENT', '/event_types/0');
        await expectError(t.call('POST', '/v1/webhook_endpoints', { body: { url: receiver.url, event_types: ['nothing.*'] } }), 400, 'INVALID_ARGUMENT', '/event_types/0');
        await expectError(t.call('POST', '/v1/webhook_endpoints', { body: { url: receiver.url, event_types: ['*'], secret: 'whsec_x' } }), 400, 'UNKNOWN_FIELD', '/secret');
        await expectError(t.call('POST', '/v1/webhook_endpoints', { body: { url: receiver.url, event_types: ['*'], owner_email: 'nope' } }), 400, 'INVALID_ARGUMENT', '/owner_email');
        await expectError(t.call('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, { body: { status: 'enabled' } }), 400, 'UNKNOWN_FIELD', '/status');
        await expectError(t.call('GET', '/v1/webhook_endpoints/we_missing'), 404, 'NOT_FOUND');
        await expectError(t.call('GET', '/v1/webhook_endpoints/we_missing/deliveries'), 404, 'NOT_FOUND');
        await expectError(t.call('DELETE', '/v1/webhook_endpoints/we_missing'), 404, 'NOT_FOUND');
        await expectError(t.call('POST', '/v1/webhook_endpoints/we_missing/rotate_secret', { body: {} }), 404, 'NOT_FOUND');
        await expectError(t.call('GET', '/v1/webhook_deliveries/whdl_missing'), 404, 'NOT_FOUND');
        await expectError(t.call('POST', '/v1/webhook_deliveries/whdl_missing/replay'), 404, 'NOT_FOUND');
        await expectError(t.call('GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries?status=lost`), 400, 'INVALID_ARGUMENT', '/query/status');
        const after = await endpointNow(endpoint);
        assert.deepEqual(after.event_types, ['customer.created']);

        const patched = await expectStatus(t.call('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, { body: { event_types: ['*'], description: 'all' } }), 200);
        assert.deepEqual(patched.event_types, ['*']);
        await expectStatus(t.call('POST', `/v1/webhook_endpoints/${endpoint.id}/disable`), 200);
        assert.equal((await endpointNow(endpoint)).disabled_reason, 'disabled through the API');
        assert.equal((await readMail(t)).filter((m) => m.entry.template === 'webhook_endpoint.disabled' && m.text.includes(endpoint.id)).length, 0,
          'disabling by hand emails nobody');
      } finally {
        await cleanUp();
      }
    });
  });
}
