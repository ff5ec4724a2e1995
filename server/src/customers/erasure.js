'use strict';
// The customers domain's part of a privacy erasure (server/src/privacy/): the customer record
// keeps its id, currency, billing zone, locale and test clock (what its frozen invoices and
// billing still refer to) and loses everything that names or reaches a person.
const { invalidState } = require('../http/errors');
const { presentCustomer } = require('./customers');

/// The name an erased customer carries instead of its own.
const ERASED_NAME = 'Erased customer';

/// Refuses (409 INVALID_STATE at `path`) a customer whose personal data was erased: it gets no
/// new subscription, portal session or billing details.
function assertNotErased(customer, path = '') {
  if (customer.erased_at) throw invalidState(`customer ${customer.id} was erased at ${customer.erased_at}`, path);
}

/// The personal values the customer record holds (for erasing their copies elsewhere).
function customerPersonalValues(customer) {
  const address = customer.address ? JSON.parse(customer.address) : {};
  const taxIds = JSON.parse(customer.tax_ids || '[]').map((taxId) => taxId.value);
  const metadata = Object.values(JSON.parse(customer.metadata || '{}'));
  return [customer.name, customer.email, customer.external_id, ...Object.entries(address)
    .filter(([field]) => field !== 'country').map(([, value]) => value), ...taxIds, ...metadata];
}

/// Replaces the customer's name with a placeholder and clears its email, external id, address,
/// tax ids and metadata; sets erased_at. Returns the customer as presented after the erasure.
async function eraseCustomerRecord(trx, customer, now) {
  const changes = { name: ERASED_NAME, email: null, external_id: null, address: null, tax_ids: '[]', metadata: '{}', erased_at: now, updated_at: now };
  await trx.updateTable('customers').set(changes).where('id', '=', customer.id).execute();
  return presentCustomer({ ...customer, ...changes });
}

module.exports = { assertNotErased, customerPersonalValues, eraseCustomerRecord };
