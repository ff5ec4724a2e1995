'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { readMail, startSmtpReceiver } = require('./support/mail');
const { enqueueMail } = require('../src/mail/enqueue');

// A binary attachment: a PDF header and random bytes (every byte value), so any corruption by
// the MIME encoding on the way shows.
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(4096)]);
const invoiceData = { invoice_number: 'INV-2026-0042', amount_due: '1234.50', currency: 'EUR', due_at: '2026-02-14T12:00:00.000Z' };

const countRows = async (t, table) => Number((await t.services.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()).n);

for (const backend of BACKENDS) {
  describe(`mail outbox, development mail log [${backend}]`, () => {
    let t;
    before(async () => { t = await startTestServer(backend); });
    after(() => t.close());

    it('sends an invoice email in the customer\'s language with its PDF attached, read back from the mail log', async () => {
      const customer = await createCustomer(t, { name: 'Céline Dupont', email: 'celine@example.fr', currency: 'EUR', locale: 'fr-CA' });
      assert.equal(customer.locale, 'fr-CA');
      const queued = await expectStatus(t.call('POST', '/v1/mail_messages', {
        body: {
          template: 'invoice.issued', customer: customer.id, data: { ...invoiceData, seller_name: 'Acme SAS' },
          attachments: [{ filename: 'INV-2026-0042.pdf', content_type: 'application/pdf', content_base64: PDF.toString('base64') }],
        },
      }), 201);
      assert.equal(queued.status, 'queued');
      assert.equal(queued.language, 'fr');
      assert.deepEqual(queued.to, { email: 'celine@example.fr', name: 'Céline Dupont' });
      assert.equal(queued.subject, 'Facture INV-2026-0042 de Acme SAS');
      assert.deepEqual(queued.attachments.map((a) => [a.filename, a.size, a.sha256]),
        [['INV-2026-0042.pdf', PDF.length, crypto.createHash('sha256').update(PDF).digest('hex')]]);
      assert.equal(queued.deliveries.length, 0);

      await t.worker.drain();
      const [mail] = (await readMail(t)).filter((m) => m.entry.message === queued.id);
      assert.equal(mail.subject, 'Facture INV-2026-0042 de Acme SAS');
      assert.equal(mail.to, '"Céline Dupont" <celine@example.fr>');
      assert.equal(mail.messageId, `<${queued.id}@ratecard>`);
      // fr-CA formats the amount: narrow no-break space as group separator, comma decimals.
      assert.match(mail.text, /Bonjour Céline Dupont,/);
      assert.match(mail.text, /d'un montant de 1\s234,50\s€/);
      assert.match(mail.text, /Merci de la régler avant le 14 février 2026\./);
      assert.match(mail.html, /<p>Bonjour Céline Dupont,<\/p>/);
      assert.equal(mail.attachments.length, 1);
      assert.equal(mail.attachments[0].filename, 'INV-2026-0042.pdf');
      assert.equal(mail.attachments[0].contentType, 'application/pdf');
      assert.ok(mail.attachments[0].content.equals(PDF), 'the attachment arrives byte for byte');

      const sent = await expectStatus(t.call('GET', `/v1/mail_messages/${queued.id}`), 200);
      assert.equal(sent.status, 'sent');
      assert.equal(sent.attempts, 1);
      assert.ok(sent.sent_at);
      assert.equal(sent.deliveries.length, 1);
      assert.equal(sent.deliveries[0].transport, 'log');
      assert.equal(sent.deliveries[0].outcome, 'sent');
      assert.equal(sent.deliveries[0].response, `written to ${queued.id}.eml`);
    });

    it('falls back to English where a template has no text in the language, and formats in the locale where it has', async () => {
      const japanese = await createCustomer(t, { name: 'Sato', email: 'sato@example.jp', currency: 'JPY', locale: 'ja' });
      const swiss = await createCustomer(t, { name: 'Gruber', email: 'gruber@example.ch', currency: 'CHF', locale: 'de-CH' });
      const english = await expectStatus(t.call('POST', '/v1/mail_messages', {
        body: { template: 'payment.failed', customer: japanese.id, data: { amount: '5000', currency: 'JPY', next_attempt_at: '2026-03-01T00:00:00.000Z', time_zone: 'Asia/Tokyo' } },
      }), 201);
      assert.equal(english.language, 'en');
      assert.equal(english.subject, 'Your payment of ¥5,000 failed');
      assert.match(english.text, /We will try again on March 1, 2026\./);
      const german = await expectStatus(t.call('POST', '/v1/mail_messages', {
        body: { template: 'payment.receipt', customer: swiss.id, data: { amount: '1234.05', currency: 'CHF', paid_at: '2026-01-31T23:30:00.000Z', time_zone: 'Europe/Zurich' } },
      }), 201);
      assert.equal(german.language, 'de');
      // de-CH: apostrophe group separator; 23:30 UTC on Jan 31 is Feb 1 in Zurich.
      assert.match(german.subject, /^Beleg für Ihre Zahlung über CHF\s1['’]234\.05$/);
      assert.match(german.text, /am 1\. Februar 2026 erhalten/);
      // A locale given with the message wins over the customer's.
      const french = await expectStatus(t.call('POST', '/v1/mail_messages', {
        body: { template: 'trial.ending', customer: japanese.id, locale: 'fr', data: { plan_name: 'Pro', trial_end: '2026-04-10T00:00:00.000Z' } },
      }), 201);
      assert.equal(french.subject, 'Votre essai de Pro se termine le 10 avril 2026');
    });

    it('renders every template in every language it has', async () => {
      const { body } = await t.call('GET', '/v1/mail_templates');
      assert.deepEqual(body.data.map((template) => template.name), [
        'invoice.issued', 'payment.receipt', 'payment.failed', 'card.expiring', 'trial.ending', 'subscription.canceled', 'webhook_endpoint.disabled',
        'account.welcome',
      ]);
      const samples = {
        'invoice.issued': invoiceData,
        'payment.receipt': { amount: '10.00', currency: 'USD', paid_at: '2026-01-01T00:00:00.000Z', invoice_number: 'INV-1', payment_method: 'Visa •••• 4242' },
        'payment.failed': { amount: '10.00', currency: 'USD', failure_reason: 'insufficient funds', update_payment_method_url: 'https://pay.example/update' },
        'card.expiring': { card_brand: 'Visa', card_last4: '4242', exp_month: 2, exp_year: 2026 },
        'trial.ending': { plan_name: 'Team', trial_end: '2026-02-01T00:00:00.000Z', amount: '49.00', currency: 'USD' },
        'subscription.canceled': { plan_name: 'Team', ends_at: '2026-02-01T00:00:00.000Z', at_period_end: true },
        'webhook_endpoint.disabled': { endpoint_id: 'we_1', url: 'https://hooks.example/x', reason: 'it answered 410 Gone', disabled_at: '2026-02-01T00:00:00.000Z' },
        'account.welcome': { product_name: 'Example app', user_name: 'Ann', sign_in_url: 'https://app.example/sign-in' },
      };
      for (const template of body.data) {
        assert.deepEqual(template.languages, ['en', 'fr', 'de']);
        for (const locale of template.languages) {
          const message = await expectStatus(t.call('POST', '/v1/mail_messages', {
            body: { template: template.name, to: { email: 'ops@example.com', name: '<Ops & Co>' }, locale, data: samples[template.name] },
          }), 201);
          assert.equal(message.language, locale);
          assert.ok(message.subject.length > 10 && !message.subject.includes('undefined'), message.subject);
          assert.ok(!message.text.includes('undefined') && !message.html.includes('undefined'), `${template.name} ${locale}`);
        }
      }
    });

    it('escapes data in HTML', async () => {
      const message = await expectStatus(t.call('POST', '/v1/mail_messages', {
        body: { template: 'trial.ending', to: { email: 'a@example.com' }, data: { customer_name: '<script>x</script>', plan_name: 'A & B', trial_end: '2026-02-01T00:00:00.000Z' } },
      }), 201);
      assert.ok(!message.html.includes('<script>'));
      assert.match(message.html, /&lt;script&gt;x&lt;\/script&gt;/);
      assert.match(message.html, /A &amp; B/);
      assert.match(message.text, /Hello <script>x<\/script>,/);
    });

    it('queues a message if and only if the caller\'s transaction commits', async () => {
      const customer = await createCustomer(t, { name: 'Rollback', email: 'rb@example.com' });
      const before = await countRows(t, 'mail_messages');
      const jobsBefore = await countRows(t, 'jobs');
      await assert.rejects(t.services.db.transaction().execute(async (trx) => {
        await enqueueMail(trx, t.services, { template: 'card.expiring', customerId: customer.id, data: { card_brand: 'Visa', card_last4: '4242', exp_month: 1, exp_year: 2027 } });
        throw new Error('the change failed after the mail was queued');
      }), /the change failed/);
      assert.equal(await countRows(t, 'mail_messages'), before);
      assert.equal(await countRows(t, 'jobs'), jobsBefore);

      const row = await t.services.db.transaction().execute((trx) => enqueueMail(trx, t.services, {
        template: 'card.expiring', customerId: customer.id, data: { card_brand: 'Visa', card_last4: '4242', exp_month: 1, exp_year: 2027 },
      }));
      assert.equal(await countRows(t, 'mail_messages'), before + 1);
      await t.worker.drain();
      assert.equal((await expectStatus(t.call('GET', `/v1/mail_messages/${row.id}`), 200)).status, 'sent');
    });

    it('sends one message per key', async () => {
      const customer = await createCustomer(t, { name: 'Key', email: 'key@example.com' });
      const body = { template: 'card.expiring', customer: customer.id, key: `card-expiring:${customer.id}:2027-01`, data: { card_brand: 'Visa', card_last4: '4242', exp_month: 1, exp_year: 2027 } };
      const first = await expectStatus(t.call('POST', '/v1/mail_messages', { body }), 201);
      const second = await expectStatus(t.call('POST', '/v1/mail_messages', { body }), 201);
      assert.equal(second.id, first.id);
      await t.worker.drain();
      assert.equal((await readMail(t)).filter((m) => m.to === '"Key" <key@example.com>').length, 1);
    });

    it('keeps a message for a customer without an email as suppressed, and sends nothing', async () => {
      const customer = await createCustomer(t, { name: 'No Mail' });
      const message = await expectStatus(t.call('POST', '/v1/mail_messages', {
        body: { template: 'subscription.canceled', customer: customer.id, data: { plan_name: 'Team', ends_at: '2026-02-01T00:00:00.000Z' } },
      }), 201);
      assert.equal(message.status, 'suppressed');
      assert.match(message.last_error, /no email address/);
      await t.worker.drain();
      assert.equal((await readMail(t)).filter((m) => m.entry.message === message.id).length, 0);
      const listed = await expectStatus(t.call('GET', `/v1/mail_messages?customer=${customer.id}&status=suppressed`), 200);
      assert.deepEqual(listed.data.map((m) => m.id), [message.id]);
    });

    it('refuses bad input with a coded 4xx and stores nothing', async () => {
      const customer = await createCustomer(t, { name: 'Bad', email: 'bad@example.com' });
      const before = await countRows(t, 'mail_messages');
      const post = (body) => t.call('POST', '/v1/mail_messages', { body });
      await expectError(post({ template: 'no.such', to: { email: 'a@example.com' } }), 400, 'INVALID_ARGUMENT', '/template');
      await expectError(post({ template: 'payment.failed', to: { email: 'a@example.com' }, data: { amount: 12, currency: 'USD' } }), 400, 'INVALID_TYPE', '/data/amount');
      await expectError(post({ template: 'payment.failed', to: { email: 'a@example.com' }, data: { currency: 'USD' } }), 400, 'MISSING_FIELD', '/data/amount');
      await expectError(post({ template: 'payment.failed', to: { email: 'a@example.com' }, data: { amount: '1.00', currency: 'USD', color: 'red' } }), 400, 'UNKNOWN_FIELD', '/data/color');
      await expectError(post({ template: 'payment.failed', to: { email: 'a@example.com' }, data: { amount: '1.00', currency: 'USD', time_zone: 'Mars/Base' } }), 400, 'UNKNOWN_TIME_ZONE', '/data/time_zone');
      await expectError(post({ template: 'payment.failed', data: { amount: '1.00', currency: 'USD' } }), 400, 'MISSING_FIELD', '/to');
      await expectError(post({ template: 'payment.failed', to: { email: 'not an address' }, data: { amount: '1.00', currency: 'USD' } }), 400, 'INVALID_ARGUMENT', '/to/email');
      await expectError(post({ template: 'payment.failed', customer: 'cus_missing', data: { amount: '1.00', currency: 'USD' } }), 404, 'NOT_FOUND', '/customer');
      await expectError(post({ template: 'payment.failed', customer: customer.id, locale: 'French', data: { amount: '1.00', currency: 'USD' } }), 400, 'INVALID_ARGUMENT', '/locale');
      const attachment = { filename: '../etc/passwd', content_type: 'text/plain', content_base64: 'aGk=' };
      await expectError(post({ template: 'payment.failed', customer: customer.id, data: { amount: '1.00', currency: 'USD' }, attachments: [attachment] }), 400, 'INVALID_ARGUMENT', '/attachments/0/filename');
      await expectError(post({ template: 'payment.failed', customer: customer.id, data: { amount: '1.00', currency: 'USD' }, attachments: [{ ...attachment, filename: 'a.txt', content_type: 'text' }] }), 400, 'INVALID_ARGUMENT', '/attachments/0/content_type');
      await expectError(post({ template: 'payment.failed', customer: customer.id, data: { amount: '1.00', currency: 'USD' }, attachments: [{ ...attachment, filename: 'a.txt', content_base64: 'not base64!' }] }), 400, 'INVALID_ARGUMENT', '/attachments/0/content_base64');
      await expectError(t.call('POST', `/v1/mail_messages/${'mail_missing'}/retry`), 404, 'NOT_FOUND');
      await expectError(t.call('GET', '/v1/mail_messages?status=lost'), 400, 'INVALID_ARGUMENT', '/query/status');
      assert.equal(await countRows(t, 'mail_messages'), before);
      await expectError(t.call('PATCH', `/v1/customers/${customer.id}`, { body: { locale: 'en-US-US' } }), 400, 'INVALID_ARGUMENT', '/locale');
      await expectError(t.call('PATCH', `/v1/customers/${customer.id}`, { body: { locale: 'English' } }), 400, 'INVALID_ARGUMENT', '/locale');
    });

    it('lets support read mail but not send it', async () => {
      await expectStatus(t.call('GET', '/v1/mail_messages', { key: t.keys.support }), 200);
      await expectError(t.call('POST', '/v1/mail_messages', { key: t.keys.support, body: { template: 'payment.failed', to: { email: 'a@example.com' }, data: { amount: '1.00', currency: 'USD' } } }), 403, 'FORBIDDEN');
      await expectError(t.call('GET', '/v1/mail_messages', { key: t.keys.provisioning }), 403, 'FORBIDDEN');
    });
  });

  describe(`mail outbox through a real SMTP server [${backend}]`, () => {
    let t;
    let smtp;
    const clock = manualClock('2026-03-01T10:00:00.000Z');
    const send = (customer) => expectStatus(t.call('POST', '/v1/mail_messages', {
      body: { template: 'payment.receipt', customer: customer.id, data: { amount: '42.00', currency: 'USD', paid_at: '2026-03-01T10:00:00.000Z' } },
    }), 201);

    before(async () => {
      smtp = await startSmtpReceiver();
      t = await startTestServer(backend, { clock, config: { smtpUrl: smtp.url } });
    });
    after(async () => {
      await t.close();
      await smtp.stop();
    });

    it('hands the message to the SMTP server, authenticated, and records its reply', async () => {
      const customer = await createCustomer(t, { name: 'Ada Lovelace', email: 'ada@example.com', currency: 'USD' });
      const queued = await send(customer);
      await t.worker.drain();
      const [mail] = await smtp.messages(1);
      assert.equal(mail.envelope.user, 'ratecard');
      assert.equal(mail.envelope.from, 'billing@ratecard.test');
      assert.deepEqual(mail.envelope.to, ['ada@example.com']);
      assert.equal(mail.subject, 'Receipt for your payment of $42.00');
      assert.equal(mail.messageId, `<${queued.id}@ratecard>`);
      assert.equal(mail.headers.get('x-ratecard-template'), 'payment.receipt');
      assert.match(mail.text, /We received your payment of \$42\.00 on March 1, 2026\./);
      const sent = await expectStatus(t.call('GET', `/v1/mail_messages/${queued.id}`), 200);
      assert.equal(sent.status, 'sent');
      assert.equal(sent.deliveries[0].transport, 'smtp');
      assert.match(sent.deliveries[0].response, /^250 .*Queued as test/);
    });

    it('retries a temporary refusal through the job queue and sends once the server accepts', async () => {
      const customer = await createCustomer(t, { name: 'Grace', email: 'grace@example.com', currency: 'USD' });
      const earlier = (await smtp.messages()).length;
      await smtp.setMode('busy');
      const queued = await send(customer);
      await t.worker.drain();
      let message = await expectStatus(t.call('GET', `/v1/mail_messages/${queued.id}`), 200);
      assert.equal(message.status, 'queued');
      assert.equal(message.deliveries.length, 1);
      assert.equal(message.deliveries[0].outcome, 'failed');
      assert.match(message.deliveries[0].error, /451/);
      const job = (await t.services.db.selectFrom('jobs').selectAll().where('type', '=', 'mail.send').execute())
        .find((row) => JSON.parse(row.payload).message_id === queued.id);
      assert.equal(job.status, 'queued');
      assert.equal(job.run_at, '2026-03-01T10:00:01.000Z', 'retried after the queue\'s first backoff (1 s)');

      await smtp.setMode('accept');
      await t.worker.drain(); // not due yet
      assert.equal((await expectStatus(t.call('GET', `/v1/mail_messages/${queued.id}`), 200)).deliveries.length, 1);
      clock.advance(1000);
      await t.worker.drain();
      message = await expectStatus(t.call('GET', `/v1/mail_messages/${queued.id}`), 200);
      assert.equal(message.status, 'sent');
      assert.deepEqual(message.deliveries.map((d) => [d.attempt, d.outcome]), [[1, 'failed'], [2, 'sent']]);
      assert.equal((await smtp.messages(earlier + 1)).filter((m) => m.messageId === `<${queued.id}@ratecard>`).length, 1);
    });

    it('fails a message the server refuses for good at once, and sends it again on request', async () => {
      const customer = await createCustomer(t, { name: 'Nobody', email: 'nobody@example.com', currency: 'USD' });
      await smtp.setMode('no-such-user');
      const queued = await send(customer);
      await t.worker.drain();
      const failed = await expectStatus(t.call('GET', `/v1/mail_messages/${queued.id}`), 200);
      assert.equal(failed.status, 'failed');
      assert.match(failed.last_error, /550/);
      assert.equal(failed.deliveries.length, 1);
      await expectError(t.call('POST', `/v1/mail_messages/${queued.id}/retry`, { key: t.keys.support }), 403, 'FORBIDDEN');

      await smtp.setMode('accept');
      const retried = await expectStatus(t.call('POST', `/v1/mail_messages/${queued.id}/retry`), 200);
      assert.equal(retried.status, 'queued');
      await expectError(t.call('POST', `/v1/mail_messages/${queued.id}/retry`), 409, 'INVALID_STATE');
      await t.worker.drain();
      const sent = await expectStatus(t.call('GET', `/v1/mail_messages/${queued.id}`), 200);
      assert.equal(sent.status, 'sent');
      assert.deepEqual(sent.deliveries.map((d) => d.outcome), ['failed', 'sent']);
    });

    it('retries while the SMTP server is down (the last test here: it stops the server)', async () => {
      await smtp.stop();
      const customer = await createCustomer(t, { name: 'Down', email: 'down@example.com', currency: 'USD' });
      const queued = await send(customer);
      await t.worker.drain();
      const message = await expectStatus(t.call('GET', `/v1/mail_messages/${queued.id}`), 200);
      assert.equal(message.status, 'queued');
      assert.equal(message.deliveries[0].outcome, 'failed');
      assert.match(message.deliveries[0].error, /ECONNREFUSED/);
    });
  });
}
