'use strict';
// The mixed load's figures as table rows and lines, for the terminal report, the README and
// the target alike.

const { DATABASE_NAMES } = require('./rows.js');
const { figure } = require('./table.js');

/// The kinds of traffic, in the order the rows show them.
const TRAFFIC_KINDS = [
  { key: 'ingestion', name: 'usage ingestion (batches)' },
  { key: 'entitlements', name: 'entitlement checks' },
  { key: 'portal', name: 'portal reads' },
];

/** The columns: short heading and meaning. */
const MIXED_LOAD_COLUMNS = [
  { short: 'database', meaning: 'where the server keeps its data' },
  { short: 'traffic', meaning: 'the kind of request' },
  { short: 'rate/s', meaning: 'requests sent per second' },
  { short: 'sent', meaning: 'requests sent' },
  { short: '2xx', meaning: 'requests answered 2xx' },
  { short: '429', meaning: 'requests refused by a rate limit (allowed)' },
  { short: 'other', meaning: 'other answers by status, and requests with no answer' },
  { short: 'p50 ms', meaning: 'median latency of a 2xx answer, from the moment the request was due' },
  { short: 'p99 ms', meaning: '99th percentile latency of a 2xx answer' },
  { short: 'max ms', meaning: 'slowest 2xx answer' },
];

const number = (value) => (value === null || value === undefined ? null : value.toLocaleString('en-US'));

/** The answers of a kind of traffic that are neither 2xx nor 429, and the requests with no answer: "503: 2, no answer: 1" or "none". */
function otherAnswers(figures) {
  const others = Object.entries(figures.statuses)
    .filter(([status]) => !/^2/.test(status) && status !== '429')
    .map(([status, count]) => `${status}: ${number(count)}`);
  if (figures.no_answer > 0) others.push(`no answer: ${number(figures.no_answer)}`);
  return others.length ? others.join(', ') : 'none';
}

/** One row per database and kind of traffic of a mixed load result. */
function mixedLoadRows(mixed) {
  return mixed.databases.flatMap((entry) => TRAFFIC_KINDS.map(({ key, name }) => {
    const figures = entry[key];
    return [
      DATABASE_NAMES[entry.database], name, figure(figures.rate), number(figures.sent), number(figures.ok), number(figures.statuses['429'] ?? 0),
      otherAnswers(figures), figure(figures.latency_ms.p50), figure(figures.latency_ms.p99), figure(figures.latency_ms.max),
    ];
  }));
}

/** What a database's run did with the events: one sentence. */
function eventsLine(entry) {
  const e = entry.events;
  const unanswered = e.unanswered_stored + e.unanswered_missing > 0
    ? ` (of the events of batches answered no 2xx, ${number(e.unanswered_stored)} stored anyway, ${number(e.unanswered_missing)} not)`
    : '';
  return `${DATABASE_NAMES[entry.database]}: ${number(entry.ingestion.target_events_per_s)} events/s sent (${entry.ingestion.sustainable_events_per_s === null ? '?' : number(entry.ingestion.sustainable_events_per_s)} sustainable), `
    + `${number(e.sent_distinct)} distinct events, ${number(e.acknowledged)} acknowledged${unanswered}, ${number(e.stored)} stored, ${number(e.counted)} counted: `
    + `${number(e.lost)} lost, ${number(e.counted_twice)} counted twice; all merged ${e.merged_s_after_run} s after the run`;
}

/** Whether a database's run kept the promise: only 2xx and 429 answers, every request answered, nothing lost or counted twice. */
function keptPromise(entry) {
  const answersOk = TRAFFIC_KINDS.every(({ key }) => otherAnswers(entry[key]) === 'none');
  return answersOk && entry.events.lost === 0 && entry.events.counted_twice === 0 && entry.events.failed_merges === 0;
}

module.exports = { MIXED_LOAD_COLUMNS, mixedLoadRows, eventsLine, otherAnswers, keptPromise, TRAFFIC_KINDS };
