#!/usr/bin/env node
// A simulated card gateway, its own HTTP service on 127.0.0.1 (docs/server.md, "Payments"):
// Ratecard's tests and `npm start` run two of them (profiles.js) and the vault forwards
// charges to them. It keeps its records in memory and is the authority tests check Ratecard
// against: how many charges each payment really made.
//
//   GATEWAY_NAME=atlas GATEWAY_API_KEY=... node server/gateways-sim/gateway.js
//
// Environment: PORT (0), HOST (127.0.0.1), GATEWAY_NAME (atlas | beacon), GATEWAY_API_KEY
// (bearer token of every /v1 and /admin call), GATEWAY_WEBHOOK_URL and GATEWAY_WEBHOOK_SECRET
// (where its signed webhooks go, Standard Webhooks), GATEWAY_TIMEOUT_EVERY (n: every n-th
// charge request times out before charging; 0, the default, never). Prints
// "gateway <name> listening on http://HOST:PORT".
//
//   POST /v1/charges {amount, currency, card, reference, capture}   Idempotency-Key required;
//                                           capture: false only authorizes (requires_capture)
//   GET  /v1/charges?idempotency_key=K      -> {data: [charge]} (empty: no charge was made)
//   POST /v1/charges/:id/confirm            after the 3-D Secure step
//   POST /v1/charges/:id/capture {amount?}  an authorization, in whole or part (Idempotency-Key)
//   POST /v1/charges/:id/void               releases an authorization (Idempotency-Key)
//   POST /v1/charges/:id/refunds {amount}   Idempotency-Key required
//   POST /v1/disputes/:id/evidence {evidence}   once per dispute (Idempotency-Key)
//   POST /v1/bank_accounts/verifications {bank_account}      micro-deposits sent (Idempotency-Key)
//   POST /v1/bank_accounts/verifications/:id/confirm {amounts}
//   POST /3ds/:id {result: "pass"|"fail"}   the cardholder's 3-D Secure step (no key; any origin,
//                                           the checkout page posts it)
//   GET  /admin/charges                     every charge, with its refunds and disputes
//   POST /admin/faults {kind, times}        next charges (and bank debits): timeout_before_charge | timeout_after_charge;
//                                           next captures: timeout_after_capture
//   POST /admin/advance {days}              moves the gateway's clock: bank debits settle or return,
//                                           authorizations expire, unanswered disputes are lost
// A bank debit (body.bank_account and body.verification, a verified verification's id) is
// `pending` until it settles SETTLEMENT_DAYS later on the gateway's clock; then webhooks
// charge.succeeded or charge.failed (an ACH return code as decline_code).
// An authorization not captured AUTHORIZATION_DAYS after it was made expires (canceled, webhook
// charge.expired). A dispute is open (needs_response) until evidence decides it (see
// DECIDING_EVIDENCE; other evidence leaves it under_review) or its response days pass on the
// gateway's clock (lost); either way webhook charge.dispute.closed with its status won or lost.
'use strict';
const http = require('node:http');
const crypto = require('node:crypto');
const {
  TEST_CARDS, TEST_BANK_ACCOUNTS, MICRO_DEPOSITS, SETTLEMENT_DAYS, AUTHORIZATION_DAYS, DISPUTE_RESPONSE_DAYS, DECIDING_EVIDENCE, brandOf,
} = require('./test-cards');
const { PROFILES } = require('./profiles');
const { signatureHeaders } = require('../src/webhooks/signing');

const MINOR_DIGITS = { JPY: 0 };
const AMOUNT = /^(0|[1-9][0-9]{0,15})(\.[0-9]{1,3})?$/;
const WEBHOOK_ATTEMPTS = 6;
const CHARGE_FAULTS = ['timeout_before_charge', 'timeout_after_charge'];

// Amounts as integers of minor units (the simulator's own bookkeeping, never a float).
const toMinor = (amount, currency) => {
  const digits = MINOR_DIGITS[currency] ?? 2;
  const [whole, fraction = ''] = amount.split('.');
  if (fraction.length > digits) return null;
  return BigInt(whole + fraction.padEnd(digits, '0'));
};
const fromMinor = (minor, currency) => {
  const digits = MINOR_DIGITS[currency] ?? 2;
  const text = minor.toString().padStart(digits + 1, '0');
  return digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
};

