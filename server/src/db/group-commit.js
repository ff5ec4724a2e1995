'use strict';
// Group commit for SQLite: units of work from concurrent requests run in one transaction, each
// in a savepoint of its own, and share one commit (one WAL sync under synchronous=FULL). A unit
// that fails rolls back to its savepoint and fails alone; a failed commit fails every unit of
// the group. A unit's promise settles only after the shared commit, so nothing a caller
// acknowledges can be lost to a crash. Units run one after another in the order they came, so
// a later unit sees what an earlier one of the group wrote (a deduplication key, say).
//
// PostgreSQL already flushes concurrent commits together: there each unit runs in its own
// transaction, as `db.transaction()` would.

/// Returns `run(work)`: runs `work(trx)` in a transaction shared with the units submitted in the
/// same turn of the event loop (SQLite) or in its own (PostgreSQL); resolves with what `work`
/// returns once that transaction has committed, or rejects with the unit's error (its writes
/// undone) or the commit's (nothing of the group written).
function groupCommitter(db, dialect) {
  if (dialect !== 'sqlite') return (work) => db.transaction().execute(work);
  let waiting = [];
  let running = false;

  async function drain() {
    while (waiting.length) {
      const group = waiting;
      waiting = [];
      await commitGroup(db, group);
    }
    running = false;
  }

  return (work) => new Promise((resolve, reject) => {
    waiting.push({ work, resolve, reject });
    if (running) return;
    running = true;
    // Waits for the turn to end, so the requests ready now join the group.
    setImmediate(drain);
  });
}

// Runs one group's units in one transaction and settles each unit's promise.
async function commitGroup(db, group) {
  let trx;
  try {
    trx = await db.startTransaction().execute();
  } catch (error) {
    for (const unit of group) unit.reject(error);
    return;
  }
  const outcomes = [];
  let broken = null;
  for (const [index, unit] of group.entries()) {
    if (broken) {
      outcomes.push({ error: broken });
      continue;
    }
    const name = `unit${index}`;
    let savepoint;
    try {
      savepoint = await trx.savepoint(name).execute();
    } catch (error) {
      broken = error; // the transaction is no longer usable
      outcomes.push({ error });
      continue;
    }
    let outcome;
    try {
      outcome = { value: await unit.work(savepoint) };
    } catch (error) {
      outcome = { error };
    }
    try {
      if ('error' in outcome) await savepoint.rollbackToSavepoint(name).execute();
      await savepoint.releaseSavepoint(name).execute();
    } catch (error) {
      broken = error;
      outcome = { error };
    }
    outcomes.push(outcome);
  }
  try {
    if (broken) throw broken;
    await trx.commit().execute();
  } catch (error) {
    await trx.rollback().execute().catch(() => {});
    for (const unit of group) unit.reject(error);
    return;
  }
  group.forEach((unit, index) => {
    const outcome = outcomes[index];
    if ('error' in outcome) unit.reject(outcome.error);
    else unit.resolve(outcome.value);
  });
}

module.exports = { groupCommitter };
