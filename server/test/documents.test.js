'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { execFileSync } = require('node:child_process');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { readMail } = require('./support/mail');

// Invoice and credit note documents: a real PDF read back with poppler's pdftotext (its first
// page rendered to PNG with pdftoppm, kept in RATECARD_TEST_ARTIFACTS or the temp directory),
// HTML, kept once rendered; and the invoice email with the PDF attached, from the mail log.
const ARTIFACTS = process.env.RATECARD_TEST_ARTIFACTS || path.join(os.tmpdir(), 'ratecard-test-artifacts');

function pdfText(bytes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-pdf-'));
  try {
    fs.writeFileSync(path.join(dir, 'doc.pdf'), bytes);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The images a PDF holds, as poppler's pdfimages lists them: [{ type, width, height }].
function pdfImages(bytes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-pdf-'));
  try {
    fs.writeFileSync(path.join(dir, 'doc.pdf'), bytes);
    const rows = execFileSync('pdfimages', ['-list', path.join(dir, 'doc.pdf')], { encoding: 'utf8' }).trim().split('\n').slice(2);
    return rows.map((row) => row.trim().split(/\s+/)).map(([, , type, width, height]) => ({ type, width: Number(width), height: Number(height) }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// A PNG of `width` × `height` RGBA pixels (8-bit, not interlaced), in base64.
function pngBase64(width, height) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 4, 0x80)]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]).toString('base64');
}

for (const backend of BACKENDS) {
  describe(`documents and the invoice email [${backend}]`, () => {
    let t;
    before(async () => {
      t = await startTestServer(backend, { clock: manualClock('2026-03-10T09:00:00.000Z') });
      await expectStatus(t.call('PATCH', '/v1/seller_settings', { body: { legal_name: 'Überschall Software GmbH', address: { line1: 'Torstraße 1', city: 'Berlin', postal_code: '10119', country: 'DE' } } }), 200);
    });
    after(() => t.close());

    const raw = async (url) => {
      const response = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.keys.admin}` } });
      return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload };
    };
    const documentRows = async (id) => (await t.services.db.selectFrom('documents').select(['format']).where('object_id', '=', id).execute()).map((row) => row.format).sort();

    it('renders a finalized invoice as a PDF and HTML once, emails the PDF, and credits it on a PDF credit note', async () => {
      const customer = await createCustomer(t, { name: 'Zoë Łukasiewicz-Øster', email: 'zoe@example.com', currency: 'EUR', locale: 'de', address: { line1: 'Rue de la Paix 2', city: 'Paris', country: 'FR' } });
      const invoice = await expectStatus(t.call('POST', '/v1/invoices', { body: {
        customer: customer.id, collection_method: 'send_invoice', days_until_due: 30, auto_finalize: true,
        lines: [{ description: 'Beratung – Grundpaket', unit_amount: '1234.50' }],
      } }), 201);

      const pdf = await raw(`/v1/invoices/${invoice.id}/pdf`);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.equal(pdf.bytes.subarray(0, 5).toString(), '%PDF-');
      const text = pdfText(pdf.bytes);
      for (const expected of [`Invoice ${invoice.number}`, 'Überschall Software GmbH', 'Zoë Łukasiewicz-Øster', 'Beratung – Grundpaket', '1.234,50 €', invoice.content_hash]) {
        assert.ok(text.includes(expected), `the PDF shows ${expected}:\n${text}`);
      }
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const pdfFile = path.join(ARTIFACTS, `invoice-${backend}.pdf`);
      fs.writeFileSync(pdfFile, pdf.bytes);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', '-f', '1', pdfFile, path.join(ARTIFACTS, `invoice-${backend}`)]);
      assert.equal(fs.readFileSync(path.join(ARTIFACTS, `invoice-${backend}.png`)).subarray(1, 4).toString(), 'PNG');

      // Kept: the same bytes again, one stored row per format.
      const again = await raw(`/v1/invoices/${invoice.id}/pdf`);
      assert.ok(again.bytes.equals(pdf.bytes));
      assert.equal(again.headers['document-sha256'], pdf.headers['document-sha256']);
      const html = await raw(`/v1/invoices/${invoice.id}/html`);
      assert.match(html.headers['content-type'], /^text\/html/);
      assert.ok(html.bytes.toString().includes('Zoë Łukasiewicz-Øster') && html.bytes.toString().includes(invoice.content_hash));
      assert.deepEqual(await documentRows(invoice.id), ['html', 'pdf']);

      // The invoice email, with that PDF attached, read back from the development mail log.
      await t.worker.drain();
      const mails = (await readMail(t)).filter((mail) => mail.entry.template === 'invoice.issued' && mail.entry.to === 'zoe@example.com');
      assert.equal(mails.length, 1);
      assert.match(mails[0].subject, new RegExp(`Rechnung ${invoice.number}`));
      assert.deepEqual(mails[0].attachments.map((a) => [a.filename, a.contentType]), [[`${invoice.number}.pdf`, 'application/pdf']]);
      assert.ok(mails[0].attachments[0].content.equals(pdf.bytes), 'the attachment is the kept PDF');

      // A credit note of 234.50 as a PDF (no tax: the seller has no tax country).
      const note = await expectStatus(t.call('POST', '/v1/credit_notes', { body: { invoice: invoice.id, reason: 'order_change', amount: '234.50', memo: 'Paket verkleinert' } }), 201);
      const notePdf = await raw(`/v1/credit_notes/${note.id}/pdf`);
      const noteText = pdfText(notePdf.bytes);
      for (const expected of [`Credit note ${note.number}`, `Credits invoice: ${invoice.number}`, '-234,50 €', 'Order change', 'Paket verkleinert', note.content_hash]) {
        assert.ok(noteText.includes(expected), `the credit note PDF shows ${expected}:\n${noteText}`);
      }
    });

    it('shows a taxed, discounted invoice in full: periods, tax by jurisdiction and rate, credits, amount due, due date, how to pay; the customer frozen', async () => {
      const instructions = 'Bank transfer to IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX.';
      await expectStatus(t.call('PATCH', '/v1/seller_settings', { body: {
        email: 'billing@ueberschall.example', default_collection_method: 'send_invoice', default_days_until_due: 30, payment_instructions: instructions,
        tax: { country: 'DE', default_tax_category: 'digital_services', tax_ids: ['DE123456789'] },
      } }), 200);
      const logo = pngBase64(30, 10);
      const withLogo = await expectStatus(t.call('PUT', '/v1/seller_settings/logo', { body: { content_type: 'image/png', content_base64: logo } }), 200);
      assert.deepEqual([withLogo.logo.content_type, withLogo.logo.width, withLogo.logo.height], ['image/png', 30, 10]);
      const { plan } = await createPlan(t, { code: 'docs-eur', currency: 'EUR', pricings: [{ model: 'per_unit', unit_amount: '40.00' }] });
      const coupon = await expectStatus(t.call('POST', '/v1/coupons', { body: { code: 'docs10', name: '10 % off', percent_off: '10', duration: 'forever' } }), 201);
      const customer = await createCustomer(t, { name: 'Amélie Ørsted SARL', email: 'amelie@example.fr', currency: 'EUR', address: { line1: '5 rue Oberkampf', city: 'Paris', postal_code: '75011', country: 'FR' } });
      await expectStatus(t.call('POST', `/v1/customers/${customer.id}/balance_transactions`, { body: { amount: '15.00', description: 'Goodwill' } }), 201);
      await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id, quantity: '3', coupon: coupon.id } }), 201);
      const [invoice] = (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}`), 200)).data;
      // Edited after finalization, before the document is first rendered: it shows the details
      // frozen on the invoice.
      // A new logo from now on: the invoice keeps the one it was finalized with.
      await expectStatus(t.call('PUT', '/v1/seller_settings/logo', { body: { content_type: 'image/png', content_base64: pngBase64(12, 12) } }), 200);
      await expectStatus(t.call('PATCH', `/v1/customers/${customer.id}`, { body: { name: 'Renamed Later', address: { line1: '1 New Street', city: 'Lyon', postal_code: '69001', country: 'FR' } } }), 200);

      const pdf = (await raw(`/v1/invoices/${invoice.id}/pdf`)).bytes;
      const text = pdfText(pdf);
      const html = (await raw(`/v1/invoices/${invoice.id}/html`)).bytes.toString();
      // The logo drawn in the PDF (its colour and its alpha as a soft mask) and inline in the HTML.
      assert.deepEqual(pdfImages(pdf), [{ type: 'image', width: 30, height: 10 }, { type: 'smask', width: 30, height: 10 }]);
      assert.ok(html.includes(`<img class="logo" src="data:image/png;base64,${logo}"`));
      // 3 × 40.00 = 120.00 for the month from March 10, less 10 % (12.00) = 108.00; FR VAT 20 %
      // (a digital service sold to France) 21.60; total 129.60; the balance's 15.00 applied:
      // 114.60 due 30 days after March 10.
      const shown = [
        `Invoice ${invoice.number}`, 'Due: April 9, 2026', 'Amélie Ørsted SARL', '5 rue Oberkampf', '75011 Paris', 'Tax ID DE123456789',
        /Plan docs-eur\s+3\s+€120\.00/, /March 10, 2026 – April 10, 2026\s+-€12\.00/, /Subtotal\s+€120\.00/, /Discounts\s+-€12\.00/,
        /Tax FR VAT 20 %\s+€21\.60/, /Total\s+€129\.60/, /Credits and balance applied\s+-€15\.00/, /Amount due\s+€114\.60/,
        `Payment: by April 9, 2026, quoting ${invoice.number} (questions: billing@ueberschall.example).`, 'IBAN DE89 3704 0044 0532 0130 00', invoice.content_hash,
      ];
      for (const expected of shown) {
        const found = typeof expected === 'string' ? text.replace(/\s+/g, ' ').includes(expected) : expected.test(text);
        assert.ok(found, `the PDF shows ${expected}:\n${text}`);
      }
      for (const expected of ['Amélie Ørsted SARL', 'Tax FR VAT 20 %', '€114.60', 'April 9, 2026', 'IBAN DE89 3704 0044 0532 0130 00', 'March 10, 2026 – April 10, 2026', '-€12.00']) {
        assert.ok(html.includes(expected), `the HTML shows ${expected}`);
      }
      for (const document of [text, html]) assert.ok(!document.includes('Renamed Later') && !document.includes('New Street'), 'the customer as it was at finalization');
      await expectStatus(t.call('PATCH', '/v1/seller_settings', { body: { default_collection_method: 'charge_automatically', payment_instructions: null, tax: { country: null, tax_ids: [] } } }), 200);
      assert.equal((await expectStatus(t.call('DELETE', '/v1/seller_settings/logo'), 200)).logo, null);
    });

    it('takes a logo only as a PNG or JPEG the PDF can hold, size-limited, changing nothing otherwise', async () => {
      const logos = async () => Number((await t.services.db.selectFrom('seller_logos').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()).n);
      const before = [await expectStatus(t.call('GET', '/v1/seller_settings'), 200), await logos()];
      const upload = (body) => t.call('PUT', '/v1/seller_settings/logo', { body });
      const good = Buffer.from(pngBase64(4, 4), 'base64');
      const corrupt = Buffer.from(good);
      corrupt.writeUInt32BE(0xffffffff, 33 + 8); // the IDAT's zlib data
      const cases = [
        [{ content_type: 'image/gif', content_base64: good.toString('base64') }, 'INVALID_ARGUMENT', '/content_type'],
        [{ content_type: 'image/png', content_base64: 'not base64!' }, 'INVALID_ARGUMENT', '/content_base64'],
        [{ content_type: 'image/png' }, 'MISSING_FIELD', '/content_base64'],
        [{ content_type: 'image/jpeg', content_base64: good.toString('base64') }, 'INVALID_ARGUMENT', '/content_base64'],
        [{ content_type: 'image/png', content_base64: Buffer.from('GIF89a.....').toString('base64') }, 'INVALID_ARGUMENT', '/content_base64'],
        [{ content_type: 'image/png', content_base64: good.subarray(0, 40).toString('base64') }, 'INVALID_ARGUMENT', '/content_base64'],
        [{ content_type: 'image/png', content_base64: corrupt.toString('base64') }, 'INVALID_ARGUMENT', '/content_base64'],
        [{ content_type: 'image/png', content_base64: pngBase64(4000, 1) }, 'INVALID_ARGUMENT', '/content_base64'],
        [{ content_type: 'image/png', content_base64: Buffer.alloc(300 * 1024).toString('base64') }, 'INVALID_ARGUMENT', '/content_base64'],
      ];
      for (const [body, code, at] of cases) await expectError(upload(body), 400, code, at);
      assert.deepEqual([await expectStatus(t.call('GET', '/v1/seller_settings'), 200), await logos()], before);
    });

    it('has no document for a draft, a missing invoice or credit note', async () => {
      const customer = await createCustomer(t);
      const draft = await expectStatus(t.call('POST', '/v1/invoices', { body: { customer: customer.id, lines: [{ description: 'X', unit_amount: '1.00' }] } }), 201);
      await expectError(t.call('GET', `/v1/invoices/${draft.id}/pdf`), 409, 'INVALID_STATE');
      await expectError(t.call('GET', '/v1/invoices/in_missing/html'), 404, 'NOT_FOUND');
      await expectError(t.call('GET', '/v1/credit_notes/cn_missing/pdf'), 404, 'NOT_FOUND');
      assert.deepEqual(await documentRows(draft.id), []);
      // A billing zone given as an offset (not an Intl zone on every Node): dates in UTC.
      const offset = await createCustomer(t, { email: 'offset@example.com', timezone: '+05:30' });
      const invoice = await expectStatus(t.call('POST', '/v1/invoices', { body: { customer: offset.id, collection_method: 'send_invoice', auto_finalize: true, lines: [{ description: 'Z', unit_amount: '3.00' }] } }), 201);
      assert.ok(pdfText((await raw(`/v1/invoices/${invoice.id}/pdf`)).bytes).includes('$3.00'));
      await t.worker.drain();
      assert.equal((await readMail(t)).filter((mail) => mail.entry.to === 'offset@example.com' && mail.entry.template === 'invoice.issued').length, 1);
    });


    it('exports invoices, their lines and credit notes as CSV, by period and status', async () => {
      const customer = await createCustomer(t, { name: '=Evil, "Quoted" Ltd' });
      const open = await expectStatus(t.call('POST', '/v1/invoices', { body: { customer: customer.id, auto_finalize: true,
        lines: [{ description: 'Alpha, first', unit_amount: '7.25', quantity: '2' }, { description: '+Beta', unit_amount: '0.50' }] } }), 201);
      const draft = await expectStatus(t.call('POST', '/v1/invoices', { body: { customer: customer.id, lines: [{ description: 'Gamma', unit_amount: '1.00' }] } }), 201);
      const note = await expectStatus(t.call('POST', '/v1/credit_notes', { body: { invoice: open.id, reason: 'duplicate', lines: [{ line: 1, amount: '0.50' }] } }), 201);
      const csv = async (url) => {
        const response = await raw(url);
        assert.equal(response.status, 200, response.bytes.toString());
        assert.match(response.headers['content-type'], /^text\/csv/);
        return response.bytes.toString('utf8').split('\r\n').filter(Boolean);
      };
      const mine = (lines, id) => lines.filter((line) => line.includes(id));

      const invoices = await csv('/v1/exports/invoices.csv?status=open');
      assert.ok(invoices[0].startsWith('id,number,customer,customer_name,status,currency,subtotal'));
      assert.deepEqual(mine(invoices, draft.id), []);
      // 2 × 7.25 + 0.50 = 15.00; the name quoted and kept from running as a formula.
      // subtotal, discount_total, tax_total, total, credits_applied, amount_due.
      assert.ok(mine(invoices, open.id)[0].includes(`,open,USD,15.00,0.00,0.00,15.00,0.00,15.00,`));
      assert.ok(mine(invoices, open.id)[0].includes(`"'=Evil, ""Quoted"" Ltd"`));

      const lines = mine(await csv('/v1/exports/invoice_lines.csv'), open.id);
      assert.equal(lines.length, 2);
      assert.ok(lines[0].includes('"Alpha, first"') && lines[0].includes(',2,USD,14.50,0.00,14.50,0.00'));
      assert.ok(lines[1].includes(",'+Beta,"));

      const notes = mine(await csv('/v1/exports/credit_notes.csv'), note.id);
      assert.equal(notes.length, 1);
      assert.ok(notes[0].includes(`${note.id},${note.number},${open.id},${customer.id},duplicate,USD,-0.50,0.00,-0.50,0.50,0.00,0.50`));

      // A period before everything: the header alone.
      assert.deepEqual(await csv('/v1/exports/credit_notes.csv?to=2020-01-01T00:00:00Z'), [(await csv('/v1/exports/credit_notes.csv'))[0]]);
      await expectError(t.call('GET', '/v1/exports/invoices.csv?from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z'), 400, 'INVALID_ARGUMENT', '/query/to');
      await expectError(t.call('GET', '/v1/exports/invoices.csv?status=lost'), 400, 'INVALID_ARGUMENT');
      await expectError(t.call('GET', '/v1/exports/credit_notes.csv?status=open'), 400, 'UNKNOWN_FIELD', '/query/status');
    });
  });
}
