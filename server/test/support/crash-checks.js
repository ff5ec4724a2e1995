'use strict';
// What the SIGKILL tests of billing (billing-crash, threshold-crash) watch the database with
// while they kill and restart server processes.

/// The number of rows of `table`.
const count = async (db, table) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()).n);

/// Polls `check` every 25 ms until it answers truthy; throws naming `what` after `timeoutMs`.
async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

module.exports = { count, waitFor };
