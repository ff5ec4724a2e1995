'use strict';
// The seller's logo: uploaded as PNG or JPEG bytes (base64 in JSON), checked (logo-image.js),
// kept by SHA-256 in seller_logos and named by the settings. Finalization freezes the hash in
// each invoice's seller_details, so its documents keep that logo whatever is uploaded later.
const crypto = require('node:crypto');
const { toInstant } = require('../time');
const { checkLogoImage, MAX_LOGO_BYTES } = require('./logo-image');
const { findLogo, keepLogo } = require('./logo-store');
const { readSettings, readSeries, presentSettings, saveSettings } = require('./seller-settings');

const LOGO_CONTENT_TYPES = ['image/png', 'image/jpeg'];

const logoBodySchema = {
  type: 'object', additionalProperties: false, required: ['content_type', 'content_base64'],
  properties: {
    content_type: { enum: LOGO_CONTENT_TYPES },
    content_base64: {
      type: 'string', minLength: 4, maxLength: 4 * Math.ceil(MAX_LOGO_BYTES / 3), pattern: '^[A-Za-z0-9+/]*={0,2}$',
      description: `The image's bytes in base64: at most ${MAX_LOGO_BYTES} bytes, 1 to 2048 pixels a side; PNG 8-bit, not interlaced`,
    },
  },
};

/// Makes `body`'s image the seller's logo. Returns the settings as the API shows them.
async function uploadLogo(trx, { clock }, body) {
  const bytes = Buffer.from(body.content_base64, 'base64');
  const { width, height } = checkLogoImage(body.content_type, bytes);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  await keepLogo(trx, { sha256, content_type: body.content_type, content: bytes, width, height }, toInstant(clock.now()));
  return setLogo(trx, clock, sha256);
}

/// The seller has no logo from now on (invoices finalized with one keep it).
function removeLogo(trx, { clock }) {
  return setLogo(trx, clock, null);
}

async function setLogo(trx, clock, sha256) {
  const settings = { ...await readSettings(trx), logo_sha256: sha256, updated_at: toInstant(clock.now()) };
  await saveSettings(trx, settings);
  return presentSettings(settings, await readSeries(trx), await findLogo(trx, sha256));
}

module.exports = { logoBodySchema, uploadLogo, removeLogo };
