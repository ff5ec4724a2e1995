'use strict';
// `npm start`'s demo of a provisioned account: the demo portal customer's account is activated
// in the example app through the real path, an activate order that the job worker runs over
// HTTP against the app (docs/server.md, "Provisioning"). Its portal then shows the team and
// access keys panels.
const { inTransaction } = require('../db/rows');
const { createOrder } = require('../provisioning/orders');
const { DEMO_PORTAL_CUSTOMER, DEMO_ACCOUNT_USERS } = require('./demo-catalog');

/// Places the activate order of the demo portal customer once: nothing when the customer is
/// missing or has an activate order already (a later start, or another process seeding at the
/// same time: the customer's row is locked on PostgreSQL, SQLite writes one at a time).
/// Returns the order, or null.
async function seedDemoActivation(services) {
  return inTransaction(services.db, async (trx) => {
    let query = trx.selectFrom('customers').select('id').where('external_id', '=', DEMO_PORTAL_CUSTOMER);
    if (services.dialect === 'postgres') query = query.forUpdate();
    const customer = await query.executeTakeFirst();
    if (!customer) return null;
    const placed = await trx.selectFrom('orders').select('id').where('customer_id', '=', customer.id).where('type', '=', 'activate').executeTakeFirst();
    if (placed) return null;
    return createOrder(trx, services, {
      type: 'activate', customer: customer.id, users: DEMO_ACCOUNT_USERS, access_key: { name: 'Demo key' }, welcome: false,
    }, { source: 'seed' });
  });
}

module.exports = { seedDemoActivation };
