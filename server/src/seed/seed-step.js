'use strict';
const { inTransaction } = require('../db/rows');
const { fromDatabaseError } = require('../http/errors');

/// One seeding step in one transaction. Should another process create the same object at the
/// same time (a unique code or external_id taken), the step runs again and finds it. Errors
/// name the step (`what`).
async function seedStep({ db }, what, work) {
  try {
    try {
      return await inTransaction(db, work);
    } catch (error) {
      if (!fromDatabaseError(error)) throw error;
      return await inTransaction(db, work);
    }
  } catch (error) {
    throw new Error(`seeding ${what}: ${error.message}`, { cause: error });
  }
}

module.exports = { seedStep };
