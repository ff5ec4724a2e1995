'use strict';
// Fraud decisions keep the card's issuing country (for the country rules, and so a dry run
// re-decides with it) and the customer's test clock: a decision's time is its customer's
// clock's, and the rules counting earlier decisions count only those on the same clock.

async function up(db) {
  await db.schema.alterTable('fraud_decisions').addColumn('card_country', 'text').execute();
  await db.schema.alterTable('fraud_decisions').addColumn('test_clock_id', 'text').execute();
}

module.exports = { up };
