'use strict';
const { ApiError, notFound } = require('../http/errors');
const { parseJson, bool } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { newId } = require('../ids');
const { toInstant, parseInstant } = require('../time');
const { validateMoney, validatePercent } = require('./price-validation');

const DURATIONS = ['once', 'repeating', 'forever'];

const couponSchema = {
  title: 'Coupon',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'coupon' }, code: { type: 'string' }, name: { type: 'string' },
    percent_off: { type: ['string', 'null'] }, amount_off: { type: ['string', 'null'] }, currency: { type: ['string', 'null'] },
    duration: { enum: DURATIONS }, duration_in_periods: { type: ['integer', 'null'] },
    max_redemptions: { type: ['integer', 'null'] }, times_redeemed: { type: 'integer' },
    redeem_by: { type: ['string', 'null'] }, applies_to: { type: 'array', items: { type: 'string' } },
    active: { type: 'boolean' }, metadata: { type: 'object', additionalProperties: { type: 'string' } },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

function presentCoupon(row) {
  return {
    id: row.id, object: 'coupon', code: row.code, name: row.name, percent_off: row.percent_off,
    amount_off: row.amount_off, currency: row.currency, duration: row.duration,
    duration_in_periods: row.duration_in_periods, max_redemptions: row.max_redemptions,
    times_redeemed: row.times_redeemed, redeem_by: row.redeem_by, applies_to: parseJson(row.applies_to),
    active: bool(row.active), metadata: parseJson(row.metadata), created_at: row.created_at, updated_at: row.updated_at,
  };
}

async function findCoupon(executor, id, path = '') {
  const row = await executor.selectFrom('coupons').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('coupon', id, path);
  return row;
}

/// Creates a coupon in `trx` (its percent or amount checked by the core), and records
/// coupon.created.
async function createCoupon(trx, { core, clock }, body) {
  checkCouponShape(body);
  if (body.percent_off !== undefined) validatePercent(core, body.percent_off, '/percent_off');
  if (body.amount_off !== undefined) validateMoney(core, { currency: body.currency, amount: body.amount_off }, '/amount_off');
  const taken = await trx.selectFrom('coupons').select('id').where('code', '=', body.code).executeTakeFirst();
  if (taken) throw new ApiError('CONFLICT', `coupon code "${body.code}" is taken by ${taken.id}`, '/code');
  const appliesTo = body.applies_to || [];
  for (const [index, target] of appliesTo.entries()) await assertTargetExists(trx, target, `/applies_to/${index}`);
  const now = clock.now();
  const row = {
    id: newId('coupon'), code: body.code, name: body.name, percent_off: body.percent_off ?? null,
    amount_off: body.amount_off ?? null, currency: body.currency ?? null, duration: body.duration,
    duration_in_periods: body.duration_in_periods ?? null, max_redemptions: body.max_redemptions ?? null,
    times_redeemed: 0, redeem_by: body.redeem_by ? parseInstant(body.redeem_by) : null,
    applies_to: JSON.stringify(appliesTo), active: 1, metadata: JSON.stringify(body.metadata || {}),
    created_at: toInstant(now), updated_at: toInstant(now),
  };
  await trx.insertInto('coupons').values(row).execute();
  const presented = presentCoupon(row);
  await recordEvent(trx, { type: 'coupon.created', object: presented }, now);
  return presented;
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

/// The fields PATCH /v1/coupons/:id changes (its discount never changes).
const COUPON_UPDATE_FIELDS = { name: 'value', active: 'flag', metadata: 'json' };

module.exports = { DURATIONS, couponSchema, presentCoupon, findCoupon, createCoupon, COUPON_UPDATE_FIELDS };
