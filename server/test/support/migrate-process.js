'use strict';
// Child process for the migration test: migrates the database named by the environment and
// prints the names of the migrations it applied, as JSON.
const { openDatabase } = require('../../src/db/database');
const { migrateToLatest } = require('../../src/db/migrate');

(async () => {
  const database = openDatabase({ databaseUrl: process.env.DATABASE_URL || null, sqliteFile: process.env.RATECARD_SQLITE_FILE });
  try {
    process.stdout.write(JSON.stringify(await migrateToLatest(database.db)));
  } finally {
    await database.destroy();
  }
})().catch((error) => {
  process.stderr.write(String(error.stack || error));
  process.exit(1);
});
