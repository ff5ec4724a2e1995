'use strict';
// How disputes end (docs/server.md, "Disputes"): the evidence submitted, when it was, when the
// gateway closed the dispute; and on the payment, the amount taken back by lost disputes
// (null while none was lost).

async function up(db) {
  await db.schema.alterTable('disputes').addColumn('evidence', 'text').execute();
  await db.schema.alterTable('disputes').addColumn('evidence_submitted_at', 'text').execute();
  await db.schema.alterTable('disputes').addColumn('closed_at', 'text').execute();
  await db.schema.alterTable('payments').addColumn('amount_withdrawn', 'text').execute();
}

module.exports = { up };
