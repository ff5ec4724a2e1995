'use strict';
// The two simulated gateways differ as real ones do: which currencies and card brands they
// take, and how reliable they are.

const PROFILES = {
  /// Atlas: a few currencies, Visa and Mastercard only, and US bank debits (ACH).
  atlas: { currencies: ['USD', 'EUR', 'GBP', 'CAD'], brands: ['visa', 'mastercard'], bankDebits: true },
  /// Beacon: more currencies and brands, and intermittent timeouts (GATEWAY_TIMEOUT_EVERY).
  beacon: { currencies: ['USD', 'EUR', 'GBP', 'JPY', 'BRL', 'AUD'], brands: ['visa', 'mastercard', 'amex', 'discover'], bankDebits: false },
};

module.exports = { PROFILES };
