'use strict';
// The `tax` object of an invoice request: the seller's registrations (seller settings) and the
// customer's address and tax ids, dated at the billing moment in the customer's billing zone.
const { parseJson } = require('../db/rows');
const { taxSeller } = require('../settings/seller-settings');
const { coreInstant } = require('../subscriptions/calendar');

/// The tax object for `customer` (a row) at `taxPoint` (a stored instant), or null when the
/// invoice carries no tax: the seller set no tax country, or the customer has no address
/// country to place the sale in.
function invoiceTax(settings, customer, taxPoint) {
  const seller = taxSeller(settings);
  const address = parseJson(customer.address);
  if (!seller || !address || !address.country) return null;
  const taxCustomer = { country: address.country };
  if (address.state) taxCustomer.region = address.state;
  if (address.postal_code) taxCustomer.postal_code = address.postal_code;
  const [taxId] = parseJson(customer.tax_ids) || [];
  if (taxId) taxCustomer.tax_id = taxId.value;
  return {
    tax_point: coreInstant(taxPoint), time_zone: customer.timezone, tax_rounding: settings.tax_rounding,
    seller, customer: taxCustomer,
  };
}

/// The tax fields every item of the seller carries.
function itemTaxFields(settings) {
  return { tax_category: settings.default_tax_category, tax_behavior: settings.default_tax_behavior };
}

module.exports = { invoiceTax, itemTaxFields };
