'use strict';
// The mail domain's part of a privacy erasure (server/src/privacy/): the messages sent to the
// customer lose their recipient, bodies, template data and attachments' content; a message
// still queued is suppressed. What stays: that a message of a template was sent, and when.

/// The recipients' addresses and names of the customer's messages.
async function mailPersonalValues(trx, customerId) {
  const rows = await trx.selectFrom('mail_messages').select(['to_email', 'to_name']).where('customer_id', '=', customerId).execute();
  return rows.flatMap((row) => [row.to_email, row.to_name]);
}

/// Scrubs the customer's messages, their attachments and the transport's answers. Returns how
/// many messages were scrubbed.
async function eraseMail(trx, { customerId, redactor }) {
  const messages = await trx.selectFrom('mail_messages').select(['id', 'subject', 'status', 'last_error']).where('customer_id', '=', customerId).execute();
  for (const message of messages) {
    await trx.updateTable('mail_messages').set({
      to_email: null, to_name: null, subject: redactor.text(message.subject), text_body: '', html_body: '', data: '{}',
      status: message.status === 'queued' ? 'suppressed' : message.status,
      last_error: message.status === 'queued' ? 'the customer\'s personal data was erased' : redactor.text(message.last_error),
    }).where('id', '=', message.id).execute();
    await trx.updateTable('mail_attachments').set({ content_base64: '' }).where('message_id', '=', message.id).execute();
    const deliveries = await trx.selectFrom('mail_deliveries').select(['id', 'response', 'error']).where('message_id', '=', message.id).execute();
    for (const delivery of deliveries) {
      await trx.updateTable('mail_deliveries').set({ response: redactor.text(delivery.response), error: redactor.text(delivery.error) })
        .where('id', '=', delivery.id).execute();
    }
  }
  return messages.length;
}

module.exports = { mailPersonalValues, eraseMail };
