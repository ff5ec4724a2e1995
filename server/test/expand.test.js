'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { expandObjects } = require('../src/http/expand');

// The expansion walk other domains reuse (invoices: expand[]=lines.data.price).
describe('expand[]', () => {
  const prices = { load: async (executor, ids) => new Map(ids.map((id) => [id, { id, object: 'price', loadedWith: ids.length }])), permission: 'catalog:read' };

  it('follows dotted paths through lists, loading every id once for all objects', async () => {
    const invoices = [
      { id: 'in_1', lines: { object: 'list', data: [{ price: 'price_a' }, { price: 'price_b' }] } },
      { id: 'in_2', lines: { object: 'list', data: [{ price: 'price_a' }, { price: null }] } },
    ];
    await expandObjects(null, invoices, ['lines.data.price'], { 'lines.data.price': prices }, () => true);
    assert.deepEqual(invoices[0].lines.data.map((line) => line.price.id), ['price_a', 'price_b']);
    assert.equal(invoices[1].lines.data[0].price.loadedWith, 2, 'one load for both invoices');
    assert.equal(invoices[1].lines.data[1].price, null, 'no id, nothing to expand');
  });

  it('refuses an expansion the caller may not read', async () => {
    await assert.rejects(expandObjects(null, [{ price: 'price_a' }], ['price'], { price: prices }, () => false),
      (error) => error.code === 'FORBIDDEN' && error.path === '/query/expand[]' && /catalog:read/.test(error.message));
  });
});
