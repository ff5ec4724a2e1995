'use strict';
const { parseJson } = require('../db/rows');
const { planVersionPrices } = require('../catalog/plans');
const { presentPrice } = require('../catalog/prices');

/// The licensed items a subscription pays for each period, in advance: the plan's recurring
/// prices (of the plan version it is on) at the subscription's quantity, and each add-on's
/// recurring price at its quantity.
/// Usage prices (billed in arrears) and one-time prices are not period items. Each item's `id`
/// pairs it across a change (the core prorates only items whose charge changed). `readPrices`:
/// a plan version's prices (a billing run's batch reads them once).
async function periodItems(executor, { planId, planVersion, quantity, addOns, readPrices = (id, version) => planVersionPrices(executor, id, version) }) {
  const items = [];
  for (const price of await readPrices(planId, planVersion)) {
    if (price.type === 'recurring') items.push({ id: `price:${price.id}`, price, quantity });
  }
  for (const addOn of addOns) {
    const row = await executor.selectFrom('add_ons').innerJoin('prices', 'prices.id', 'add_ons.price_id')
      .selectAll('prices').where('add_ons.id', '=', addOn.add_on).executeTakeFirstOrThrow();
    const price = presentPrice(row);
    if (price.type === 'recurring') items.push({ id: `add_on:${addOn.add_on}`, price, quantity: addOn.quantity });
  }
  return items;
}

/// The add-ons column of a subscription row, parsed.
const storedAddOns = (row) => parseJson(row.add_ons) || [];

/// A quantity from the API (decimal string or integer) as the stored decimal string.
const quantityText = (quantity) => (typeof quantity === 'number' ? String(quantity) : quantity);

module.exports = { periodItems, storedAddOns, quantityText };
