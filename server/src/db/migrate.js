'use strict';
const { Migrator } = require('kysely');

/// The one migration set, shared by SQLite and PostgreSQL, in order. Never edit a released
/// migration: add a new file and list it here.
const MIGRATIONS = {
  '001_platform': require('./migrations/001_platform'),
  '002_billing': require('./migrations/002_billing'),
  '003_job_maintenance': require('./migrations/003_job_maintenance'),
};

/// Brings the schema up to date; throws with the failing migration's name on error.
async function migrateToLatest(db) {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
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
