'use strict';
// Child process for the bootstrap key test: one `npm start`'s worth of ensureAdminKey on the
// database and data directory named by the environment; prints { key, created } as JSON.
const { openDatabase } = require('../../src/db/database');
const { ensureAdminKey } = require('../../src/seed/admin-key');

(async () => {
  const database = openDatabase({ databaseUrl: process.env.DATABASE_URL || null, sqliteFile: process.env.RATECARD_SQLITE_FILE });
  try {
    const { key, created } = await ensureAdminKey(database, process.env.RATECARD_DATA_DIR, new Date());
    process.stdout.write(JSON.stringify({ key, created }));
  } finally {
    await database.destroy();
  }
})().catch((error) => {
  process.stderr.write(String(error.stack || error));
  process.exit(1);
});
