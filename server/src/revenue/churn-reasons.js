'use strict';

/// Which of `customerIds` churn involuntarily: they hold an invoice they did not pay, either
/// marked uncollectible or still open after a failed payment. The others churn voluntarily.
/// Returns the Set of involuntary ones.
async function involuntaryChurners(executor, customerIds) {
  if (!customerIds.length) return new Set();
  const uncollectible = await executor.selectFrom('invoices').select('customer_id').distinct()
    .where('customer_id', 'in', customerIds).where('status', '=', 'uncollectible').execute();
  const failed = await executor.selectFrom('invoices').innerJoin('payments', 'payments.invoice_id', 'invoices.id')
    .select('invoices.customer_id').distinct()
    .where('invoices.customer_id', 'in', customerIds).where('invoices.status', '=', 'open').where('payments.status', '=', 'failed')
    .execute();
  return new Set([...uncollectible, ...failed].map((row) => row.customer_id));
}

module.exports = { involuntaryChurners };
