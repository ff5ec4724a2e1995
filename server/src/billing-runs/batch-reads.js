'use strict';
// Reads a billing run repeats for every customer though their answers do not change while it
// runs: the seller's settings, plans and their versions' prices. `directReads` asks the
// database every time; `onceReads` asks it once per batch (one transaction, bill-batch.js).
const { readSettings } = require('../settings/seller-settings');
const { findPlan, planVersionPrices } = require('../catalog/plans');

/// { settings(), plan(id), prices(planId, version) }, each read from `executor` at every call.
function directReads(executor) {
  return {
    settings: () => readSettings(executor),
    plan: (id) => findPlan(executor, id),
    prices: (planId, version) => planVersionPrices(executor, planId, version),
  };
}

/// The same reads, each answer kept for the rest of the transaction `executor`.
function onceReads(executor) {
  const direct = directReads(executor);
  const kept = new Map();
  const once = (key, read) => {
    if (!kept.has(key)) kept.set(key, read());
    return kept.get(key);
  };
  return {
    settings: () => once('settings', direct.settings),
    plan: (id) => once(`plan ${id}`, () => direct.plan(id)),
    prices: (planId, version) => once(`prices ${planId} ${version}`, () => direct.prices(planId, version)),
  };
}

module.exports = { directReads, onceReads };
