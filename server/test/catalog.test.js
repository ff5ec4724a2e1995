'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer } = require('./support/harness');
const { createPlan, expectStatus, expectError } = require('./support/fixtures');
const { fromDatabaseError } = require('../src/http/errors');

for (const backend of BACKENDS) {
  describe(`catalog API [${backend}]`, () => {
    let t;
    let product;
    before(async () => {
      t = await startTestServer(backend);
      product = await expectStatus(t.call('POST', '/v1/products', { body: { name: 'Widgets', metadata: { team: 'core' } } }), 201);
    });
    after(() => t.close());

    it('creates and retrieves a product', async () => {
      assert.match(product.id, /^prod_[0-9a-z]{26}$/);
      assert.equal(product.active, true);
      const fetched = await expectStatus(t.call('GET', `/v1/products/${product.id}`), 200);
      assert.deepEqual(fetched, product);
    });

    it('updates a product and archives it', async () => {
      const updated = await expectStatus(t.call('PATCH', `/v1/products/${product.id}`, { body: { name: 'Gadgets', active: false } }), 200);
      assert.equal(updated.name, 'Gadgets');
      assert.equal(updated.active, false);
      const archived = await expectStatus(t.call('GET', '/v1/products?active=false'), 200);
      assert.deepEqual(archived.data.map((p) => p.id), [product.id]);
      await expectStatus(t.call('PATCH', `/v1/products/${product.id}`, { body: { active: true } }), 200);
    });

    it('stores a price the core accepts, amounts as strings exactly as sent', async () => {
      const pricing = { model: 'graduated', tiers: [{ up_to: '5', unit_amount: '7' }, { up_to: null, unit_amount: '6.5', flat_amount: '0.10' }] };
      const price = await expectStatus(t.call('POST', '/v1/prices', {
        body: { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing },
      }), 201);
      assert.deepEqual(price.pricing, pricing);
      assert.equal(price.interval_count, 1);
      const preview = await expectStatus(t.call('POST', `/v1/prices/${price.id}/preview`, { body: { quantity: '6' } }), 200);
      assert.equal(preview.amount, '41.60');
      assert.deepEqual(preview.lines.map((l) => l.amount), ['35.00', '6.60']);
    });

    it('passes core errors through with their code and the path in the request body', async () => {
      const base = { product: product.id, currency: 'USD', type: 'recurring', interval: 'month' };
      await expectError(t.call('POST', '/v1/prices', {
        body: { ...base, pricing: { model: 'graduated', tiers: [{ up_to: '5', unit_amount: '1' }, { up_to: '3', unit_amount: '1' }] } },
      }), 400, 'INVALID_ARGUMENT', '/pricing/tiers/1/up_to');
      await expectError(t.call('POST', '/v1/prices', { body: { ...base, pricing: { model: 'per_unit', unit_amount: 9.99 } } }),
        400, 'INVALID_TYPE', '/pricing/unit_amount');
      await expectError(t.call('POST', '/v1/prices', { body: { ...base, pricing: { model: 'per_unit', unit_amount: '1', unit_price: '1' } } }),
        400, 'UNKNOWN_FIELD', '/pricing/unit_price');
      await expectError(t.call('POST', '/v1/prices', { body: { ...base, currency: 'HRK', pricing: { model: 'flat', amount: '1' } } }),
        400, 'UNKNOWN_CURRENCY', '/currency');
      await expectError(t.call('POST', '/v1/prices', { body: { ...base, pricing: { model: 'flat', amount: '1'.repeat(30) } } }),
        400, 'OVERFLOW', '/pricing/amount');
      const listed = await expectStatus(t.call('GET', `/v1/prices?product=${product.id}`), 200);
      assert.equal(listed.data.length, 1, 'refused prices are not stored');
    });

    it('maps preview errors to the preview body', async () => {
      const price = await expectStatus(t.call('POST', '/v1/prices', {
        body: { product: product.id, currency: 'JPY', type: 'one_time', pricing: { model: 'per_unit', unit_amount: '100' } },
      }), 201);
      await expectError(t.call('POST', `/v1/prices/${price.id}/preview`, { body: { quantity: '-1' } }), 400, 'INVALID_ARGUMENT', '/quantity');
      const ok = await expectStatus(t.call('POST', `/v1/prices/${price.id}/preview`, { body: { quantity: '2.5' } }), 200);
      assert.equal(ok.amount, '250');
    });

    it('refuses request bodies that do not match the schema, with the core\'s codes', async () => {
      await expectError(t.call('POST', '/v1/products', { body: {} }), 400, 'MISSING_FIELD', '/name');
      await expectError(t.call('POST', '/v1/products', { body: { name: 'x', colour: 'red' } }), 400, 'UNKNOWN_FIELD', '/colour');
      await expectError(t.call('POST', '/v1/products', { body: { name: 5 } }), 400, 'INVALID_TYPE', '/name');
      await expectError(t.call('POST', '/v1/prices', { body: { product: product.id, currency: 'USD', type: 'usage', interval: 'month', pricing: { model: 'flat', amount: '1' } } }),
        400, 'MISSING_FIELD', '/metric');
      const raw = await t.app.inject({ method: 'POST', url: '/v1/products', payload: '{"name":', headers: { authorization: `Bearer ${t.keys.admin}`, 'content-type': 'application/json' } });
      assert.equal(raw.statusCode, 400);
      assert.equal(raw.json().error.code, 'INVALID_JSON');
      await expectError(t.call('GET', '/v1/products/prod_nope'), 404, 'NOT_FOUND', '');
      await expectError(t.call('GET', '/v1/nothing-here'), 404, 'NOT_FOUND');
    });

    it('builds plans from prices of the same currency and interval', async () => {
      const { plan, prices } = await createPlan(t, { code: 'seats', pricings: [{ model: 'flat', amount: '20.00' }, { model: 'per_unit', unit_amount: '5.00' }], trialDays: 14 });
      assert.deepEqual(plan.prices.map((p) => p.id), prices.map((p) => p.id));
      assert.equal(plan.trial_days, 14);
      await expectError(t.call('POST', '/v1/plans', {
        body: { code: 'seats', name: 'again', product: plan.product, currency: 'USD', interval: 'month', prices: [prices[0].id] },
      }), 409, 'CONFLICT', '/code');
      const euro = await expectStatus(t.call('POST', '/v1/prices', {
        body: { product: plan.product, currency: 'EUR', type: 'recurring', interval: 'month', pricing: { model: 'flat', amount: '1' } },
      }), 201);
      await expectError(t.call('POST', '/v1/plans', {
        body: { code: 'mixed', name: 'mixed', product: plan.product, currency: 'USD', interval: 'month', prices: [prices[0].id, euro.id] },
      }), 400, 'INVALID_ARGUMENT', '/prices/1');
      await expectError(t.call('POST', '/v1/plans', {
        body: { code: 'yearly', name: 'yearly', product: plan.product, currency: 'USD', interval: 'year', prices: [prices[0].id] },
      }), 400, 'INVALID_ARGUMENT', '/prices/0');
      await expectError(t.call('POST', '/v1/plans', {
        body: { code: 'min', name: 'min', product: plan.product, currency: 'USD', interval: 'month', prices: [prices[0].id], minimum_amount: '1.2.3' },
      }), 400, 'INVALID_ARGUMENT', '/minimum_amount');
      await expectError(t.call('POST', '/v1/plans', {
        body: { code: 'ghost', name: 'ghost', product: plan.product, currency: 'USD', interval: 'month', prices: ['price_missing'] },
      }), 404, 'NOT_FOUND', '/prices/0');
    });

    it('creates add-ons and coupons, validating amounts and percents with the core', async () => {
      const price = await expectStatus(t.call('POST', '/v1/prices', {
        body: { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'flat', amount: '49.00' } },
      }), 201);
      const addOn = await expectStatus(t.call('POST', '/v1/add_ons', { body: { code: 'support', name: 'Support', price: price.id } }), 201);
      assert.equal(addOn.price.pricing.amount, '49.00');

      const percent = await expectStatus(t.call('POST', '/v1/coupons', { body: { code: 'ten', name: '10%', percent_off: '10', duration: 'forever' } }), 201);
      assert.equal(percent.percent_off, '10');
      await expectError(t.call('POST', '/v1/coupons', { body: { code: 'big', name: 'x', percent_off: '120', duration: 'once' } }), 400, 'INVALID_ARGUMENT', '/percent_off');
      await expectError(t.call('POST', '/v1/coupons', { body: { code: 'amt', name: 'x', amount_off: '5', duration: 'once' } }), 400, 'MISSING_FIELD', '/currency');
      await expectError(t.call('POST', '/v1/coupons', { body: { code: 'amt', name: 'x', amount_off: '5', currency: 'ZZZ', duration: 'once' } }), 400, 'UNKNOWN_CURRENCY', '/currency');
      await expectError(t.call('POST', '/v1/coupons', { body: { code: 'rep', name: 'x', percent_off: '5', duration: 'repeating' } }), 400, 'MISSING_FIELD', '/duration_in_periods');
      const amount = await expectStatus(t.call('POST', '/v1/coupons', {
        body: { code: 'five', name: '$5', amount_off: '5.00', currency: 'USD', duration: 'repeating', duration_in_periods: 3, applies_to: [price.id] },
      }), 201);
      assert.deepEqual(amount.applies_to, [price.id]);
    });

    it('answers 409 CONFLICT, never 500, when concurrent creates race for one code', async () => {
      const body = { code: 'race', name: 'Race', percent_off: '5', duration: 'once' };
      const responses = await Promise.all(Array.from({ length: 6 }, () => t.call('POST', '/v1/coupons', { body })));
      assert.deepEqual(responses.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409]);
      for (const refused of responses.filter((r) => r.status === 409)) {
        assert.equal(refused.body.error.code, 'CONFLICT');
        assert.equal(refused.body.error.path, '/code');
      }
      const listed = await expectStatus(t.call('GET', '/v1/coupons?code=race'), 200);
      assert.equal(listed.data.length, 1);
    });

    it('turns the database\'s unique-constraint errors into CONFLICT with the column\'s path', async () => {
      const row = await t.services.db.selectFrom('coupons').selectAll().where('code', '=', 'race').executeTakeFirstOrThrow();
      const violation = async (values) => {
        try {
          await t.services.db.insertInto('coupons').values(values).execute();
        } catch (error) {
          return error;
        }
        throw new Error('the insert should have failed');
      };
      const code = fromDatabaseError(await violation({ ...row, id: 'coupon_other' }));
      assert.equal(code.code, 'CONFLICT');
      assert.equal(code.statusCode, 409);
      assert.equal(code.path, '/code');
      assert.match(code.message, /the same code already exists/);
      const id = fromDatabaseError(await violation({ ...row, code: 'other' }));
      assert.equal(id.code, 'CONFLICT');
      assert.equal(id.path, '');
      assert.equal(fromDatabaseError(await violation({ ...row, id: 'coupon_x', code: 'x', name: null })), null, 'not a unique violation');
    });

    it('pages through lists with a cursor, newest first, without gaps or repeats', async () => {
      const created = [];
      for (let i = 0; i < 7; i += 1) {
        created.push((await expectStatus(t.call('POST', '/v1/products', { body: { name: `Page ${i}` } }), 201)).id);
      }
      const seen = [];
      let cursor = null;
      let pages = 0;
      do {
        const page = await expectStatus(t.call('GET', `/v1/products?limit=3${cursor ? `&cursor=${cursor}` : ''}`), 200);
        seen.push(...page.data.map((p) => p.id));
        cursor = page.next_cursor;
        assert.equal(page.has_more, cursor !== null);
        pages += 1;
      } while (cursor);
      assert.equal(new Set(seen).size, seen.length);
      assert.deepEqual(seen.slice(0, 7), [...created].reverse());
      assert.equal(pages, Math.ceil(seen.length / 3));
      await expectError(t.call('GET', '/v1/products?cursor=garbage'), 400, 'INVALID_ARGUMENT', '/query/cursor');
    });

    it('keeps a cursor valid while objects are added: later pages neither skip nor repeat, and new objects stay out', async () => {
      const created = [];
      for (let i = 0; i < 5; i += 1) created.push((await expectStatus(t.call('POST', '/v1/products', { body: { name: `Stable ${i}`, metadata: { batch: 'stable' } } }), 201)).id);
      const first = await expectStatus(t.call('GET', '/v1/products?limit=2'), 200);
      assert.deepEqual(first.data.map((p) => p.id), [created[4], created[3]]);
      const added = [];
      for (let i = 0; i < 3; i += 1) added.push((await expectStatus(t.call('POST', '/v1/products', { body: { name: `Added ${i}` } }), 201)).id);
      const second = await expectStatus(t.call('GET', `/v1/products?limit=2&cursor=${first.next_cursor}`), 200);
      assert.deepEqual(second.data.map((p) => p.id), [created[2], created[1]]);
      const third = await expectStatus(t.call('GET', `/v1/products?limit=1&cursor=${second.next_cursor}`), 200);
      assert.deepEqual(third.data.map((p) => p.id), [created[0]]);
      for (const id of added) assert.ok(![...first.data, ...second.data, ...third.data].some((p) => p.id === id));
      await expectError(t.call('GET', '/v1/products?limit=1000'), 400, 'INVALID_ARGUMENT', '/query/limit');
    });
  });
}
