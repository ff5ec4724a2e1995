'use strict';
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, instant, name } = require('../http/schemas');
const { ApiError, invalidState } = require('../http/errors');
const { recordEvent } = require('../outbox/outbox');
const { enqueueJob } = require('../jobs/queue');
const { newId } = require('../ids');
const { toInstant, parseInstant } = require('../time');
const { testClockSchema, presentTestClock, findTestClock } = require('./test-clocks');

/// Test clocks: a frozen "now" for the customers created on the clock. Advancing it moves
/// their subscriptions through trials, renewals and cancellations as if that time had passed.
async function testClockRoutes(app, { services }) {
  const { db, clock } = services;
  const tags = ['Test clocks'];

  app.post('/test_clocks', {
    config: { permission: 'test_clocks:write' },
    schema: {
      operationId: 'createTestClock', tags, summary: 'Create a test clock',
      body: { type: 'object', additionalProperties: false, required: ['frozen_time'], properties: { name, frozen_time: instant } },
      response: { 201: testClockSchema },
    },
  }, async (request, reply) => {
    const now = clock.now();
    const row = {
      id: newId('clock'), name: request.body.name || 'Test clock', frozen_time: parseInstant(request.body.frozen_time),
      status: 'ready', created_at: toInstant(now), updated_at: toInstant(now),
    };
    reply.code(201);
    return request.transaction(async (trx) => {
      await trx.insertInto('test_clocks').values(row).execute();
      const presented = presentTestClock(row);
      await recordEvent(trx, { type: 'test_clock.created', object: presented }, now);
      return presented;
    });
  });

  app.get('/test_clocks', {
    config: { permission: 'test_clocks:read' },
    schema: { operationId: 'listTestClocks', tags, summary: 'List test clocks', querystring: listQuerySchema(), response: { 200: listResponseSchema(testClockSchema) } },
  }, async (request) => paginate(db.selectFrom('test_clocks').selectAll(), request.query, eachRow(presentTestClock)));

  app.get('/test_clocks/:id', {
    config: { permission: 'test_clocks:read' },
    schema: { operationId: 'retrieveTestClock', tags, summary: 'Retrieve a test clock', params: idParam(), response: { 200: testClockSchema } },
  }, async (request) => presentTestClock(await findTestClock(db, request.params.id)));

  app.post('/test_clocks/:id/advance', {
    config: { permission: 'test_clocks:write' },
    schema: {
      operationId: 'advanceTestClock', tags, summary: 'Advance a test clock (asynchronous: status is "advancing" until its customers have caught up)',
      params: idParam(),
      body: { type: 'object', additionalProperties: false, required: ['frozen_time'], properties: { frozen_time: instant } },
      response: { 200: testClockSchema },
    },
  }, async (request) => {
    const now = clock.now();
    const target = parseInstant(request.body.frozen_time);
    return request.transaction(async (trx) => {
      const row = await findTestClock(trx, request.params.id);
      if (row.status !== 'ready') throw invalidState('the test clock is still advancing; wait until its status is ready');
      if (target <= row.frozen_time) {
        throw new ApiError('INVALID_ARGUMENT', `must be after the clock's frozen time ${row.frozen_time}`, '/frozen_time');
      }
      const changes = { frozen_time: target, status: 'advancing', updated_at: toInstant(now) };
      const updated = await trx.updateTable('test_clocks').set(changes)
        .where('id', '=', row.id).where('status', '=', 'ready').executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw invalidState('the test clock is still advancing; wait until its status is ready');
      const presented = presentTestClock({ ...row, ...changes });
      await recordEvent(trx, { type: 'test_clock.advancing', object: presented }, now);
      await enqueueJob(trx, { type: 'test_clock.advance', payload: { test_clock_id: row.id } }, now);
      return presented;
    });
  });
}

module.exports = testClockRoutes;
