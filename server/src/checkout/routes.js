'use strict';
const { ApiError } = require('../http/errors');
const { idParam, quantity, name } = require('../http/schemas');
const { errorResponse } = require('../http/schemas');
const { checkoutSessionSchema, presentCheckoutSession, lockCheckoutSession, findCheckoutSession } = require('./sessions');
const service = require('./service');
const { checkCardToken, payCheckout, confirmCheckoutPayment, settleCheckoutPayment } = require('./payment');
const { checkBankAccountToken, payCheckoutByBankAccount } = require('./bank-account');
const { vaultPublicUrl } = require('../payments/settings');

const checkoutResponse = { 200: checkoutSessionSchema };

const quoteChangedSchema = {
  title: 'CheckoutQuoteChanged',
  type: 'object',
  description: 'QUOTE_CHANGED: the first invoice is no longer the one quoted; nothing was created. `quote` is the new quote to show, `session` the session pinned anew',
  properties: { ...errorResponse.properties, session: checkoutSessionSchema, quote: { type: 'object', additionalProperties: true } },
};

/// Hosted checkout: sessions a seller's backend (a secret key) or a public checkout link (a
/// publishable key, rcpk_) opens for a plan; the page quotes from what the session pins, with
/// the core as WebAssembly, and the server recomputes that quote on completion.
async function checkoutRoutes(app, { services }) {
  const { db, clock, dialect } = services;
  const tags = ['Checkout'];
  // Every session answered names where the page posts the card (config.payments).
  const shown = (session) => ({ ...session, card_vault_url: vaultPublicUrl(services.config) });
  const underLock = (request, work) => request.transaction(async (trx) => work(trx, await lockCheckoutSession(trx, dialect, request.params.id)));

  app.post('/checkout_sessions', {
    config: { permission: 'checkout:write', browser: true },
    schema: {
      operationId: 'createCheckoutSession', tags, summary: 'Open a checkout session for a plan (pins the start, ids, plan options and tax settings)',
      body: {
        type: 'object', additionalProperties: false,
        properties: {
          plan: { type: 'string', maxLength: 100 }, plan_code: { type: 'string', maxLength: 64 },
          time_zone: { type: 'string', minLength: 1, maxLength: 64, description: 'The billing zone of the customer to create (IANA); UTC by default' },
          ttl_seconds: { type: 'integer', minimum: 60, maximum: 86400, description: 'How long the session stays open (RATECARD_CHECKOUT_TTL_SECONDS by default)' },
          success_url: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000 },
        },
      },
      response: { 201: checkoutSessionSchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return shown(await request.transaction((trx) => service.createCheckoutSession(trx, services, request.body)));
  });

  app.get('/checkout_sessions/:id', {
    config: { permission: 'checkout:read', browser: true },
    schema: { operationId: 'retrieveCheckoutSession', tags, summary: 'Retrieve a checkout session', params: idParam(), response: checkoutResponse },
  }, async (request) => {
    const row = await findCheckoutSession(db, request.params.id);
    // With a card step, the payment may have settled since (the recovery job, after a crash).
    return shown(row.payment_status ? await settleCheckoutPayment(services, row.id) : presentCheckoutSession(row, clock.now()));
  });

  app.post('/checkout_sessions/:id/coupon', {
    config: { permission: 'checkout:write', browser: true },
    schema: {
      operationId: 'applyCheckoutCoupon', tags, summary: 'Apply a coupon code to an open checkout session (checked and pinned by the server), or remove it with null',
      params: idParam(),
      body: { type: 'object', additionalProperties: false, required: ['code'], properties: { code: { type: ['string', 'null'], minLength: 1, maxLength: 64 } } },
      response: checkoutResponse,
    },
  }, async (request) => underLock(request, async (trx, row) => shown(await service.applyCoupon(trx, services, row, request.body))));

  app.post('/checkout_sessions/:id/complete', {
    config: { permission: 'checkout:write', browser: true },
    schema: {
      operationId: 'completeCheckoutSession', tags,
      summary: 'Complete a checkout: the server recomputes the first invoice; refused with the new quote (409 QUOTE_CHANGED) when its content hash is not quote_hash',
      params: idParam(),
      body: {
        type: 'object', additionalProperties: false, required: ['plan', 'billing', 'quote_hash'],
        properties: {
          plan: { type: 'string', maxLength: 100 }, quantity,
          add_ons: {
            type: 'array', maxItems: 20,
            items: { type: 'object', additionalProperties: false, required: ['add_on'], properties: { add_on: { type: 'string', maxLength: 100 }, quantity } },
          },
          billing: {
            type: 'object', additionalProperties: false, required: ['name', 'email', 'country'],
            properties: {
              name, email: { type: 'string', format: 'email', maxLength: 320 },
              country: { type: 'string', pattern: '^[A-Z]{2}$' }, region: { type: 'string', minLength: 1, maxLength: 100 },
              postal_code: { type: 'string', minLength: 1, maxLength: 20 }, tax_id: { type: 'string', minLength: 1, maxLength: 50 },
            },
          },
          quote_hash: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'The content_hash of the quote the buyer was shown' },
          vault_token: {
            type: 'string', pattern: '^b?tok_', maxLength: 200,
            description: 'The card step: the token the vault gave for the card (tok_) the page posted to it. The order is placed, the card put on file as the default and the first invoice charged; payment_status says the outcome. A US bank account (btok_, USD checkouts, with mandate_accepted): the order is placed, the account put on file awaiting its micro-deposits, and the session completes as requires_verification',
          },
          mandate_accepted: { type: 'boolean', description: 'With a bank account: the buyer accepted the authorization to debit it (required, true)' },
        },
      },
      response: { 200: checkoutSessionSchema, 409: quoteChangedSchema },
    },
  }, async (request, reply) => {
    const { vault_token: vaultToken } = request.body;
    if (request.body.mandate_accepted !== undefined && !vaultToken?.startsWith('btok_')) {
      throw new ApiError('INVALID_ARGUMENT', 'is for a bank account (a btok_ vault token) only', '/mandate_accepted');
    }
    if (vaultToken === undefined) return underLock(request, (trx, row) => completion(trx, row, request, reply));
    // The card step: the card is checked with the vault before anything is created; the order
    // is placed in the request's transaction (its audit entry commits with it) without storing
    // the response, the card charged after it commits, and the Idempotency-Key keeps the answer
    // that says the payment's outcome.
    // The same completion repeated after its card paid (its answer lost, say to a crash before
    // it was sent): the completed session, as the first answer would have been. Another card
    // for a completed session is refused below (already complete).
    const current = await findCheckoutSession(db, request.params.id);
    if (vaultToken.startsWith('btok_')) return completionByBankAccount(request, reply, current);
    if (current.status === 'complete' && current.payment_status && request.body.quote_hash === current.quote_hash
      && await db.selectFrom('payment_methods').select('id').where('customer_id', '=', current.customer_id).where('vault_token', '=', vaultToken).executeTakeFirst()) {
      return shown(await settleCheckoutPayment(services, current.id));
    }
    const card = await checkCardToken(services, vaultToken);
    const placed = await request.transaction(async (trx) => completion(trx, await lockCheckoutSession(trx, dialect, request.params.id), request, reply), { storeResponse: false });
    if (reply.statusCode === 409) return placed;
    return shown(await payCheckout(services, request.params.id, { vaultToken, card, ip: request.ip }, placed.quote));
  });

  app.post('/checkout_sessions/:id/confirm_payment', {
    config: { permission: 'checkout:write', browser: true },
    schema: {
      operationId: 'confirmCheckoutPayment', tags,
      summary: 'After the 3-D Secure step the gateway offered (payment.next_action.url): has the gateway go on with the charge; the session is complete, or unpaid (another card may be tried)',
      params: idParam(), response: checkoutResponse,
    },
  }, async (request) => shown(await confirmCheckoutPayment(services, request.params.id)));

  // A US bank account (bank-account.js): checked before anything is created, the order placed
  // as with a card, then the account put on file and the session completed awaiting its
  // verification. The same completion repeated after it completed (its answer lost) answers it again.
  const completionByBankAccount = async (request, reply, current) => {
    const { vault_token: vaultToken } = request.body;
    const account = await checkBankAccountToken(services, current, request.body);
    const byBank = { vaultToken, account, ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
    if (current.status === 'complete' && current.payment_method_id && request.body.quote_hash === current.quote_hash) {
      return shown(await payCheckoutByBankAccount(services, current.id, byBank));
    }
    const placed = await request.transaction(async (trx) => completion(trx, await lockCheckoutSession(trx, dialect, request.params.id), request, reply), { storeResponse: false });
    if (reply.statusCode === 409) return placed;
    return shown(await payCheckoutByBankAccount(services, request.params.id, byBank, placed.quote));
  };

  // The session completed (or, with a card, its order placed), or the answer 409 QUOTE_CHANGED.
  const completion = async (trx, row, request, reply) => {
    const outcome = await service.completeCheckoutSession(trx, services, row, request.body);
    if (!outcome.refused) return shown(outcome.session);
    // Refused: the session was pinned anew (that commits); the status is set before the
    // response is stored for the Idempotency-Key.
    reply.code(409);
    return {
      error: {
        code: 'QUOTE_CHANGED', path: '/quote_hash', request_id: request.id,
        message: 'the price changed since this quote was shown (the plan, an add-on or the coupon changed): review the new quote and submit again',
      },
      session: shown(outcome.session), quote: outcome.quote,
    };
  };
}

module.exports = checkoutRoutes;
