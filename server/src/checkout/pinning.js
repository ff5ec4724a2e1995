'use strict';
const { ApiError } = require('../http/errors');
const { planPrices } = require('../catalog/plans');
const { presentPrice } = require('../catalog/prices');
const { toInstant } = require('../time');
const calendar = require('../subscriptions/calendar');

/// How checkout items are taxed: software sold online.
const TAX_CATEGORY = 'digital_services';

// The core's form of an instant ("2026-01-31T09:00:00Z").
const coreInstant = (instant) => calendar.coreInstant(toInstant(new Date(instant)));

/// What a checkout session quotes from, read from the catalog now: the plan asked for and the
/// other active plans of its product in its currency (monthly and annual, say), each with its
/// quote items and trial end from `start`; the recurring add-ons in that currency; the seller's
/// tax settings; and the coupon, when one is applied and still valid. Item ids are the ones the
/// subscription will have (`price:<id>`, `add_on:<id>`), so the quote is its first invoice.
async function pinCatalog(executor, { core, config }, { plan, timeZone, start, couponId, now }) {
  const plans = await executor.selectFrom('plans').selectAll()
    .where('product_id', '=', plan.product_id).where('currency', '=', plan.currency).where('active', '=', 1)
    .orderBy('id').execute();
  const options = [];
  for (const row of plans) options.push(await planOption(executor, core, row, { timeZone, start }));
  const addOns = await addOnOptions(executor, plan.currency);
  const pinned = { plans: options, add_ons: addOns, seller: config.checkoutSeller, coupon: null };
  if (couponId) pinned.coupon = await stillValidCoupon(executor, couponId, pinned, plan.currency, now);
  return pinned;
}

// The coupon applied earlier, if it can still be redeemed; else none (the quote changes).
async function stillValidCoupon(executor, couponId, pinned, currency, now) {
  try {
    return await pinCoupon(executor, { id: couponId }, pinned, currency, now);
  } catch (error) {
    if (error instanceof ApiError) return null;
    throw error;
  }
}

async function planOption(executor, core, row, { timeZone, start }) {
  const items = [];
  for (const price of await planPrices(executor, row.id)) {
    if (price.type === 'recurring') items.push(fixedItem(`price:${price.id}`, price.nickname, price.pricing));
    if (price.type === 'usage') items.push({ id: `price:${price.id}`, type: 'usage', metric: price.metric, price: price.pricing, tax_category: TAX_CATEGORY });
  }
  const trialEnd = row.trial_days > 0 ? coreInstant(calendar.trialEnd(core, { start, days: row.trial_days, timeZone })) : null;
  return {
    plan: row.id, code: row.code, name: row.name, interval: row.interval, interval_count: row.interval_count,
    trial_days: row.trial_days, trial_end: trialEnd, version: row.version,
    seats_adjustable: items.some((item) => item.type === 'fixed' && item.price.model !== 'flat'),
    items,
  };
}

function fixedItem(id, description, pricing) {
  return { id, type: 'fixed', ...(description ? { description } : {}), price: pricing, tax_category: TAX_CATEGORY };
}

async function addOnOptions(executor, currency) {
  const rows = await executor.selectFrom('add_ons').innerJoin('prices', 'prices.id', 'add_ons.price_id')
    .selectAll('prices').select(['add_ons.id as add_on_id', 'add_ons.code as add_on_code', 'add_ons.name as add_on_name'])
    .where('add_ons.active', '=', 1).where('prices.currency', '=', currency).where('prices.type', '=', 'recurring')
    .orderBy('add_ons.id').execute();
  return rows.map((row) => ({
    add_on: row.add_on_id, code: row.add_on_code, name: row.add_on_name,
    item: fixedItem(`add_on:${row.add_on_id}`, row.add_on_name, presentPrice(row).pricing),
  }));
}

/// A coupon (by `code` or `id`) checked as a subscription will redeem it, in the form the quote
/// takes: { id, code, name, core }. INVALID_ARGUMENT at /code when it cannot be used.
async function pinCoupon(executor, { code, id }, pinned, currency, now) {
  let query = executor.selectFrom('coupons').selectAll();
  query = id ? query.where('id', '=', id) : query.where('code', '=', code);
  const coupon = await query.executeTakeFirst();
  const refuse = (why) => new ApiError('INVALID_ARGUMENT', why, '/code');
  if (!coupon) throw refuse(`no coupon "${code ?? id}"`);
  if (!Number(coupon.active)) throw refuse(`coupon ${coupon.code} is no longer valid`);
  if (coupon.redeem_by && coupon.redeem_by <= toInstant(now)) throw refuse(`coupon ${coupon.code} could be redeemed until ${coupon.redeem_by}`);
  if (coupon.amount_off !== null && coupon.currency !== currency) throw refuse(`coupon ${coupon.code} is in ${coupon.currency}, this checkout in ${currency}`);
  if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions) throw refuse(`coupon ${coupon.code} has reached its ${coupon.max_redemptions} redemptions`);
  const core = { id: coupon.id, duration: coupon.duration };
  if (coupon.percent_off !== null) core.percent_off = coupon.percent_off;
  else Object.assign(core, { amount_off: coupon.amount_off, currency: coupon.currency });
  if (coupon.duration === 'repeating') core.duration_periods = coupon.duration_in_periods;
  const appliesTo = JSON.parse(coupon.applies_to || '[]');
  if (appliesTo.length) core.applies_to = couponItems(appliesTo, pinned);
  return { id: coupon.id, code: coupon.code, name: coupon.name, core };
}

// A coupon's applies_to names plans and prices; the core's names item ids.
function couponItems(appliesTo, pinned) {
  const ids = new Set();
  for (const option of pinned.plans) {
    for (const item of option.items) {
      if (appliesTo.includes(option.plan) || appliesTo.includes(item.id.slice('price:'.length))) ids.add(item.id);
    }
  }
  return [...ids];
}

module.exports = { pinCatalog, pinCoupon, coreInstant, TAX_CATEGORY };
