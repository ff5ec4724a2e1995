'use strict';
const { watchChanges, watchChangesWithin, watchedWorkEnded } = require('../db/change-notices');
const { auditRow, STARTED } = require('./entry');
const { changedObject, namedObject } = require('./changes');
const { appendEntry } = require('./queries');

/// Methods whose requests change state: each such request under /v1 gets an entry.
const CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/// Refusals of a credential (401) or a permission (403): recorded for every method.
const REFUSED_STATUSES = new Set([401, 403]);

/// Records API requests in the audit log (docs/server.md, "Audit log"):
/// - a request that runs its change in `request.transaction` gets its entry in that same
///   transaction, with the changed object before and after (changes.js): the entry commits
///   exactly when the change does (a transaction run with `storeResponse: false`, whose
///   handler answers later, like the checkout's card step, gets a second entry when that
///   answer has another status);
/// - every other state-changing request (refused, failed, replayed, or changing outside
///   `request.transaction`, as payments do around their calls to a gateway) and every 401 or
///   403 gets its entry on its own, just before the response is sent; a successful one shows
///   the object its handler's own transactions changed, before and after.
/// - a route whose config says `auditAhead: true` (payments, whose handlers commit in
///   transactions of their own around calls to the vault or a gateway) also gets an entry with
///   outcome `started` before its handler runs, committed on its own: a crash before the
///   response leaves that entry, with no later one of the same `request_id`.
/// Rate-limited requests (429) and unknown routes are not recorded.
function registerAuditRecording(app, { db, clock }) {
  app.decorateRequest('auditState', null);

  app.addRequestTransactionHook({
    begin(request, trx) {
      const state = auditState(request);
      state.notices = [];
      watchChanges(trx, (notice) => state.notices.push(notice));
    },
    async beforeCommit(request, reply, trx, value, { storeResponse = true } = {}) {
      const state = auditState(request);
      const target = await changedObject(trx, state.notices, { value, params: request.params })
        || namedObject({ value, params: request.params });
      await appendEntry(trx, auditRow(request, { status: reply.statusCode, target }, clock.now()));
      state.pending = true;
      // The handler answers later (the response is not stored with this transaction): its
      // answer, if another status, gets an entry of its own.
      state.answeredStatus = storeResponse ? null : reply.statusCode;
    },
    afterCommit(request) {
      const state = auditState(request);
      if (state.pending) state.recorded = true;
    },
    afterRollback(request) {
      auditState(request).pending = false;
    },
  });

  // The handler runs watched (after the body is parsed, which would lose the async context):
  // changes in transactions of its own are heard outside request.transaction.
  app.addHook('preHandler', (request, reply, done) => {
    if (!CHANGING_METHODS.has(request.method)) return done();
    const state = auditState(request);
    const runWatched = () => {
      // The response's 'close' comes once it is sent, or its connection lost before.
      reply.raw.once('close', watchedWorkEnded);
      watchChangesWithin((notice) => state.handlerNotices.push(notice), done);
    };
    if (!request.routeOptions.config?.auditAhead || !isRecorded(request, STARTED)) return runWatched();
    // Written before the handler runs; a failure to write it stops the request.
    const started = auditRow(request, { status: STARTED, target: namedObject({ value: null, params: request.params }) }, clock.now());
    appendEntry(db, started).then(runWatched, done);
  });

  // A plain function: most responses (reads) need no entry and pass on at once, without the
  // promise an async hook costs every request.
  app.addHook('onSend', (request, reply, payload, done) => {
    // Recorded with its change; a handler that went on after it (the checkout's card step) and
    // answers another status gets a second entry with that outcome.
    const state = request.auditState;
    const recordedAlready = state?.recorded && (state.answeredStatus === null || state.answeredStatus === reply.statusCode);
    if (recordedAlready || !isRecorded(request, reply.statusCode)) return done(null, payload);
    return recordOnItsOwn(request, reply, payload);
  });

  async function recordOnItsOwn(request, reply, payload) {
    const status = reply.statusCode;
    const replayed = reply.getHeader('idempotent-replayed') === 'true';
    try {
      const target = status < 400 && !replayed
        ? await committedChange(db, request, parsePayload(payload))
        : namedObject({ value: status < 400 ? parsePayload(payload) : null, params: request.params });
      await appendEntry(db, auditRow(request, { status, errorCode: errorCodeOf(status, payload), replayed, target }, clock.now()));
    } catch (error) {
      request.log.error({ err: error }, 'the audit log entry of this request could not be written');
    }
    return payload;
  }
}

// What a successful handler changed in transactions of its own (committed, as it answered
// success), else the object its response names.
async function committedChange(db, request, value) {
  const notices = request.auditState?.handlerNotices || [];
  return await changedObject(db, notices, { value, params: request.params }) || namedObject({ value, params: request.params });
}

function auditState(request) {
  if (!request.auditState) request.auditState = { notices: [], handlerNotices: [], pending: false, recorded: false, answeredStatus: null };
  return request.auditState;
}

function isRecorded(request, status) {
  if (!/^\/v1(\/|\?|$)/.test(request.url)) return false;
  if (REFUSED_STATUSES.has(status)) return true;
  if (status === 429 || request.is404) return false;
  return CHANGING_METHODS.has(request.method);
}

function parsePayload(payload) {
  if (typeof payload !== 'string') return null;
  try {
    return JSON.parse(payload);
  } catch {
    return null;
  }
}

function errorCodeOf(status, payload) {
  if (status < 400) return null;
  const code = parsePayload(payload)?.error?.code;
  return typeof code === 'string' ? code : null;
}

module.exports = { registerAuditRecording };
