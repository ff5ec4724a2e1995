'use strict';
// A checkout that is never paid leaves no invoice due: when its subscription expires
// incomplete, its first invoice, still a draft or open, is voided.
const { lockInvoice } = require('./invoices');
const { voidInvoice } = require('./lifecycle');

/// Outbox consumer of subscription.incomplete_expired: voids the subscription's unpaid first
/// invoice (invoice.voided). Safe to repeat: a voided invoice is no longer selected.
async function voidUnpaidFirstInvoice(trx, event, services) {
  if (event.type !== 'subscription.incomplete_expired') return;
  const unpaid = await trx.selectFrom('subscription_billings')
    .innerJoin('invoices', 'invoices.id', 'subscription_billings.invoice_id')
    .select('invoices.id').where('subscription_billings.subscription_id', '=', event.object_id)
    .where('subscription_billings.kind', '=', 'first').where('invoices.status', 'in', ['draft', 'open']).execute();
  for (const { id } of unpaid) await voidInvoice(trx, services, await lockInvoice(trx, services.dialect, id));
}

module.exports = { voidUnpaidFirstInvoice };
