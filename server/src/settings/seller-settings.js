'use strict';
// The seller's settings: who issues the invoices (legal name, address, tax registrations), how
// they are taxed by default, numbered and collected. One row; read with its defaults before the
// first change.
const { ApiError } = require('../http/errors');
const { parseJson } = require('../db/rows');
const { toInstant } = require('../time');
const { addressSchema } = require('../customers/customers');
const { findLogo } = require('./logo-store');

const SETTINGS_ID = 'seller';
const TAX_CATEGORIES = ['standard', 'reduced', 'super_reduced', 'increased', 'digital_services', 'zero_rated', 'exempt'];
const TAX_BEHAVIORS = ['exclusive', 'inclusive'];
const COLLECTION_METHODS = ['charge_automatically', 'send_invoice'];
/// Payment terms a send_invoice invoice may take (net 0, 7, 15, 30, 45, 60 or 90 days).
const PAYMENT_TERMS_DAYS = [0, 7, 15, 30, 45, 60, 90];
const SERIES = { invoice: { prefix: 'INV-', width: 6 }, credit_note: { prefix: 'CN-', width: 6 } };

const DEFAULTS = {
  id: SETTINGS_ID, legal_name: null, address: null, email: null, logo_sha256: null, payment_instructions: null,
  tax_country: null, tax_region: null, tax_registrations: null, tax_ids: '[]',
  default_tax_category: 'standard', default_tax_behavior: 'exclusive', tax_rounding: 'line',
  default_collection_method: 'charge_automatically', default_days_until_due: 30, draft_grace_hours: 0,
};

const seriesSchema = {
  title: 'NumberSeries',
  type: 'object',
  properties: {
    prefix: { type: 'string' }, width: { type: 'integer' },
    next_number: { type: 'integer', description: 'The number the next finalized document takes (gapless: never set, only used)' },
    next: { type: 'string', description: 'The next document number as it will be printed' },
  },
};

const sellerSettingsSchema = {
  title: 'SellerSettings',
  type: 'object',
  properties: {
    object: { const: 'seller_settings' },
    legal_name: { type: ['string', 'null'] }, address: { anyOf: [addressSchema, { type: 'null' }] },
    email: { type: ['string', 'null'] },
    logo: {
      type: ['object', 'null'], description: 'The logo printed on documents (PUT /v1/seller_settings/logo)',
      properties: {
        content_type: { type: 'string' }, sha256: { type: 'string' }, size: { type: 'integer' }, width: { type: 'integer' }, height: { type: 'integer' },
      },
    },
    payment_instructions: { type: ['string', 'null'], description: 'How to pay a send_invoice invoice (bank details...), printed on its documents' },
    tax: {
      type: 'object',
      properties: {
        country: { type: ['string', 'null'], description: 'Where the seller is established; null: invoices carry no tax' },
        region: { type: ['string', 'null'] },
        registrations: { type: ['array', 'null'], items: { type: 'string' }, description: "Where the seller collects tax (the core's registration codes); null: the core's default" },
        tax_ids: { type: 'array', items: { type: 'string' } },
        default_tax_category: { enum: TAX_CATEGORIES }, default_tax_behavior: { enum: TAX_BEHAVIORS },
        tax_rounding: { enum: ['line', 'invoice'] },
      },
    },
    invoice_numbering: seriesSchema, credit_note_numbering: seriesSchema,
    default_collection_method: { enum: COLLECTION_METHODS },
    default_days_until_due: { type: 'integer', description: 'Payment terms of send_invoice invoices: net days' },
    draft_grace_hours: { type: 'integer', description: 'How long a billing run leaves an invoice in draft before finalizing it (0: at once)' },
    updated_at: { type: ['string', 'null'] },
  },
};

/// The settings as the API shows them.
async function showSettings(executor) {
  const row = await readSettings(executor);
  return presentSettings(row, await readSeries(executor), await findLogo(executor, row.logo_sha256));
}

/// The stored settings row, or the defaults when none was saved yet.
async function readSettings(executor) {
  const row = await executor.selectFrom('seller_settings').selectAll().where('id', '=', SETTINGS_ID).executeTakeFirst();
  return row || { ...DEFAULTS, updated_at: null };
}

/// The numbering series rows (their defaults when never used).
async function readSeries(executor) {
  const rows = await executor.selectFrom('number_series').selectAll().execute();
  const byId = Object.fromEntries(rows.map((row) => [row.id, row]));
  return Object.fromEntries(Object.entries(SERIES).map(([id, defaults]) => [id, byId[id] || { id, ...defaults, next_number: 1 }]));
}

function formatNumber(series, number) {
  return `${series.prefix}${String(number).padStart(series.width, '0')}`;
}

function presentSeries(series) {
  return { prefix: series.prefix, width: series.width, next_number: series.next_number, next: formatNumber(series, series.next_number) };
}

function presentSettings(row, series, logo) {
  return {
    object: 'seller_settings', legal_name: row.legal_name, address: parseJson(row.address), email: row.email,
    logo: logo ? { content_type: logo.content_type, sha256: logo.sha256, size: logo.size, width: logo.width, height: logo.height } : null,
    payment_instructions: row.payment_instructions ?? null,
    tax: {
      country: row.tax_country, region: row.tax_region, registrations: parseJson(row.tax_registrations), tax_ids: parseJson(row.tax_ids),
      default_tax_category: row.default_tax_category, default_tax_behavior: row.default_tax_behavior, tax_rounding: row.tax_rounding,
    },
    invoice_numbering: presentSeries(series.invoice), credit_note_numbering: presentSeries(series.credit_note),
    default_collection_method: row.default_collection_method, default_days_until_due: row.default_days_until_due,
    draft_grace_hours: row.draft_grace_hours, updated_at: row.updated_at,
  };
}

