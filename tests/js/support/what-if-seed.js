'use strict';
// Test-only seeding for what-if pricing at scale: copies of one real subscription (made through
// the API: its customer, subscription, billing record and finalized first invoice), written
// straight into the server's SQLite file in one transaction, each with its own ids and the line
// of its invoice rewritten for its own quantity and amount (priced by the native core, as billing
// prices a line). 10,000 API signups would take minutes; this takes about a second.
const path = require('node:path');
const Database = require(require.resolve('better-sqlite3', { paths: [path.join(__dirname, '..', '..', '..', 'server')] }));
const { newId } = require('../../../server/src/ids');

const insertRow = (db, table, row) => {
  const columns = Object.keys(row);
  db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`).run(...Object.values(row));
};

/// Copies `subscriptionId` (and its customer and first invoice) once per entry of `quantities`,
/// billed `amounts` (parallel): returns the new subscription ids.
function cloneSubscriptions(sqliteFile, { subscriptionId, quantities, amounts }) {
  const db = new Database(sqliteFile);
  db.pragma('busy_timeout = 10000');
  try {
    const subscription = db.prepare('select * from subscriptions where id = ?').get(subscriptionId);
    const customer = db.prepare('select * from customers where id = ?').get(subscription.customer_id);
    const billing = db.prepare('select * from subscription_billings where subscription_id = ?').get(subscriptionId);
    const invoice = db.prepare('select * from invoices where id = ?').get(billing.invoice_id);
    const result = JSON.parse(invoice.core_result);
    const line = result.lines.find((entry) => entry.subscription_id === subscriptionId);
    const ids = [];
    db.transaction(() => {
      quantities.forEach((quantity, i) => {
        const sub = newId('sub');
        const cus = newId('cus');
        const inv = newId('in');
        ids.push(sub);
        insertRow(db, 'customers', { ...customer, id: cus, external_id: null, name: `What-if ${i}` });
        insertRow(db, 'subscriptions', { ...subscription, id: sub, customer_id: cus, quantity });
        const lines = [{ ...line, subscription_id: sub, item_id: line.item_id.replace(subscriptionId, sub), quantity, amount: amounts[i] }];
        insertRow(db, 'invoices', {
          ...invoice, id: inv, number: `WHATIF-${i}`, customer_id: cus, core_result: JSON.stringify({ ...result, lines }),
        });
        insertRow(db, 'subscription_billings', { ...billing, subscription_id: sub, invoice_id: inv });
      });
    })();
    return ids;
  } finally {
    db.close();
  }
}

module.exports = { cloneSubscriptions };
