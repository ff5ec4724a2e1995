'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Migrator } = require('kysely');

const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/// The one migration set, shared by SQLite and PostgreSQL: every `NNN_name.js` file of
/// `migrations/`, applied in name order. Never edit a released migration: add a new file.
/// Each domain numbers its files in its own hundred (docs/server.md, "Migrations"), so domains
/// built side by side never claim the same name.
const MIGRATIONS = Object.fromEntries(
  fs.readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d{3}_[a-z0-9_]+\.js$/.test(name))
    .sort()
    .map((name) => [name.slice(0, -3), require(path.join(MIGRATIONS_DIR, name))]),
);

/// Brings the schema up to date; throws with the failing migration's name on error.
async function migrateToLatest(db) {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    // Domains add migrations in their own hundreds, so a database may hold a later hundred's
    // migration before an earlier hundred's new one: apply it rather than refuse to start.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = (results || []).find((r) => r.status === 'Error');
  if (error) {
    const where = failed ? ` (migration ${failed.migrationName})` : '';
    throw new Error(`database migration failed${where}: ${error.message || error}`, { cause: error });
  }
  return (results || []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

module.exports = { migrateToLatest, MIGRATIONS };
