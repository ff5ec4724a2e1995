'use strict';
// Named prepared statements for PostgreSQL. node-postgres sends every query unnamed by default,
// so PostgreSQL parses, analyzes and plans the same text again on each call: for the short
// statements the server runs (a row by its key, an insert) that was more than half of the
// database's CPU per statement and almost half of the server's own (docs/server.md, "Prepared
// statements"). Here
// each distinct statement text gets a name, and each connection prepares it on its first use
// and then only binds and executes it.
//
// A statement prepared with `select *` fails ("cached plan must not change result type") once a
// migration in another process adds a column to its table. Outside a transaction the statement
// runs again unnamed; inside one, the transaction fails (the API answers 409: send it again).
// Either way the connection is discarded rather than returned to the pool, so the next one
// prepares afresh and the failure is never a connection's for good.

/// At most this many statement texts are named per process; later ones run unnamed (texts that
/// vary with a list's length could otherwise grow the prepared set of every connection).
const MAX_NAMED_STATEMENTS = 2000;

/// Whether `error` is PostgreSQL's "cached plan must not change result type" (SQLSTATE 0A000,
/// which other unsupported features share, hence the message).
const isPlanChanged = (error) => Boolean(error) && error.code === '0A000' && /cached plan/.test(String(error.message));

const names = new Map();
const PATCHED = Symbol('preparedStatements');

function statementName(text) {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED_STATEMENTS) {
    name = `rc${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

/// Wraps a pg Pool for Kysely's PostgresDialect: the clients it hands out run parameterized
/// queries as named prepared statements. Statements without parameters (begin, commit) keep
/// node-postgres's simple protocol.
function preparingPool(pool) {
  return {
    async connect() {
      const client = await pool.connect();
      if (!client[PATCHED]) patchClient(client);
      const release = client.release;
      client.release = (error) => release.call(client, error || (client.planChanged ? new Error('a prepared statement\'s plan changed') : undefined));
      return client;
    },
    end: () => pool.end(),
  };
}

function patchClient(client) {
  client[PATCHED] = true;
  client.planChanged = false;
  const query = client.query;
  client.query = function namedQuery(text, values, callback) {
    const name = typeof text === 'string' && Array.isArray(values) && values.length > 0 && !callback ? statementName(text) : undefined;
    if (!name) return query.apply(this, arguments);
    const alone = client.getTransactionStatus() === 'I'; // not inside a transaction
    return query.call(this, { name, text, values }).catch((error) => {
      if (!isPlanChanged(error)) throw error;
      client.planChanged = true;
      // Outside a transaction the failed statement changed nothing: run it once more, unnamed.
      // Inside one, the transaction is aborted and fails as a whole (the API answers 409).
      if (alone) return query.call(this, text, values);
      throw error;
    });
  };
}

module.exports = { preparingPool, isPlanChanged, MAX_NAMED_STATEMENTS };
