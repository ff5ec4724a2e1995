'use strict';
// A customer's locale (a BCP 47 language tag such as "fr" or "de-CH"): the language of the
// emails and documents it receives. Null reads as English.

async function up(db) {
  await db.schema.alterTable('customers').addColumn('locale', 'text').execute();
}

module.exports = { up };