function startGateway(env) {
  const name = env.GATEWAY_NAME;
  const profile = PROFILES[name];
  if (!profile) throw new Error(`GATEWAY_NAME must be one of ${Object.keys(PROFILES).join(', ')}`);
  const apiKey = env.GATEWAY_API_KEY;
  if (!apiKey) throw new Error('GATEWAY_API_KEY must be set');
  const timeoutEvery = Number(env.GATEWAY_TIMEOUT_EVERY || 0);
  const charges = new Map(); // id -> charge
  const byKey = new Map(); // idempotency key -> { request, status, body }
  const authentications = new Map(); // id -> { charge, result }
  const refundsByKey = new Map();
  const operationsByKey = new Map(); // idempotency key of a capture, a void or evidence -> { status, body }
  const disputes = new Map(); // id -> dispute
  const faults = [];
  const hanging = new Set();
  const verifications = new Map(); // id -> { id, status, attempts_left, account }
  const verificationsByKey = new Map();
  let chargeRequests = 0;
  let clockDays = 0;
  let base = null;

  const newId = (prefix) => `${prefix}_${name}_${crypto.randomBytes(8).toString('hex')}`;
  const send = (response, status, body) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const hang = (response) => hanging.add(response); // never answered: the caller times out
  const error = (type, code, message, extra = {}) => ({ error: { type, code, message, ...extra } });

  function publicCharge(charge) {
    const { authentication, outcome, settles_on_day: settlesOnDay, expires_on_day: expiresOnDay, dispute_reason: disputeReason, ...rest } = charge;
    return { ...rest, disputes: charge.disputes.map(publicDispute) };
  }

  const publicDispute = ({ due_on_day: dueOnDay, ...rest }) => rest;

  // The next fault of one of `kinds`, used up once its times are.
  function takeFault(kinds) {
    const index = faults.findIndex((fault) => kinds.includes(fault.kind));
    if (index < 0) return null;
    const fault = faults[index];
    fault.times -= 1;
    if (fault.times <= 0) faults.splice(index, 1);
    return fault;
  }

  function webhook(type, data) {
    if (!env.GATEWAY_WEBHOOK_URL || !env.GATEWAY_WEBHOOK_SECRET) return;
    const id = newId('whmsg');
    const body = JSON.stringify({ id, type, gateway: name, data });
    const attempt = async (number) => {
      const timestamp = Math.floor(Date.now() / 1000);
      try {
        const response = await fetch(env.GATEWAY_WEBHOOK_URL, {
          method: 'POST', body,
          headers: { 'content-type': 'application/json', ...signatureHeaders([env.GATEWAY_WEBHOOK_SECRET], id, timestamp, body) },
          signal: AbortSignal.timeout(5000),
        });
        if (response.ok) return;
      } catch {
        // retried below
      }
      if (number < WEBHOOK_ATTEMPTS) setTimeout(() => attempt(number + 1), 200 * 2 ** number).unref();
    };
    setImmediate(() => attempt(1));
  }

  function createCharge(key, body, response) {
    chargeRequests += 1;
    const fault = takeFault(CHARGE_FAULTS);
    if (fault?.kind === 'timeout_before_charge' || (timeoutEvery && chargeRequests % timeoutEvery === 0)) return hang(response);
    if (body.bank_account) return createBankDebit(key, body, response, fault);
    const card = body.card || {};
    const number = String(card.number || '');
    const manual = body.capture === false;
    const request = { amount: body.amount, currency: body.currency, capture: !manual };
    const reply = (status, payload) => {
      byKey.set(key, { request, status, body: payload });
      return send(response, status, payload);
    };
    if (typeof body.amount !== 'string' || !AMOUNT.test(body.amount) || toMinor(body.amount, body.currency) === null || toMinor(body.amount, body.currency) <= 0n) {
      return send(response, 400, error('invalid_request_error', 'amount_invalid', 'amount must be a positive decimal string in the currency\'s minor unit'));
    }
    if (!profile.currencies.includes(body.currency)) return send(response, 400, error('invalid_request_error', 'currency_not_supported', `${name} does not take ${body.currency}`));
    const brand = brandOf(number);
    if (!profile.brands.includes(brand)) return send(response, 400, error('invalid_request_error', 'card_brand_not_supported', `${name} does not take ${brand} cards`));
    const test = TEST_CARDS[number] || {};
    if (test.error) return send(response, 500, error('api_error', test.error, 'the gateway could not process the charge; nothing was charged'));
    const charge = {
      id: newId('ch'), object: 'charge', gateway: name, amount: body.amount, currency: body.currency,
      status: manual ? 'requires_capture' : 'succeeded', captured: !manual,
      amount_captured: manual ? fromMinor(0n, body.currency) : body.amount, cancellation_reason: null,
      reference: body.reference || null, idempotency_key: key,
      card: { brand, last4: number.slice(-4) }, decline_code: null, failure_code: null,
      amount_refunded: '0', refunds: [], disputes: [], captures: [], next_action: null, created_at: new Date().toISOString(),
      expires_on_day: manual ? clockDays + AUTHORIZATION_DAYS : null, dispute_reason: test.dispute || null,
    };
    charges.set(charge.id, charge);
    if (test.decline) {
      Object.assign(charge, { status: 'failed', failure_code: test.decline[0], decline_code: test.decline[1] });
      return reply(402, error('card_error', test.decline[0], 'the card was declined', { decline_code: test.decline[1], charge: charge.id }));
    }
    if (test.action) {
      const authentication = { id: newId('auth'), result: null };
      authentications.set(authentication.id, authentication);
      Object.assign(charge, {
        status: 'requires_action', authentication,
        next_action: { type: 'three_d_secure', url: `${base}/3ds/${authentication.id}`, authentication: authentication.id },
      });
      return reply(200, publicCharge(charge));
    }
    if (test.dispute && !manual) openDispute(charge, test.dispute);
    if (test.lost || fault?.kind === 'timeout_after_charge') {
      byKey.set(key, { request, status: 200, body: publicCharge(charge) });
      return hang(response);
    }
    return reply(200, publicCharge(charge));
  }

  // A bank debit: pending until it settles (advance). With the fault timeout_after_charge the
  // debit is made and its answer held, as for a card.
  function createBankDebit(key, body, response, fault) {
    if (!profile.bankDebits) return send(response, 400, error('invalid_request_error', 'payment_method_not_supported', `${name} does not debit bank accounts`));
    if (body.currency !== 'USD' || typeof body.amount !== 'string' || !AMOUNT.test(body.amount) || !(toMinor(body.amount, 'USD') > 0n)) {
      return send(response, 400, error('invalid_request_error', 'amount_invalid', 'bank debits are positive USD amounts'));
    }
    const verification = verifications.get(body.verification);
    if (!verification || verification.status !== 'verified' || verification.account !== body.bank_account.account_number) {
      return send(response, 400, error('invalid_request_error', 'bank_account_unverified', 'the bank account is not verified'));
    }
    const account = body.bank_account.account_number;
    const charge = {
      id: newId('ch'), object: 'charge', gateway: name, amount: body.amount, currency: 'USD', status: 'pending',
      reference: body.reference || null, idempotency_key: key, bank_account: { last4: account.slice(-4) },
      decline_code: null, failure_code: null, amount_refunded: '0', refunds: [], disputes: [], captures: [], next_action: null,
      captured: true, amount_captured: body.amount, cancellation_reason: null, settles_on_day: clockDays + SETTLEMENT_DAYS, outcome: TEST_BANK_ACCOUNTS[account] || { settles: true },
      created_at: new Date().toISOString(),
    };
    charges.set(charge.id, charge);
    byKey.set(key, { request: { amount: body.amount, currency: body.currency, capture: true }, status: 200, body: publicCharge(charge) });
    if (fault?.kind === 'timeout_after_charge') return hang(response);
    return send(response, 200, publicCharge(charge));
  }

  // Moves the gateway's clock by `days`: bank debits due settle (or come back as returns),
  // authorizations past their days expire, disputes past their response days are lost.
  function advance(days) {
    clockDays += days;
    for (const charge of charges.values()) {
      if (charge.status === 'requires_capture' && charge.expires_on_day <= clockDays) {
        Object.assign(charge, { status: 'canceled', cancellation_reason: 'expired' });
        webhook('charge.expired', { charge: publicCharge(charge) });
      }
      if (charge.status !== 'pending' || charge.settles_on_day > clockDays) continue;
      if (charge.outcome.returns) {
        Object.assign(charge, { status: 'failed', failure_code: 'ach_return', decline_code: charge.outcome.returns[0] });
        webhook('charge.failed', { charge: publicCharge(charge) });
        continue;
      }
      charge.status = 'succeeded';
      webhook('charge.succeeded', { charge: publicCharge(charge) });
      if (charge.outcome.dispute) openDispute(charge, charge.outcome.dispute);
    }
    for (const dispute of disputes.values()) {
      if (['needs_response', 'under_review'].includes(dispute.status) && dispute.due_on_day <= clockDays) closeDispute(dispute, 'lost');
    }
  }

  function openDispute(charge, reason) {
    const dispute = {
      id: newId('dp'), object: 'dispute', charge: charge.id, amount: charge.amount_captured, currency: charge.currency, reason,
      status: 'needs_response', evidence: null, due_on_day: clockDays + DISPUTE_RESPONSE_DAYS,
    };
    disputes.set(dispute.id, dispute);
    charge.disputes.push(dispute);
    webhook('charge.dispute.created', { dispute: publicDispute(dispute) });
  }

  function closeDispute(dispute, status) {
    dispute.status = status;
    webhook('charge.dispute.closed', { dispute: publicDispute(dispute) });
  }

  // Evidence for an open dispute, once: DECIDING_EVIDENCE decides it at once.
  function submitEvidence(dispute, key, body, response) {
    const evidence = body.evidence;
    if (!evidence || typeof evidence !== 'object' || Array.isArray(evidence)) {
      return remember(key, response, 400, error('invalid_request_error', 'evidence_invalid', 'evidence must be an object'));
    }
    if (dispute.status !== 'needs_response') {
      return remember(key, response, 400, error('invalid_request_error', 'dispute_not_open', `the dispute is ${dispute.status}`));
    }
    Object.assign(dispute, { evidence, status: 'under_review' });
    const decision = DECIDING_EVIDENCE[evidence.uncategorized_text];
    if (decision) closeDispute(dispute, decision);
    return remember(key, response, 200, publicDispute(dispute));
  }

  // Answers a capture, a void or evidence, and keeps the answer under its idempotency key.
  function remember(key, response, status, body) {
    operationsByKey.set(key, { status, body });
    return send(response, status, body);
  }

  function notCapturable(charge) {
    if (charge.captured) return error('invalid_request_error', 'charge_already_captured', 'the charge was captured already');
    if (charge.status === 'canceled') {
      return charge.cancellation_reason === 'expired'
        ? error('invalid_request_error', 'charge_expired_for_capture', 'the authorization expired')
        : error('invalid_request_error', 'charge_canceled', 'the authorization was voided');
    }
    return error('invalid_request_error', 'charge_not_capturable', `the charge is ${charge.status}`);
  }

  // Captures an authorization, in whole or in part (the rest is released).
  function capture(charge, key, body, response) {
    if (charge.status !== 'requires_capture') return remember(key, response, 400, notCapturable(charge));
    const amount = body.amount ?? charge.amount;
    const minor = typeof amount === 'string' && AMOUNT.test(amount) ? toMinor(amount, charge.currency) : null;
    if (minor === null || minor <= 0n) return remember(key, response, 400, error('invalid_request_error', 'amount_invalid', 'amount must be a positive decimal string'));
    if (minor > toMinor(charge.amount, charge.currency)) return remember(key, response, 400, error('invalid_request_error', 'amount_too_large', 'more than was authorized'));
    const captured = fromMinor(minor, charge.currency);
    Object.assign(charge, { status: 'succeeded', captured: true, amount_captured: captured });
    charge.captures.push({ amount: captured, idempotency_key: key, created_at: new Date().toISOString() });
    if (charge.dispute_reason) openDispute(charge, charge.dispute_reason);
    const fault = takeFault(['timeout_after_capture']);
    operationsByKey.set(key, { status: 200, body: publicCharge(charge) });
    if (fault) return hang(response);
    return send(response, 200, publicCharge(charge));
  }

  // Voids an authorization: nothing will be captured.
  function voidCharge(charge, key, response) {
    if (charge.status !== 'requires_capture') return remember(key, response, 400, notCapturable(charge));
    Object.assign(charge, { status: 'canceled', cancellation_reason: 'voided' });
    return remember(key, response, 200, publicCharge(charge));
  }

  function startVerification(key, body, response) {
    if (!profile.bankDebits) return send(response, 400, error('invalid_request_error', 'payment_method_not_supported', `${name} does not debit bank accounts`));
    const stored = verificationsByKey.get(key);
    if (stored) return send(response, 201, publicVerification(stored));
    const account = body.bank_account && body.bank_account.account_number;
    if (!account) return send(response, 400, error('invalid_request_error', 'bank_account_missing', 'no bank account'));
    const verification = { id: newId('bav'), status: 'pending', attempts_left: 3, account };
    verifications.set(verification.id, verification);
    verificationsByKey.set(key, verification);
    return send(response, 201, publicVerification(verification));
  }

  function confirmVerification(verification, body, response) {
    if (verification.status !== 'pending') return send(response, verification.status === 'verified' ? 200 : 400, verification.status === 'verified'
      ? publicVerification(verification) : error('invalid_request_error', 'verification_failed', 'the verification failed'));
    const given = Array.isArray(body.amounts) ? body.amounts.map(String).sort() : [];
    if (given.length === 2 && given.every((amount, i) => AMOUNT.test(amount) && toMinor(amount, 'USD') === toMinor(MICRO_DEPOSITS[i], 'USD'))) {
      verification.status = 'verified';
      return send(response, 200, publicVerification(verification));
    }
    verification.attempts_left -= 1;
    if (!verification.attempts_left) verification.status = 'failed';
    return send(response, 400, error('invalid_request_error', verification.status === 'failed' ? 'verification_failed' : 'amounts_mismatch',
      'the amounts are not the micro-deposits', { attempts_left: verification.attempts_left }));
  }

  const publicVerification = ({ id, status, attempts_left: attemptsLeft }) => ({ id, object: 'bank_account_verification', status, attempts_left: attemptsLeft });

  function confirmCharge(charge, response) {
    if (charge.status !== 'requires_action') return send(response, 200, publicCharge(charge));
    if (charge.authentication.result !== 'pass') {
      Object.assign(charge, { status: 'failed', failure_code: 'authentication_failed', decline_code: 'authentication_required', next_action: null });
      return send(response, 402, error('card_error', 'authentication_failed', 'the cardholder did not complete 3-D Secure', { decline_code: 'authentication_required', charge: charge.id }));
    }
    Object.assign(charge, { status: charge.captured ? 'succeeded' : 'requires_capture', next_action: null });
    return send(response, 200, publicCharge(charge));
  }

  function refund(charge, key, body, response) {
    const stored = refundsByKey.get(key);
    if (stored) return send(response, stored.status, stored.body);
    const amount = body.amount ?? charge.amount;
    const minor = typeof amount === 'string' && AMOUNT.test(amount) ? toMinor(amount, charge.currency) : null;
    if (minor === null || minor <= 0n) return send(response, 400, error('invalid_request_error', 'amount_invalid', 'amount must be a positive decimal string'));
    if (charge.status !== 'succeeded') return send(response, 400, error('invalid_request_error', 'charge_not_refundable', 'only a succeeded charge can be refunded'));
    const refunded = toMinor(charge.amount_refunded, charge.currency) || 0n;
    if (refunded + minor > toMinor(charge.amount_captured, charge.currency)) return send(response, 400, error('invalid_request_error', 'amount_too_large', 'the refunds would exceed what was captured'));
    const record = { id: newId('re'), object: 'refund', charge: charge.id, amount, status: 'succeeded', idempotency_key: key };
    charge.refunds.push(record);
    charge.amount_refunded = fromMinor(refunded + minor, charge.currency);
    refundsByKey.set(key, { status: 201, body: record });
    return send(response, 201, record);
  }

  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => { text += chunk; });
    request.on('end', () => {
      let body = {};
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        return send(response, 400, error('invalid_request_error', 'invalid_json', 'the body is not JSON'));
      }
      const url = new URL(request.url, 'http://gateway');
      const route = `${request.method} ${url.pathname}`;
      // The cardholder's step is answered from the checkout page, on any origin (CORS).
      if (/^(POST|OPTIONS) \/3ds\//.test(route)) response.setHeader('access-control-allow-origin', '*');
      if (/^OPTIONS \/3ds\/[\w]+$/.test(route)) {
        response.writeHead(204, { 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type' });
        return response.end();
      }
      const threeDs = /^POST \/3ds\/([\w]+)$/.exec(route);
      if (threeDs) {
        const authentication = authentications.get(threeDs[1]);
        if (!authentication) return send(response, 404, error('invalid_request_error', 'not_found', 'no such authentication'));
        authentication.result = body.result === 'pass' ? 'pass' : 'fail';
        return send(response, 200, { id: authentication.id, result: authentication.result });
      }
      if (request.headers.authorization !== `Bearer ${apiKey}`) return send(response, 401, error('authentication_error', 'unauthenticated', 'bad API key'));
      const key = request.headers['idempotency-key'];
      if (route === 'POST /v1/charges') {
        if (!key) return send(response, 400, error('invalid_request_error', 'idempotency_key_missing', 'charges need an Idempotency-Key'));
        const stored = byKey.get(key);
        if (stored) {
          if (stored.request.amount !== body.amount || stored.request.currency !== body.currency || stored.request.capture !== (body.capture !== false)) {
            return send(response, 409, error('idempotency_error', 'idempotency_key_reused', 'this key was used for another request'));
          }
          return send(response, stored.status, stored.body);
        }
        return createCharge(key, body, response);
      }
      if (route === 'POST /v1/bank_accounts/verifications') {
        if (!key) return send(response, 400, error('invalid_request_error', 'idempotency_key_missing', 'verifications need an Idempotency-Key'));
        return startVerification(key, body, response);
      }
      const verificationRoute = /^POST \/v1\/bank_accounts\/verifications\/([\w]+)\/confirm$/.exec(route);
      if (verificationRoute) {
        const verification = verifications.get(verificationRoute[1]);
        if (!verification) return send(response, 404, error('invalid_request_error', 'not_found', 'no such verification'));
        return confirmVerification(verification, body, response);
      }
      if (route === 'GET /v1/charges') {
        const wanted = url.searchParams.get('idempotency_key');
        return send(response, 200, { data: [...charges.values()].filter((charge) => charge.idempotency_key === wanted).map(publicCharge) });
      }
      const chargeRoute = /^POST \/v1\/charges\/([\w]+)\/(confirm|refunds|capture|void)$/.exec(route);
      if (chargeRoute) {
        const charge = charges.get(chargeRoute[1]);
        if (!charge) return send(response, 404, error('invalid_request_error', 'not_found', 'no such charge'));
        if (chargeRoute[2] === 'confirm') return confirmCharge(charge, response);
        if (!key) return send(response, 400, error('invalid_request_error', 'idempotency_key_missing', `${chargeRoute[2]} needs an Idempotency-Key`));
        if (chargeRoute[2] === 'refunds') return refund(charge, key, body, response);
        const stored = operationsByKey.get(key);
        if (stored) return send(response, stored.status, stored.body);
        return chargeRoute[2] === 'capture' ? capture(charge, key, body, response) : voidCharge(charge, key, response);
      }
      const evidenceRoute = /^POST \/v1\/disputes\/([\w]+)\/evidence$/.exec(route);
      if (evidenceRoute) {
        const dispute = disputes.get(evidenceRoute[1]);
        if (!dispute) return send(response, 404, error('invalid_request_error', 'not_found', 'no such dispute'));
        if (!key) return send(response, 400, error('invalid_request_error', 'idempotency_key_missing', 'evidence needs an Idempotency-Key'));
        const stored = operationsByKey.get(key);
        if (stored) return send(response, stored.status, stored.body);
        return submitEvidence(dispute, key, body, response);
      }
      if (route === 'GET /admin/charges') return send(response, 200, { data: [...charges.values()].map(publicCharge), charge_requests: chargeRequests });
      if (route === 'POST /admin/advance') {
        advance(Number.isInteger(body.days) && body.days > 0 ? body.days : 1);
        return send(response, 200, { day: clockDays });
      }
      if (route === 'POST /admin/faults') {
        faults.push({ kind: body.kind, times: body.times || 1 });
        return send(response, 204, {});
      }
      return send(response, 404, error('invalid_request_error', 'not_found', `no route ${route}`));
    });
  });

  server.listen(Number(env.PORT || 0), env.HOST || '127.0.0.1', () => {
    const { address, port } = server.address();
    base = `http://${address}:${port}`;
    process.stdout.write(`gateway ${name} listening on ${base}\n`);
  });
  const stop = () => {
    for (const response of hanging) response.destroy();
    server.close(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, stop);
}

try {
  startGateway(process.env);
} catch (failure) {
  process.stderr.write(`gateway failed to start: ${failure.message}\n`);
  process.exit(1);
}
