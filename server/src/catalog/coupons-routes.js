'use strict';
const { paginate, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, metadata, code, money, currency, instant } = require('../http/schemas');
const { ApiError } = require('../http/errors');
const { inTransaction } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { newId } = require('../ids');
const { toInstant, parseInstant } = require('../time');
const { DURATIONS, couponSchema, presentCoupon, findCoupon } = require('./coupons');
const { validateMoney, validatePercent } = require('./price-validation');

const name = { type: 'string', minLength: 1, maxLength: 200 };

/// Coupons: a percentage or a fixed amount off, once, for N periods or forever, on every item
/// or on the listed plans and prices. Discounts themselves are computed by the core's invoice.
async function couponRoutes(app, { services }) {
  const { db, clock, core } = services;
  const tags = ['Catalog'];

  app.post('/coupons', {
    config: { permission: 'catalog:write' },
    schema: {
      tags, summary: 'Create a coupon',
      body: {
        type: 'object', additionalProperties: false, required: ['code', 'name', 'duration'],
        properties: {
          code, name, percent_off: money, amount_off: money, currency, duration: { enum: DURATIONS },
          duration_in_periods: { type: 'integer', minimum: 1, maximum: 120 },
          max_redemptions: { type: 'integer', minimum: 1 }, redeem_by: instant,
          applies_to: { type: 'array', maxItems: 100, uniqueItems: true, items: { type: 'string', maxLength: 100 }, default: [] },
          metadata,
        },
      },
      response: { 201: couponSchema },
    },
  }, async (request, reply) => {
    const { body } = request;
    checkCouponShape(body);
    if (body.percent_off !== undefined) validatePercent(core, body.percent_off, '/percent_off');
    if (body.amount_off !== undefined) validateMoney(core, { currency: body.currency, amount: body.amount_off }, '/amount_off');
    const now = clock.now();
    const coupon = await inTransaction(db, async (trx) => {
      const taken = await trx.selectFrom('coupons').select('id').where('code', '=', body.code).executeTakeFirst();
      if (taken) throw new ApiError('CONFLICT', `coupon code "${body.code}" is taken by ${taken.id}`, '/code');
      for (const [index, target] of body.applies_to.entries()) await assertTargetExists(trx, target, `/applies_to/${index}`);
      const row = {
        id: newId('coupon'), code: body.code, name: body.name, percent_off: body.percent_off ?? null,
        amount_off: body.amount_off ?? null, currency: body.currency ?? null, duration: body.duration,
        duration_in_periods: body.duration_in_periods ?? null, max_redemptions: body.max_redemptions ?? null,
        times_redeemed: 0, redeem_by: body.redeem_by ? parseInstant(body.redeem_by) : null,
        applies_to: JSON.stringify(body.applies_to), active: 1, metadata: JSON.stringify(body.metadata || {}),
        created_at: toInstant(now), updated_at: toInstant(now),
      };
      await trx.insertInto('coupons').values(row).execute();
      const presented = presentCoupon(row);
      await recordEvent(trx, { type: 'coupon.created', object: presented }, now);
      return presented;
    });
    reply.code(201);
    return coupon;
  });

  app.get('/coupons', {
    config: { permission: 'catalog:read' },
    schema: {
      tags, summary: 'List coupons',
      querystring: listQuerySchema({ active: { type: 'boolean' }, code: { type: 'string' } }),
      response: { 200: listResponseSchema(couponSchema) },
    },
  }, async (request) => {
    let select = db.selectFrom('coupons').selectAll();
    if (request.query.active !== undefined) select = select.where('active', '=', request.query.active ? 1 : 0);
    if (request.query.code) select = select.where('code', '=', request.query.code);
    return paginate(select, request.query, presentCoupon);
  });

  app.get('/coupons/:id', {
    config: { permission: 'catalog:read' },
    schema: { tags, summary: 'Retrieve a coupon', params: idParam(), response: { 200: couponSchema } },
  }, async (request) => presentCoupon(await findCoupon(db, request.params.id)));

  app.patch('/coupons/:id', {
    config: { permission: 'catalog:write' },
    schema: {
      tags, summary: 'Update a coupon (its discount never changes)',
      params: idParam(),
      body: { type: 'object', additionalProperties: false, properties: { name, active: { type: 'boolean' }, metadata } },
      response: { 200: couponSchema },
    },
  }, async (request) => {
    const now = clock.now();
    return inTransaction(db, async (trx) => {
      const row = await findCoupon(trx, request.params.id);
      const { body } = request;
      const changes = { updated_at: toInstant(now) };
      if (body.name !== undefined) changes.name = body.name;
      if (body.active !== undefined) changes.active = body.active ? 1 : 0;
      if (body.metadata !== undefined) changes.metadata = JSON.stringify(body.metadata);
      await trx.updateTable('coupons').set(changes).where('id', '=', row.id).execute();
      const presented = presentCoupon({ ...row, ...changes });
      await recordEvent(trx, { type: 'coupon.updated', object: presented }, now);
      return presented;
    });
  });
}

function checkCouponShape(body) {
  const hasPercent = body.percent_off !== undefined;
  const hasAmount = body.amount_off !== undefined;
  if (hasPercent === hasAmount) throw new ApiError(hasPercent ? 'INVALID_ARGUMENT' : 'MISSING_FIELD', 'give exactly one of percent_off and amount_off', hasPercent ? '/amount_off' : '/percent_off');
  if (hasAmount && body.currency === undefined) throw new ApiError('MISSING_FIELD', 'an amount_off coupon needs its currency', '/currency');
  if (hasPercent && body.currency !== undefined) throw new ApiError('INVALID_ARGUMENT', 'a percent_off coupon has no currency', '/currency');
  if (body.duration === 'repeating' && body.duration_in_periods === undefined) {
    throw new ApiError('MISSING_FIELD', 'a repeating coupon needs duration_in_periods', '/duration_in_periods');
  }
  if (body.duration !== 'repeating' && body.duration_in_periods !== undefined) {
    throw new ApiError('INVALID_ARGUMENT', `a ${body.duration} coupon has no duration_in_periods`, '/duration_in_periods');
  }
}

async function assertTargetExists(trx, target, path) {
  const table = target.startsWith('plan_') ? 'plans' : target.startsWith('price_') ? 'prices' : null;
  const found = table && await trx.selectFrom(table).select('id').where('id', '=', target).executeTakeFirst();
  if (!found) throw new ApiError('NOT_FOUND', `applies_to names a plan or price id; no plan or price "${target}"`, path);
}

module.exports = couponRoutes;
