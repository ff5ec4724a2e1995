'use strict';
const { ApiError } = require('../http/errors');
const { isZero } = require('../catalog/portal-policy');
const { findAddOn } = require('../catalog/add-ons');
const { findPrice } = require('../catalog/prices');
const { quantityText } = require('./items');

/// Throws unless `customer` may subscribe to `plan`: active, in the customer's currency.
function checkPlanFor(customer, plan, path) {
  if (!Number(plan.active)) throw new ApiError('INVALID_ARGUMENT', `plan ${plan.id} is archived`, path);
  if (plan.currency !== customer.currency) {
    throw new ApiError('INVALID_ARGUMENT', `plan ${plan.id} is in ${plan.currency}, the customer pays in ${customer.currency}`, path);
  }
}

/// The add-ons of a request, checked (each once, active, in the customer's currency) and
/// normalized to [{ add_on, quantity }] with decimal-string quantities.
async function checkAddOns(trx, customer, requested) {
  const seen = new Set();
  const addOns = [];
  for (const [index, item] of requested.entries()) {
    const path = `/add_ons/${index}/add_on`;
    const addOn = await findAddOn(trx, item.add_on, path);
    if (seen.has(addOn.id)) throw new ApiError('INVALID_ARGUMENT', `add-on ${addOn.id} is listed twice`, path);
    seen.add(addOn.id);
    if (!Number(addOn.active)) throw new ApiError('INVALID_ARGUMENT', `add-on ${addOn.id} is archived`, path);
    const price = await findPrice(trx, addOn.price_id);
    if (price.currency !== customer.currency) {
      throw new ApiError('INVALID_ARGUMENT', `add-on ${addOn.id} is priced in ${price.currency}, the customer pays in ${customer.currency}`, path);
    }
    if (item.quantity !== undefined) checkQuantity(item.quantity, `/add_ons/${index}/quantity`);
    addOns.push({ add_on: addOn.id, quantity: quantityText(item.quantity ?? '1') });
  }
  return addOns;
}

/// A subscription's quantities are positive: ending one is a cancellation, removing an add-on
/// is leaving it out.
function checkQuantity(quantity, path) {
  if (isZero(quantity)) throw new ApiError('INVALID_ARGUMENT', 'must be greater than 0 (cancel the subscription, or leave the add-on out, instead)', path);
}

module.exports = { checkPlanFor, checkAddOns, checkQuantity };
