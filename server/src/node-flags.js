'use strict';
// The Node flags the server process runs with: `npm start` (scripts/start.sh) and the processes
// the tests and benchmarks start pass them to `node` before src/main.js; run on its own, this
// file prints them for a shell.
const os = require('node:os');

/// On a machine of two cores or fewer, garbage collection runs on the main thread alone: its
/// helper threads would wait for a core that the database and the clients are using, and
/// each pause of the server would last as long as the slowest of them (docs/server.md,
/// "The server process").
function serverNodeFlags(cores = os.availableParallelism()) {
  return cores <= 2 ? ['--single-threaded-gc'] : [];
}

if (require.main === module) process.stdout.write(`${serverNodeFlags().join(' ')}\n`);

module.exports = { serverNodeFlags };
