'use strict';
const { ApiError } = require('./errors');

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/// Query string of every list endpoint: `limit` (1..100, default 20) and `cursor` (opaque,
/// from a previous page's `next_cursor`).
const listQuerySchema = (extra = {}) => ({
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
    cursor: { type: 'string', maxLength: 200 },
    ...extra,
  },
});

/// Response envelope of every list endpoint, named after its items ("SubscriptionList").
const listResponseSchema = (itemSchema) => ({
  type: 'object',
  ...(itemSchema.title ? { title: `${itemSchema.title}List` } : {}),
  required: ['object', 'data', 'has_more', 'next_cursor'],
  properties: {
    object: { const: 'list' },
    data: { type: 'array', items: itemSchema },
    has_more: { type: 'boolean' },
    next_cursor: { type: ['string', 'null'] },
  },
});

function encodeCursor(id) {
  return Buffer.from(JSON.stringify({ after: id })).toString('base64url');
}

function decodeCursor(cursor) {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value.after === 'string') return value.after;
  } catch {
    // fall through to the error below
  }
  throw new ApiError('INVALID_ARGUMENT', 'is not a cursor this API returned', '/query/cursor');
}

/// Lists a query newest first by id (ids increase with creation time), one page at a time.
/// `query` is a Kysely select on a table with an `id` column; `presentRows` turns the page's
/// rows into API objects at once (so related rows can be read in one query for the page).
async function paginate(query, { limit = DEFAULT_LIMIT, cursor }, presentRows, idColumn = 'id') {
  let page = query.orderBy(idColumn, 'desc').limit(limit + 1);
  if (cursor) page = page.where(idColumn, '<', decodeCursor(cursor));
  const rows = await page.execute();
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const data = await presentRows(pageRows);
  return {
    object: 'list',
    data,
    has_more: hasMore,
    next_cursor: hasMore ? encodeCursor(pageRows[pageRows.length - 1].id) : null,
  };
}

/// A page presenter from a presenter of one row.
const eachRow = (present) => (rows) => rows.map(present);

module.exports = { paginate, eachRow, listQuerySchema, listResponseSchema, DEFAULT_LIMIT, MAX_LIMIT };
