'use strict';
const { notFound } = require('../http/errors');

const STATUSES = ['ready', 'advancing'];

const testClockSchema = {
  title: 'TestClock',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'test_clock' }, name: { type: 'string' },
    frozen_time: { type: 'string' }, status: { enum: STATUSES },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

function presentTestClock(row) {
  return {
    id: row.id, object: 'test_clock', name: row.name, frozen_time: row.frozen_time, status: row.status,
    created_at: row.created_at, updated_at: row.updated_at,
  };
}

async function findTestClock(executor, id, path = '') {
  const row = await executor.selectFrom('test_clocks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('test clock', id, path);
  return row;
}

module.exports = { testClockSchema, presentTestClock, findTestClock };