/// The seller as the core's `tax` object names it, or null when the seller has set no tax
/// country (its invoices then carry no tax).
function taxSeller(row) {
  if (!row.tax_country) return null;
  const seller = { country: row.tax_country };
  if (row.tax_region) seller.region = row.tax_region;
  const registrations = parseJson(row.tax_registrations);
  if (registrations) seller.registrations = registrations;
  return seller;
}

/// Checks the seller's tax fields with the core (a tax computation of no lines), so a country,
/// region or registration the core would refuse at the first invoice is refused now, at its
/// path in the request body.
function validateTaxSeller(core, row) {
  const seller = taxSeller(row);
  if (!seller) {
    if (row.tax_region || row.tax_registrations) throw new ApiError('MISSING_FIELD', 'a tax region or registrations need the tax country', '/tax/country');
    return;
  }
  core.run({ op: 'tax', currency: 'USD', tax_date: '2026-01-01', lines: [], seller, customer: { country: seller.country, ...(seller.region ? { region: seller.region } : {}) } },
    [['/seller', '/tax'], ['/customer', '/tax']]);
}

/// Applies a PATCH body to the settings in `trx` and returns the API object.
async function updateSettings(trx, { core, clock }, body) {
  const current = await readSettings(trx);
  const next = { ...current };
  for (const field of ['legal_name', 'email', 'payment_instructions', 'default_collection_method', 'default_days_until_due', 'draft_grace_hours']) {
    if (body[field] !== undefined) next[field] = body[field];
  }
  if (body.address !== undefined) next.address = body.address === null ? null : JSON.stringify(body.address);
  if (body.tax) {
    const tax = body.tax;
    if (tax.country !== undefined) next.tax_country = tax.country;
    if (tax.region !== undefined) next.tax_region = tax.region;
    if (tax.registrations !== undefined) next.tax_registrations = tax.registrations === null ? null : JSON.stringify(tax.registrations);
    if (tax.tax_ids !== undefined) next.tax_ids = JSON.stringify(tax.tax_ids);
    for (const field of ['default_tax_category', 'default_tax_behavior', 'tax_rounding']) if (tax[field] !== undefined) next[field] = tax[field];
    validateTaxSeller(core, next);
  }
  if (next.default_collection_method === 'send_invoice' && !PAYMENT_TERMS_DAYS.includes(next.default_days_until_due)) {
    throw new ApiError('INVALID_ARGUMENT', `payment terms are net ${PAYMENT_TERMS_DAYS.join(', ')} days`, '/default_days_until_due');
  }
  next.updated_at = toInstant(clock.now());
  await saveSettings(trx, next);
  for (const [seriesId, field] of [['invoice', 'invoice_numbering'], ['credit_note', 'credit_note_numbering']]) {
    if (body[field]) await updateSeries(trx, seriesId, body[field]);
  }
  return presentSettings(next, await readSeries(trx), await findLogo(trx, next.logo_sha256));
}

/// Stores settings row `row` (created on the first change).
async function saveSettings(trx, row) {
  const { id, ...values } = row;
  const exists = await trx.selectFrom('seller_settings').select('id').where('id', '=', SETTINGS_ID).executeTakeFirst();
  if (exists) await trx.updateTable('seller_settings').set(values).where('id', '=', SETTINGS_ID).execute();
  else await trx.insertInto('seller_settings').values({ id: SETTINGS_ID, ...values }).execute();
}

async function updateSeries(trx, seriesId, changes) {
  const series = (await readSeries(trx))[seriesId];
  const next = { ...series, ...changes };
  const stored = await trx.selectFrom('number_series').select('id').where('id', '=', seriesId).executeTakeFirst();
  if (stored) await trx.updateTable('number_series').set({ prefix: next.prefix, width: next.width }).where('id', '=', seriesId).execute();
  else await trx.insertInto('number_series').values({ id: seriesId, prefix: next.prefix, width: next.width, next_number: 1 }).execute();
}

/// Takes the next number of `seriesId` inside `trx` (the finalizing transaction): the row is
/// locked until it commits, and a rollback gives the number back, so the series has no gap. The
/// series' row is created on its first number.
async function takeNumber(trx, seriesId) {
  const [number] = await takeNumbers(trx, seriesId, 1);
  return number;
}

/// Takes the next `count` numbers of series `seriesId` in one statement (in `trx`, so a rollback
/// leaves no gap), in order. A billing run numbers a batch's invoices with it.
async function takeNumbers(trx, seriesId, count) {
  if (count === 0) return [];
  const increment = () => trx.updateTable('number_series').set((eb) => ({ next_number: eb('next_number', '+', count) }))
    .where('id', '=', seriesId).returningAll().executeTakeFirst();
  let series = await increment();
  if (!series) {
    const defaults = SERIES[seriesId];
    await trx.insertInto('number_series').values({ id: seriesId, prefix: defaults.prefix, width: defaults.width, next_number: 1 })
      .onConflict((conflict) => conflict.column('id').doNothing()).execute();
    series = await increment();
  }
  const first = Number(series.next_number) - count;
  return Array.from({ length: count }, (_, i) => formatNumber(series, first + i));
}

module.exports = {
  sellerSettingsSchema, readSettings, readSeries, presentSettings, showSettings, updateSettings, saveSettings, takeNumber, takeNumbers, taxSeller,
  TAX_CATEGORIES, TAX_BEHAVIORS, COLLECTION_METHODS, PAYMENT_TERMS_DAYS,
};
