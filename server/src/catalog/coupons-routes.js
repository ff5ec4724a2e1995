'use strict';
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, metadata, code, money, currency, instant, name } = require('../http/schemas');
const { updateObject } = require('../db/update-object');
const { DURATIONS, couponSchema, presentCoupon, findCoupon, createCoupon, COUPON_UPDATE_FIELDS } = require('./coupons');

/// Coupons: a percentage or a fixed amount off, once, for N periods or forever, on every item
/// or on the listed plans and prices. Discounts themselves are computed by the core's invoice.
async function couponRoutes(app, { services }) {
  const { db, clock } = services;
  const tags = ['Catalog'];

  app.post('/coupons', {
    config: { permission: 'catalog:write' },
    schema: {
      operationId: 'createCoupon', tags, summary: 'Create a coupon',
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
    reply.code(201);
    return request.transaction((trx) => createCoupon(trx, services, request.body));
  });

  app.get('/coupons', {
    config: { permission: 'catalog:read' },
    schema: {
      operationId: 'listCoupons', tags, summary: 'List coupons',
      querystring: listQuerySchema({ active: { type: 'boolean' }, code: { type: 'string' } }),
      response: { 200: listResponseSchema(couponSchema) },
    },
  }, async (request) => {
    let select = db.selectFrom('coupons').selectAll();
    if (request.query.active !== undefined) select = select.where('active', '=', request.query.active ? 1 : 0);
    if (request.query.code) select = select.where('code', '=', request.query.code);
    return paginate(select, request.query, eachRow(presentCoupon));
  });

  app.get('/coupons/:id', {
    config: { permission: 'catalog:read' },
    schema: { operationId: 'retrieveCoupon', tags, summary: 'Retrieve a coupon', params: idParam(), response: { 200: couponSchema } },
  }, async (request) => presentCoupon(await findCoupon(db, request.params.id)));

  app.patch('/coupons/:id', {
    config: { permission: 'catalog:write' },
    schema: {
      operationId: 'updateCoupon', tags, summary: 'Update a coupon (its discount never changes)',
      params: idParam(),
      body: { type: 'object', additionalProperties: false, properties: { name, active: { type: 'boolean' }, metadata } },
      response: { 200: couponSchema },
    },
  }, async (request) => request.transaction(async (trx) => updateObject(trx, {
    table: 'coupons', row: await findCoupon(trx, request.params.id), body: request.body, fields: COUPON_UPDATE_FIELDS,
    present: presentCoupon, eventType: 'coupon.updated', now: clock.now(),
  })));
}

module.exports = couponRoutes;
