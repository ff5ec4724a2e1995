'use strict';
// The usage ingestion figures as table rows, for the terminal report and the README alike.

const { DATABASE_NAMES } = require('./rows.js');

/** The columns: short heading and meaning. */
const INGESTION_COLUMNS = [
  { short: 'database', meaning: 'where the server keeps its data' },
  { short: 'events/s', meaning: 'events sent per second of wall clock (duplicates included)' },
  { short: 'p50 ms', meaning: 'median latency of a batch request' },
  { short: 'p99 ms', meaning: '99th percentile latency of a batch request' },
  { short: 'distinct', meaning: 'distinct events sent' },
  { short: 'stored', meaning: 'events stored' },
  { short: 'counted', meaning: 'events counted in the aggregates' },
  { short: 'lost', meaning: 'distinct events not stored' },
  { short: 'twice', meaning: 'events counted more than once' },
  { short: 'merged after', meaning: 'seconds from the last response until every event was merged' },
  { short: 'server CPU', meaning: 'CPU microseconds of the server process per event sent' },
  { short: 'PostgreSQL CPU', meaning: 'CPU microseconds of the PostgreSQL processes per event sent' },
  { short: 'autocannon CPU', meaning: 'CPU microseconds of the load tool per event sent' },
];

/** One row per database of an ingestion result. */
function ingestionRows(ingestion) {
  const number = (value) => (value === null || value === undefined ? null : value.toLocaleString('en-US'));
  return ingestion.databases.map((entry) => [
    DATABASE_NAMES[entry.database], number(entry.events_per_s), number(entry.latency_ms.p50), number(entry.latency_ms.p99),
    number(entry.distinct_events), number(entry.stored), number(entry.counted), number(entry.lost), number(entry.counted_twice),
    number(entry.merged_s_after_last_request), number(entry.cpu_us_per_event.server), number(entry.cpu_us_per_event.postgres),
    number(entry.cpu_us_per_event.load_tool),
  ]);
}

module.exports = { INGESTION_COLUMNS, ingestionRows };
