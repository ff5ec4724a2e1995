'use strict';
const { ApiError, notFound } = require('../http/errors');
const { parseJson } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { validateCurrency } = require('../catalog/price-validation');
const { validateTimeZone } = require('./time-zone');

const addressSchema = {
  title: 'Address',
  type: 'object', additionalProperties: false,
  properties: {
    line1: { type: 'string', maxLength: 200 }, line2: { type: 'string', maxLength: 200 },
    city: { type: 'string', maxLength: 100 }, state: { type: 'string', maxLength: 100 },
    postal_code: { type: 'string', maxLength: 20 }, country: { type: 'string', pattern: '^[A-Z]{2}$' },
  },
};

const taxIdSchema = {
  title: 'TaxId',
  type: 'object', additionalProperties: false, required: ['type', 'value'],
  properties: {
    type: { type: 'string', pattern: '^[a-z]{2,4}_[a-z]{2,8}$', description: 'e.g. eu_vat, gb_vat, us_ein, au_abn' },
    value: { type: 'string', minLength: 1, maxLength: 50 },
  },
};

const customerSchema = {
  title: 'Customer',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'customer' }, external_id: { type: ['string', 'null'] },
    name: { type: 'string' }, email: { type: ['string', 'null'] }, currency: { type: 'string' },
    timezone: { type: 'string' }, locale: { type: ['string', 'null'] }, address: { anyOf: [addressSchema, { type: 'null' }] },
    tax_ids: { type: 'array', items: taxIdSchema }, test_clock: { type: ['string', 'null'] },
    invoice_consolidation: { type: 'boolean', description: 'Whether subscriptions renewing at the same billing moment share one invoice (true) or get one each (false)' },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    erased_at: { type: ['string', 'null'], description: 'When its personal data was erased (POST /v1/customers/:id/erase); null: never' },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

function presentCustomer(row) {
  return {
    id: row.id, object: 'customer', external_id: row.external_id, name: row.name, email: row.email,
    currency: row.currency, timezone: row.timezone, locale: row.locale, address: parseJson(row.address),
    tax_ids: parseJson(row.tax_ids), test_clock: row.test_clock_id, invoice_consolidation: Number(row.invoice_consolidation) === 1,
    metadata: parseJson(row.metadata), erased_at: row.erased_at ?? null,
    created_at: row.created_at, updated_at: row.updated_at,
  };
}

async function findCustomer(executor, id, path = '') {
  const row = await executor.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('customer', id, path);
  return row;
}

/// The customer's current instant: its test clock's frozen time, or the wall clock.
async function customerNow(executor, customer, clock) {
  if (!customer.test_clock_id) return clock.now();
  const testClock = await executor.selectFrom('test_clocks').select('frozen_time').where('id', '=', customer.test_clock_id).executeTakeFirstOrThrow();
  return new Date(testClock.frozen_time);
}

/// Creates a customer in `trx` (currency and billing time zone checked by the core, UTC by
/// default), and records customer.created. `pinned.id`: the id a checkout session promised.
async function createCustomer(trx, { core, clock }, body, pinned = {}) {
  const timezone = body.timezone ?? 'UTC';
  validateCurrency(core, body.currency);
  validateTimeZone(core, timezone, '/timezone');
  validateLocale(body.locale);
  if (body.test_clock) {
    const testClock = await trx.selectFrom('test_clocks').select('id').where('id', '=', body.test_clock).executeTakeFirst();
    if (!testClock) throw notFound('test clock', body.test_clock, '/test_clock');
  }
  await assertExternalIdFree(trx, body.external_id);
  const now = clock.now();
  const row = {
    id: pinned.id ?? newId('cus'), external_id: body.external_id ?? null, name: body.name, email: body.email ?? null,
    currency: body.currency, timezone, locale: body.locale ?? null, address: body.address ? JSON.stringify(body.address) : null,
    tax_ids: JSON.stringify(body.tax_ids || []), test_clock_id: body.test_clock ?? null, invoice_consolidation: body.invoice_consolidation === false ? 0 : 1,
    metadata: JSON.stringify(body.metadata || {}), created_at: toInstant(now), updated_at: toInstant(now),
  };
  await trx.insertInto('customers').values(row).execute();
  const presented = presentCustomer(row);
  await recordEvent(trx, { type: 'customer.created', object: presented, customerId: row.id }, now);
  return presented;
}

/// Refuses a locale the schema's pattern lets through but that is no BCP 47 tag ("en-US-US").
function validateLocale(locale) {
  if (locale === undefined || locale === null) return;
  try {
    Intl.getCanonicalLocales(locale);
  } catch {
    throw new ApiError('INVALID_ARGUMENT', `"${locale}" is not a BCP 47 language tag`, '/locale');
  }
}

/// Refuses an external_id another customer has (CONFLICT at /external_id).
async function assertExternalIdFree(trx, externalId) {
  if (!externalId) return;
  const taken = await trx.selectFrom('customers').select('id').where('external_id', '=', externalId).executeTakeFirst();
  if (taken) throw new ApiError('CONFLICT', `external_id "${externalId}" belongs to ${taken.id}`, '/external_id');
}

/// The fields PATCH /v1/customers/:id changes (currency and test clock never change).
const CUSTOMER_UPDATE_FIELDS = {
  external_id: 'value', name: 'value', email: 'value', timezone: 'value', locale: 'value',
  address: 'nullableJson', tax_ids: 'json', invoice_consolidation: 'flag', metadata: 'json',
};

module.exports = {
  customerSchema, addressSchema, taxIdSchema, presentCustomer, findCustomer, customerNow, createCustomer,
  assertExternalIdFree, validateLocale, CUSTOMER_UPDATE_FIELDS,
};
