'use strict';
const { notFound } = require('../http/errors');
const { parseJson, bool } = require('../db/rows');

const DURATIONS = ['once', 'repeating', 'forever'];

const couponSchema = {
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

module.exports = { DURATIONS, couponSchema, presentCoupon, findCoupon };
