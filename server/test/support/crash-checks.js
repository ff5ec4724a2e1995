'use strict';
// What the SIGKILL tests of billing (billing-crash, threshold-crash) watch the database with
// while they kill and restart server processes.

/// The number of rows of `table`.
const count = async (db, table) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()).n);

module.exports = { count };
