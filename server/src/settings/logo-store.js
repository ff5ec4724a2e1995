'use strict';
// Logos kept by the SHA-256 of their bytes (table seller_logos): written once, read by the
// settings and by every document that names the hash.

/// The logo kept under `sha256` ({ sha256, content_type, content (Buffer), size, width, height }),
/// or null.
async function findLogo(executor, sha256) {
  if (!sha256) return null;
  const row = await executor.selectFrom('seller_logos').selectAll().where('sha256', '=', sha256).executeTakeFirst();
  return row ? { ...row, content: Buffer.from(row.content_base64, 'base64') } : null;
}

/// Keeps `logo` ({ sha256, content_type, content, width, height }) unless it is kept already.
async function keepLogo(executor, logo, now) {
  await executor.insertInto('seller_logos').values({
    sha256: logo.sha256, content_type: logo.content_type, content_base64: logo.content.toString('base64'), size: logo.content.length,
    width: logo.width, height: logo.height, created_at: now,
  }).onConflict((conflict) => conflict.column('sha256').doNothing()).execute();
}

module.exports = { findLogo, keepLogo };
