'use strict';

/// Asks the core whether a price object is valid in a currency, by pricing nothing with it.
/// Errors come back with the core's code, their path re-rooted at `bodyPath` (e.g. "/pricing").
function validatePricing(core, { currency, pricing }, bodyPath = '/pricing', currencyPath = '/currency') {
  const request = { op: 'price', currency, price: pricing };
  if (pricing && pricing.model === 'percentage') request.events = [];
  else request.quantity = '0';
  core.run(request, [['/price', bodyPath], ['/currency', currencyPath]]);
}

/// Asks the core whether `amount` is money in `currency` (a flat price of that amount).
function validateMoney(core, { currency, amount }, amountPath, currencyPath = '/currency') {
  core.run({ op: 'price', currency, price: { model: 'flat', amount } },
    [['/price/amount', amountPath], ['/currency', currencyPath]]);
}

/// Asks the core whether `rate` is a percentage (0 to 100, as the core reads rates).
function validatePercent(core, rate, ratePath) {
  core.run({ op: 'price', currency: 'USD', price: { model: 'percentage', rate }, events: [] },
    [['/price/rate', ratePath]]);
}

/// Asks the core whether `currency` is an active ISO 4217 code.
function validateCurrency(core, currency, currencyPath = '/currency') {
  validateMoney(core, { currency, amount: '0' }, '', currencyPath);
}

module.exports = { validatePricing, validateMoney, validatePercent, validateCurrency };
