'use strict';
const { addressSchema } = require('../customers/customers');
const { logoBodySchema, uploadLogo, removeLogo } = require('./logo');
const {
  sellerSettingsSchema, showSettings, updateSettings,
  TAX_CATEGORIES, TAX_BEHAVIORS, COLLECTION_METHODS, PAYMENT_TERMS_DAYS,
} = require('./seller-settings');

const seriesBody = {
  type: 'object', additionalProperties: false, minProperties: 1,
  properties: { prefix: { type: 'string', pattern: '^[A-Z0-9][A-Z0-9/_-]{0,19}$' }, width: { type: 'integer', minimum: 1, maximum: 12 } },
};

/// Seller settings: who issues invoices, their tax registrations, numbering and payment terms.
async function settingsRoutes(app, { services }) {
  const { db } = services;
  const tags = ['Settings'];

  app.get('/seller_settings', {
    config: { permission: 'settings:read' },
    schema: { operationId: 'retrieveSellerSettings', tags, summary: "Retrieve the seller's settings", response: { 200: sellerSettingsSchema } },
  }, async () => showSettings(db));

  app.patch('/seller_settings', {
    config: { permission: 'settings:write' },
    schema: {
      operationId: 'updateSellerSettings', tags, summary: "Update the seller's settings (legal name, address, tax, numbering, payment terms)",
      body: {
        type: 'object', additionalProperties: false, minProperties: 1,
        properties: {
          legal_name: { type: ['string', 'null'], minLength: 1, maxLength: 200 },
          address: { anyOf: [addressSchema, { type: 'null' }] },
          email: { type: ['string', 'null'], format: 'email', maxLength: 200 },
          payment_instructions: { type: ['string', 'null'], minLength: 1, maxLength: 1000, description: 'How to pay a send_invoice invoice (bank details...), printed on its documents' },
          tax: {
            type: 'object', additionalProperties: false, minProperties: 1,
            properties: {
              country: { type: ['string', 'null'], pattern: '^[A-Z]{2}$' },
              region: { type: ['string', 'null'], minLength: 1, maxLength: 10 },
              registrations: { type: ['array', 'null'], maxItems: 100, items: { type: 'string', minLength: 2, maxLength: 10 } },
              tax_ids: { type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 50 } },
              default_tax_category: { enum: TAX_CATEGORIES }, default_tax_behavior: { enum: TAX_BEHAVIORS },
              tax_rounding: { enum: ['line', 'invoice'] },
            },
          },
          invoice_numbering: seriesBody, credit_note_numbering: seriesBody,
          default_collection_method: { enum: COLLECTION_METHODS },
          default_days_until_due: { enum: PAYMENT_TERMS_DAYS },
          draft_grace_hours: { type: 'integer', minimum: 0, maximum: 720 },
        },
      },
      response: { 200: sellerSettingsSchema },
    },
  }, async (request) => request.transaction((trx) => updateSettings(trx, services, request.body)));

  app.put('/seller_settings/logo', {
    config: { permission: 'settings:write' },
    schema: {
      operationId: 'uploadSellerLogo', tags, summary: "Upload the seller's logo (PNG or JPEG, base64), printed on documents finalized from now on",
      body: logoBodySchema, response: { 200: sellerSettingsSchema },
    },
  }, async (request) => request.transaction((trx) => uploadLogo(trx, services, request.body)));

  app.delete('/seller_settings/logo', {
    config: { permission: 'settings:write' },
    schema: { operationId: 'removeSellerLogo', tags, summary: "Remove the seller's logo (invoices finalized with it keep it)", response: { 200: sellerSettingsSchema } },
  }, async (request) => request.transaction((trx) => removeLogo(trx, services)));
}

module.exports = settingsRoutes;
