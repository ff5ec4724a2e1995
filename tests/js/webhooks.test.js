'use strict';
// verifyWebhook, the package's Standard Webhooks verifier for receivers: the specification's
// published example, and every way a request is refused. Signatures here are computed
// independently, from the specification: base64 HMAC-SHA256 over "id.timestamp.body" keyed with
// the base64-decoded secret.

const crypto = require('node:crypto');
const { verifyWebhook } = require('../..');

// The example of the Standard Webhooks specification.
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

function signature(secret, id, timestamp, body) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

function headersAt(timestamp, { secret = SPEC.secret, id = SPEC.id, body = SPEC.body } = {}) {
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature(secret, id, timestamp, body) };
}

function refusal(run) {
  try {
    run();
  } catch (error) {
    return error.code || error.name;
  }
  return 'accepted';
}

describe('verifyWebhook', () => {
  afterEach(() => jest.useRealTimers());

  test('accepts the specification\'s example at its timestamp and returns the parsed body', () => {
    jest.useFakeTimers({ now: SPEC.timestamp * 1000 });
    expect(signature(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
    const headers = { 'webhook-id': SPEC.id, 'webhook-timestamp': String(SPEC.timestamp), 'webhook-signature': SPEC.signature };
    expect(verifyWebhook(SPEC.secret, headers, SPEC.body)).toEqual({ test: 2432232314 });
    expect(verifyWebhook(SPEC.secret, headers, Buffer.from(SPEC.body))).toEqual({ test: 2432232314 });
    expect(verifyWebhook(SPEC.secret, headers, new TextEncoder().encode(SPEC.body))).toEqual({ test: 2432232314 });
    expect(verifyWebhook(SPEC.secret, new Headers(headers), SPEC.body)).toEqual({ test: 2432232314 });
    const upperCase = { 'Webhook-Id': SPEC.id, 'Webhook-Timestamp': [String(SPEC.timestamp)], 'WEBHOOK-SIGNATURE': SPEC.signature };
    expect(verifyWebhook(SPEC.secret, upperCase, SPEC.body)).toEqual({ test: 2432232314 });
  });

  test('refuses a changed body, id, timestamp or secret', () => {
    const now = Math.floor(Date.now() / 1000);
    const headers = headersAt(now);
    expect(refusal(() => verifyWebhook(SPEC.secret, headers, SPEC.body))).toBe('accepted');
    expect(refusal(() => verifyWebhook(SPEC.secret, headers, '{"test": 2432232315}'))).toBe('WEBHOOK_INVALID_SIGNATURE');
    expect(refusal(() => verifyWebhook(SPEC.secret, { ...headers, 'webhook-id': 'msg_other' }, SPEC.body))).toBe('WEBHOOK_INVALID_SIGNATURE');
    expect(refusal(() => verifyWebhook(SPEC.secret, { ...headers, 'webhook-timestamp': String(now - 1) }, SPEC.body))).toBe('WEBHOOK_INVALID_SIGNATURE');
    const otherSecret = `whsec_${crypto.randomBytes(32).toString('base64')}`;
    expect(refusal(() => verifyWebhook(otherSecret, headers, SPEC.body))).toBe('WEBHOOK_INVALID_SIGNATURE');
    const truncated = headers['webhook-signature'].slice(0, -8);
    expect(refusal(() => verifyWebhook(SPEC.secret, { ...headers, 'webhook-signature': truncated }, SPEC.body))).toBe('WEBHOOK_INVALID_SIGNATURE');
  });

  test('accepts a request when any of its v1 signatures matches (a rotation signs with both secrets)', () => {
    const now = Math.floor(Date.now() / 1000);
    const previous = `whsec_${crypto.randomBytes(32).toString('base64')}`;
    const both = `${signature(SPEC.secret, SPEC.id, now, SPEC.body)} ${signature(previous, SPEC.id, now, SPEC.body)}`;
    const headers = { ...headersAt(now), 'webhook-signature': both };
    expect(refusal(() => verifyWebhook(SPEC.secret, headers, SPEC.body))).toBe('accepted');
    expect(refusal(() => verifyWebhook(previous, headers, SPEC.body))).toBe('accepted');
  });

  test('refuses timestamps outside the tolerance (5 minutes unless given)', () => {
    const now = Math.floor(Date.now() / 1000);
    expect(refusal(() => verifyWebhook(SPEC.secret, headersAt(now - 290), SPEC.body))).toBe('accepted');
    expect(refusal(() => verifyWebhook(SPEC.secret, headersAt(now - 310), SPEC.body))).toBe('WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE');
    expect(refusal(() => verifyWebhook(SPEC.secret, headersAt(now + 310), SPEC.body))).toBe('WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE');
    expect(refusal(() => verifyWebhook(SPEC.secret, headersAt(now - 310), SPEC.body, { tolerance: 600 }))).toBe('accepted');
    expect(refusal(() => verifyWebhook(SPEC.secret, headersAt(now - 20), SPEC.body, { tolerance: 10 }))).toBe('WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE');
    expect(refusal(() => verifyWebhook(SPEC.secret, { ...headersAt(now), 'webhook-timestamp': '2021-02-25T15:02:10Z' }, SPEC.body))).toBe('WEBHOOK_INVALID_TIMESTAMP');
  });

  test('refuses unknown signature versions, missing headers and bodies that are not raw JSON', () => {
    const now = Math.floor(Date.now() / 1000);
    const headers = headersAt(now);
    const v2 = headers['webhook-signature'].replace(/^v1,/, 'v2,');
    expect(refusal(() => verifyWebhook(SPEC.secret, { ...headers, 'webhook-signature': v2 }, SPEC.body))).toBe('WEBHOOK_UNKNOWN_VERSION');
    expect(refusal(() => verifyWebhook(SPEC.secret, { ...headers, 'webhook-signature': `${v2} ${headers['webhook-signature']}` }, SPEC.body))).toBe('accepted');
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const { [name]: dropped, ...rest } = headers;
      expect(dropped).toBeDefined();
      expect(refusal(() => verifyWebhook(SPEC.secret, rest, SPEC.body))).toBe('WEBHOOK_MISSING_HEADER');
    }
    expect(refusal(() => verifyWebhook(SPEC.secret, headers, JSON.parse(SPEC.body)))).toBe('TypeError');
    const text = 'not json';
    expect(refusal(() => verifyWebhook(SPEC.secret, headersAt(now, { body: text }), text))).toBe('WEBHOOK_INVALID_PAYLOAD');
  });
});
