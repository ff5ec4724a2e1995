'use strict';
// CPU seconds used by other processes, read from /proc on Linux: a server process, and a
// PostgreSQL cluster (its postmaster and every child: backends, writers, WAL writer,
// checkpointer). Where /proc cannot be read, 0.

const fs = require('node:fs');
const path = require('node:path');

const TICKS_PER_SECOND = 100; // USER_HZ of /proc/<pid>/stat on Linux

/** CPU seconds of process `pid` and of its children it waited for (user and system). */
function processCpu(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds of the PostgreSQL cluster whose data directory is `dataDir`. */
function clusterCpu(dataDir) {
  const postmaster = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = processCpu(postmaster);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      if (Number(fields[1]) === postmaster) total += processCpu(Number(entry));
    } catch {
      // the process ended
    }
  }
  return total;
}

module.exports = { processCpu, clusterCpu };
