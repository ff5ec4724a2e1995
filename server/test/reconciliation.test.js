'use strict';
// Reconciliation over HTTP: money received outside Ratecard recorded through the API, gateway
// settlement and bank statement CSVs imported, matched to invoices (by reference, several
// invoices at once, by customer and amount, net of fees, a payment through Ratecard by its
// charge), by hand, and reported as JSON pages and CSV; bad input changes nothing.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS } = require('./support/harness');
const { createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { startPaymentsServer } = require('./support/payments');

for (const backend of BACKENDS) {
  describe(`reconciliation [${backend}]`, () => {
    let t;
    before(async () => {
      t = await startPaymentsServer(backend);
    });
    after(async () => {
      if (t) await t.close();
    });

    const invoiceFor = (customer, amount, currency = 'USD') => expectStatus(t.call('POST', '/v1/invoices', {
      body: { customer: customer.id, collection_method: 'send_invoice', auto_finalize: true, lines: [{ description: 'Services', unit_amount: amount }] },
    }), 201);
    const invoice = (id) => expectStatus(t.call('GET', `/v1/invoices/${id}`), 200);
    const receive = (body, headers) => t.call('POST', '/v1/received_payments', { body: { method: 'bank_transfer', currency: 'USD', received_on: '2026-01-20', ...body }, headers });
    const importCsv = (type, source, lines) => t.call('POST', '/v1/reconciliation/imports', { body: { type, source, csv: lines.join('\r\n') } });
    const lineOf = async (importId, externalId) => (await expectStatus(t.call('GET', `/v1/reconciliation?import=${importId}&limit=100`), 200))
      .data.find((row) => row.external_id === externalId);
    const counts = async () => {
      const count = async (table) => Number((await t.services.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()).n);
      return {
        received: await count('received_payments'), imports: await count('reconciliation_imports'),
        applications: await count('invoice_payment_applications'), events: await count('events'), keys: await count('idempotency_keys'),
      };
    };

    it('applies an offline payment naming an invoice: partial, then the rest with an over-payment left unapplied; a retried request records nothing more', async () => {
      const customer = await createCustomer(t);
      const due = await invoiceFor(customer, '100.00');
      const first = await expectStatus(receive({ amount: '40.00', reference: `Payment for ${due.number}` }, { 'idempotency-key': 'wire-1' }), 201);
      assert.deepEqual([first.status, first.matched_by, first.customer, first.amount_applied, first.amount_unapplied], ['partial', 'reference', customer.id, '40.00', '0.00']);
      assert.deepEqual(first.applications.map((row) => [row.invoice, row.amount]), [[due.id, '40.00']]);
      let seen = await invoice(due.id);
      assert.deepEqual([seen.status, seen.amount_paid, seen.amount_remaining], ['open', '40.00', '60.00']);

      const before = await counts();
      const replay = await t.call('POST', '/v1/received_payments', { body: { method: 'bank_transfer', currency: 'USD', received_on: '2026-01-20', amount: '40.00', reference: `Payment for ${due.number}` }, headers: { 'idempotency-key': 'wire-1' } });
      assert.deepEqual([replay.status, replay.body.id, replay.headers['idempotent-replayed']], [201, first.id, 'true']);
      assert.deepEqual(await counts(), before);

      const rest = await expectStatus(receive({ method: 'check', amount: '75.00', reference: due.number }), 201);
      assert.deepEqual([rest.status, rest.amount_applied, rest.amount_unapplied], ['over_payment', '60.00', '15.00']);
      seen = await invoice(due.id);
      assert.deepEqual([seen.status, seen.amount_paid, seen.amount_remaining, seen.paid_out_of_band, seen.payment_reference], ['paid', '100.00', '0.00', true, rest.id]);
      // The 15.00 left over is applied by hand to the customer's next invoice.
      const next = await invoiceFor(customer, '15.00');
      const applied = await expectStatus(t.call('POST', `/v1/received_payments/${rest.id}/match`, { body: { invoices: [next.id] } }), 200);
      assert.deepEqual([applied.status, applied.amount_applied, applied.amount_unapplied, applied.applications.map((row) => row.invoice)], ['matched', '75.00', '0.00', [due.id, next.id]]);
      assert.equal((await invoice(next.id)).status, 'paid');
      const types = (await t.services.db.selectFrom('events').select('type').where('object_id', 'in', [first.id, rest.id, due.id]).orderBy('id').execute()).map((row) => row.type);
      assert.deepEqual(types.filter((type) => type !== 'invoice.created' && type !== 'invoice.finalized'), ['received_payment.created', 'invoice.paid', 'received_payment.created', 'received_payment.matched']);
    });

    it('imports a bank statement: one transfer for several invoices, one by customer and amount, one unmatched; a second import of it adds nothing', async () => {
      const [one, two, three] = [await createCustomer(t), await createCustomer(t), await createCustomer(t)];
      const a = await invoiceFor(one, '20.00');
      const b = await invoiceFor(one, '30.00');
      const c = await invoiceFor(two, '45.00');
      const big = await invoiceFor(three, '150.00');
      const statement = [
        'id,date,amount,currency,reference,customer',
        `b1,2026-01-20,50.00,USD,"${a.number}, ${b.number}",`,
        `b2,2026-01-20,45.00,USD,Wire 8812,${two.id}`,
        'b3,2026-01-21,99.00,USD,Unknown sender,',
      ];
      const imported = await expectStatus(importCsv('bank_statement', 'bank-main', statement), 201);
      assert.deepEqual([imported.lines, imported.duplicates, imported.summary], [3, 0, { matched: 2, partial: 0, over_payment: 0, unmatched: 1, fees: [] }]);
      const b1 = await lineOf(imported.id, 'b1');
      assert.deepEqual([b1.status, b1.line, b1.customer, b1.applications.map((row) => [row.number, row.amount, row.invoice_status])],
        ['matched', 2, one.id, [[a.number, '20.00', 'paid'], [b.number, '30.00', 'paid']]]);
      const b2 = await lineOf(imported.id, 'b2');
      assert.deepEqual([b2.status, b2.matched_by, b2.applications.map((row) => row.invoice)], ['matched', 'customer_amount', [c.id]]);
      assert.equal((await invoice(c.id)).status, 'paid');
      const b3 = await lineOf(imported.id, 'b3');
      assert.deepEqual([b3.status, b3.amount_unapplied, b3.applications], ['unmatched', '99.00', []]);

      const before = await counts();
      const again = await expectStatus(importCsv('bank_statement', 'bank-main', statement), 201);
      assert.deepEqual([again.lines, again.duplicates, again.summary.matched, again.summary.unmatched], [3, 3, 0, 0]);
      const after = await counts();
      assert.deepEqual([after.received, after.applications], [before.received, before.applications]);

      // By hand: the unmatched 99.00 to the 150.00 invoice (partial), taken back, matched again.
      const matched = await expectStatus(t.call('POST', `/v1/received_payments/${b3.id}/match`, { body: { invoices: [big.id] } }), 200);
      assert.deepEqual([matched.status, matched.matched_by, matched.customer, matched.amount_unapplied], ['partial', 'manual', three.id, '0.00']);
      assert.deepEqual([(await invoice(big.id)).amount_paid, (await invoice(big.id)).amount_remaining], ['99.00', '51.00']);
      await expectError(t.call('POST', `/v1/received_payments/${b3.id}/match`, { body: { invoices: [big.id] } }), 409, 'INVALID_STATE');
      // A partly paid invoice is not voided: its payments would be stranded on it.
      const refusedVoid = await expectError(t.call('POST', `/v1/invoices/${big.id}/void`), 409, 'INVALID_STATE');
      assert.match(refusedVoid.message, /^99\.00 USD of payments were applied to this invoice/);
      assert.equal((await invoice(big.id)).status, 'open');
      const unmatched = await expectStatus(t.call('POST', `/v1/received_payments/${b3.id}/unmatch`), 200);
      assert.deepEqual([unmatched.status, unmatched.amount_applied, unmatched.amount_unapplied, unmatched.applications], ['unmatched', '0.00', '99.00', []]);
      const reopened = await invoice(big.id);
      assert.deepEqual([reopened.status, reopened.amount_paid, reopened.amount_remaining], ['open', '0.00', '150.00']);
      await expectError(t.call('POST', `/v1/received_payments/${b3.id}/unmatch`), 409, 'INVALID_STATE');
      // A payment that paid its invoice in full is taken back with a credit note, not unmatched.
      await expectError(t.call('POST', `/v1/received_payments/${b1.id}/unmatch`), 409, 'INVALID_STATE');
      assert.equal((await invoice(a.id)).status, 'paid');
    });

    it('imports a gateway settlement net of fees: gross pays the invoice, fees are recorded, a charge through Ratecard is matched to its payment', async () => {
      const customer = await createCustomer(t);
      await t.cardOnFile(customer.id, '4242424242424242');
      const charged = await expectStatus(t.call('POST', '/v1/payments', { body: { customer: customer.id, amount: '25.00', currency: 'USD' } }), 201);
      const due = await invoiceFor(customer, '100.00');
      const short = await invoiceFor(customer, '80.00');
      const settlement = [
        'id,date,currency,gross,fee,net,reference,charge',
        `s1,2026-01-22,USD,100.00,3.20,96.80,${due.number},`,
        `s2,2026-01-22,USD,50.00,1.75,48.25,${short.number},`,
        `s3,2026-01-22,USD,25.00,1.03,23.97,,${charged.gateway_charge}`,
      ];
      const imported = await expectStatus(importCsv('gateway_settlement', 'atlas', settlement), 201);
      assert.deepEqual(imported.summary, { matched: 2, partial: 1, over_payment: 0, unmatched: 0, fees: [{ currency: 'USD', amount: '5.98' }] });
      const s1 = await lineOf(imported.id, 's1');
      assert.deepEqual([s1.status, s1.amount, s1.fee, s1.net, s1.method], ['matched', '100.00', '3.20', '96.80', 'gateway_settlement']);
      assert.equal((await invoice(due.id)).status, 'paid');
      const s2 = await lineOf(imported.id, 's2');
      assert.equal(s2.status, 'partial');
      assert.deepEqual([(await invoice(short.id)).amount_paid, (await invoice(short.id)).amount_remaining], ['50.00', '30.00']);
      const s3 = await lineOf(imported.id, 's3');
      assert.deepEqual([s3.status, s3.matched_by, s3.payment, s3.customer, s3.applications], ['matched', 'payment', charged.id, customer.id, []]);
      const event = await t.services.db.selectFrom('events').select('data').where('type', '=', 'reconciliation.import.completed').where('object_id', '=', imported.id).executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(event.data).summary.fees, [{ currency: 'USD', amount: '5.98' }]);
    });

    it('reports received payments filtered and paginated, and exports them as CSV', async () => {
      const customer = await createCustomer(t);
      const due = await invoiceFor(customer, '10.00');
      const cash = await expectStatus(receive({ method: 'cash', amount: '10.00', reference: `Till "A", ${due.number}` }), 201);
      const page = await expectStatus(t.call('GET', '/v1/reconciliation?method=cash&limit=1'), 200);
      assert.deepEqual([page.data.map((row) => row.id), page.has_more], [[cash.id], false]);
      const unmatched = await expectStatus(t.call('GET', '/v1/reconciliation?status=unmatched&limit=1'), 200);
      assert.equal(unmatched.data.length, 1);
      assert.ok(unmatched.data.every((row) => row.status === 'unmatched'));
      const all = await expectStatus(t.call('GET', '/v1/reconciliation?limit=2'), 200);
      assert.equal(all.has_more, true);
      const next = await expectStatus(t.call('GET', `/v1/reconciliation?limit=2&cursor=${all.next_cursor}`), 200);
      assert.ok(next.data.every((row) => row.id < all.data[1].id));

      const csv = await t.call('GET', `/v1/reconciliation?format=csv&customer=${customer.id}`);
      assert.equal(csv.status, 200);
      assert.match(csv.headers['content-type'], /^text\/csv/);
      const [header, line, end] = csv.body.split('\r\n');
      assert.equal(header, 'id,received_on,origin,source,import,line,external_id,method,reference,customer,currency,amount,fee,net,status,amount_applied,amount_unapplied,matched_by,payment,invoices');
      assert.equal(line, `${cash.id},2026-01-20,api,,,,,cash,"Till ""A"", ${due.number}",${customer.id},USD,10.00,,10.00,matched,10.00,0.00,reference,,${due.number}:10.00`);
      assert.equal(end, '');
    });

    it('refuses bad input on every route with a coded 4xx and changes nothing', async () => {
      const customer = await createCustomer(t);
      const due = await invoiceFor(customer, '10.00');
      const euros = await invoiceFor(await createCustomer(t, { currency: 'EUR' }), '10.00', 'EUR');
      const paid = await invoiceFor(customer, '5.00');
      await expectStatus(receive({ amount: '5.00', reference: paid.number }), 201);
      const open = await expectStatus(receive({ amount: '7.00', reference: 'nothing' }), 201);
      const other = await createCustomer(t);
      await invoiceFor(other, '3.00');
      const full = await expectStatus(receive({ amount: '3.00', customer: other.id }), 201);
      assert.equal(full.status, 'matched');
      const before = await counts();

      await expectError(receive({ method: 'crypto', amount: '1.00' }), 400, 'INVALID_ARGUMENT', '/method');
      await expectError(t.call('POST', '/v1/received_payments', { body: { method: 'cash', amount: '1.00', currency: 'USD' } }), 400, 'MISSING_FIELD', '/received_on');
      await expectError(receive({ amount: '1.001' }), 400, 'INVALID_ARGUMENT', '/amount');
      await expectError(receive({ amount: '0' }), 400, 'INVALID_ARGUMENT', '/amount');
      await expectError(receive({ amount: '1.00', currency: 'XXQ' }), 400, 'UNKNOWN_CURRENCY', '/currency');
      await expectError(receive({ amount: '1.00', received_on: '2026-02-30' }), 400, 'INVALID_ARGUMENT', '/received_on');
      await expectError(receive({ amount: '1.00', customer: 'cus_missing' }), 404, 'NOT_FOUND', '/customer');
      await expectError(receive({ amount: '1.00', invoices: ['in_missing'] }), 404, 'NOT_FOUND', '/invoices/0');
      await expectError(receive({ amount: '1.00', invoices: [due.id, paid.id] }), 409, 'INVALID_STATE', '/invoices/1');
      await expectError(receive({ amount: '1.00', invoices: [euros.id] }), 400, 'INVALID_ARGUMENT', '/invoices/0');
      await expectError(receive({ amount: '1.00', invoices: [due.id, due.id] }), 400, 'INVALID_ARGUMENT', '/invoices');
      await expectError(t.call('POST', '/v1/received_payments', { key: t.keys.support, body: { method: 'cash', amount: '1.00', currency: 'USD', received_on: '2026-01-20' } }), 403, 'FORBIDDEN');

      await expectError(t.call('POST', '/v1/received_payments/rcvp_missing/match', { body: { invoices: [due.id] } }), 404, 'NOT_FOUND');
      await expectError(t.call('POST', `/v1/received_payments/${full.id}/match`, { body: { invoices: [due.id] } }), 409, 'INVALID_STATE');
      await expectError(t.call('POST', `/v1/received_payments/${open.id}/match`, { body: {} }), 400, 'MISSING_FIELD', '/invoices');
      await expectError(t.call('POST', `/v1/received_payments/${open.id}/match`, { body: { invoices: [euros.id] } }), 400, 'INVALID_ARGUMENT', '/invoices/0');
      await expectError(t.call('POST', `/v1/received_payments/${open.id}/unmatch`), 409, 'INVALID_STATE');
      await expectError(t.call('GET', '/v1/received_payments/rcvp_missing'), 404, 'NOT_FOUND');

      const bad = async (type, lines, status, code, path) => expectError(importCsv(type, 'bank-x', lines), status, code, path);
      const header = 'id,date,amount,currency,reference,customer';
      const good = `ok1,2026-01-20,10.00,USD,${due.number},`;
      await bad('bank_statement', ['id,date,currency', good], 400, 'INVALID_ARGUMENT', '/csv/1');
      await bad('bank_statement', ['id,date,amount,currency,memo', good], 400, 'INVALID_ARGUMENT', '/csv/1');
      await bad('bank_statement', [header], 400, 'INVALID_ARGUMENT', '/csv');
      await bad('bank_statement', [header, good, 'ok2,2026-01-20,ten,USD,,'], 400, 'INVALID_ARGUMENT', '/csv/3/amount');
      await bad('bank_statement', [header, good, 'ok2,2026-01-20,1.001,USD,,'], 400, 'INVALID_ARGUMENT', '/csv/3/amount');
      await bad('bank_statement', [header, good, 'ok2,2026-13-01,1.00,USD,,'], 400, 'INVALID_ARGUMENT', '/csv/3/date');
      await bad('bank_statement', [header, good, 'ok2,2026-01-20,1.00,XXQ,,'], 400, 'UNKNOWN_CURRENCY', '/csv/3/currency');
      await bad('bank_statement', [header, good, 'ok1,2026-01-20,1.00,USD,,'], 400, 'INVALID_ARGUMENT', '/csv/3/id');
      await bad('bank_statement', [header, good, 'ok2,2026-01-20,1.00,USD,,cus_missing'], 404, 'NOT_FOUND', '/csv/3/customer');
      await bad('bank_statement', [header, good, 'ok2,2026-01-20,1.00,USD'], 400, 'INVALID_ARGUMENT', '/csv/3');
      await bad('bank_statement', [header, 'ok2,2026-01-20,1.00,USD,"unclosed,'], 400, 'INVALID_ARGUMENT', '/csv/2');
      const settlement = 'id,date,currency,gross,fee,net';
      await bad('gateway_settlement', [settlement, 's1,2026-01-20,USD,10.00,0.30,9.60'], 400, 'INVALID_ARGUMENT', '/csv/2/net');
      await bad('gateway_settlement', [settlement, 's1,2026-01-20,USD,10.00,10.00,0.00'], 400, 'INVALID_ARGUMENT', '/csv/2/fee');
      await bad('gateway_settlement', [settlement, 's1,2026-01-20,USD,10.00,-0.30,10.30'], 400, 'INVALID_ARGUMENT', '/csv/2/fee');
      await bad('wire_list', [header, good], 400, 'INVALID_ARGUMENT', '/type');
      await expectError(t.call('POST', '/v1/reconciliation/imports', { body: { type: 'bank_statement', source: 'bank x', csv: `${header}\r\n${good}` } }), 400, 'INVALID_ARGUMENT', '/source');
      await expectError(t.call('GET', '/v1/reconciliation/imports/rcimp_missing'), 404, 'NOT_FOUND');
      await expectError(t.call('GET', '/v1/reconciliation?status=lost'), 400, 'INVALID_ARGUMENT', '/query/status');
      await expectError(t.call('GET', '/v1/reconciliation?cursor=nonsense'), 400, 'INVALID_ARGUMENT', '/query/cursor');
      await expectError(t.call('GET', '/v1/reconciliation', { key: null }), 401, 'UNAUTHENTICATED');

      assert.deepEqual(await counts(), before);
      const untouched = await invoice(due.id);
      assert.deepEqual([untouched.status, untouched.amount_paid], ['open', '0.00']);
    });
  });
}
