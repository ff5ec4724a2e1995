'use strict';
// A card's issuing country, as the vault derives it from the number's leading digits (null:
// a range the vault does not know, a bank account, or a card put on file before).

async function up(db) {
  await db.schema.alterTable('payment_methods').addColumn('card_country', 'text').execute();
}

module.exports = { up };
