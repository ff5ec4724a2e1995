'use strict';
// Exporting everything Ratecard keeps about a customer (GET /v1/customers/:id/export): each
// kind of object read from its table and shown through its domain's presenter, as the API
// shows it elsewhere. Presenters never carry a secret, a hash or a token: API objects of
// access keys and portal sessions name their prefix and status only, payment methods their
// brand, last 4 and fingerprint (the vault keeps the numbers).
const { notFound } = require('../http/errors');
const { toInstant } = require('../time');
const { presentCustomer } = require('../customers/customers');
const { presentSubscription } = require('../subscriptions/subscriptions');
const { presentInvoice } = require('../invoicing/invoices');
const { presentCreditNote, selectCreditNotes } = require('../credit-notes/credit-notes');
const { presentPaymentMethod, presentPayment, presentRefund, presentDispute } = require('../payments/presenters');
const { presentUsageEvent } = require('../usage/presenters');
const { presentGrant: presentEntitlementGrant, getOverrides } = require('../entitlements/customer-terms');
const { presentGrant: presentCreditGrant } = require('../balances/grants');
const { presentBalanceTransaction } = require('../balances/ledger');
const { presentAccount, presentUser, seatedUserIds } = require('../provisioning/accounts');
const { presentAccessKey } = require('../provisioning/access-keys');
const { presentOrders } = require('../provisioning/orders');
const { presentMessages } = require('../mail/messages');
const { presentEvent } = require('../outbox/outbox');
const { presentCheckoutSession } = require('../checkout/sessions');
const { presentPortalSession } = require('../auth/portal-sessions');
const { presentCase } = require('../dunning/cases');
const { presentDecision } = require('../fraud/decisions');
const { presentRuns } = require('../workflows/runs');

/// The kinds of objects an export holds, in the order the JSON and the CSV list them.
const EXPORT_KINDS = [
  'subscriptions', 'invoices', 'credit_notes', 'balance_transactions', 'credit_grants', 'payment_methods', 'payments',
  'refunds', 'disputes', 'usage_events', 'entitlement_overrides', 'entitlement_grants', 'provisioned_accounts',
  'account_users', 'access_keys', 'orders', 'mail_messages', 'events', 'checkout_sessions', 'portal_sessions',
  'dunning_cases', 'fraud_decisions', 'workflow_runs',
];

const byCustomer = (db, table, customerId) => db.selectFrom(table).selectAll().where('customer_id', '=', customerId).orderBy('created_at').orderBy('id');
const inList = (db, table, column, ids) => (ids.length ? db.selectFrom(table).selectAll().where(column, 'in', ids).orderBy('created_at').orderBy('id').execute() : []);

async function paymentObjects(db, customerId) {
  const payments = await byCustomer(db, 'payments', customerId).execute();
  const ids = payments.map((payment) => payment.id);
  const attempts = ids.length ? await db.selectFrom('payment_attempts').selectAll().where('payment_id', 'in', ids).orderBy('number').execute() : [];
  const paymentOf = new Map(payments.map((payment) => [payment.id, payment]));
  return {
    payments: payments.map((payment) => presentPayment(payment, attempts.filter((attempt) => attempt.payment_id === payment.id))),
    refunds: (await inList(db, 'refunds', 'payment_id', ids)).map((row) => presentRefund(row, paymentOf.get(row.payment_id))),
    disputes: (await inList(db, 'disputes', 'payment_id', ids)).map((row) => presentDispute(row, paymentOf.get(row.payment_id))),
  };
}

async function provisioningObjects(db, customerId, now) {
  const accounts = await byCustomer(db, 'provisioned_accounts', customerId).execute();
  const users = [];
  for (const account of accounts) {
    const seated = await seatedUserIds(db, account.id);
    const rows = await db.selectFrom('account_users').selectAll().where('account_id', '=', account.id).orderBy('created_at').orderBy('id').execute();
    users.push(...rows.map((row) => ({ ...presentUser(row, seated.has(row.id)), account: account.id })));
  }
  return {
    provisioned_accounts: accounts.map(presentAccount),
    account_users: users,
    access_keys: (await byCustomer(db, 'access_keys', customerId).execute()).map((row) => presentAccessKey(row, now)),
    orders: await presentOrders(db, await byCustomer(db, 'orders', customerId).execute()),
  };
}

/// Everything about customer `customerId`: { object: "customer_export", customer, exported_at,
/// <kind>: [objects] for each of EXPORT_KINDS }. NOT_FOUND for an unknown customer.
async function exportCustomer({ db, clock }, customerId) {
  const now = clock.now();
  const customer = await db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw notFound('customer', customerId);
  const list = async (table, present) => (await byCustomer(db, table, customerId).execute()).map(present);
  const overrides = await getOverrides(db, customerId);
  const creditNotes = await selectCreditNotes(db).where('credit_notes.customer_id', '=', customerId).orderBy('credit_notes.created_at').execute();
  const objects = {
    subscriptions: await list('subscriptions', presentSubscription),
    invoices: await list('invoices', presentInvoice),
    credit_notes: creditNotes.map((row) => presentCreditNote(row, row.invoice_number)),
    balance_transactions: await list('customer_balance_transactions', presentBalanceTransaction),
    credit_grants: await list('credit_grants', (row) => presentCreditGrant(row, now)),
    payment_methods: await list('payment_methods', presentPaymentMethod),
    ...await paymentObjects(db, customerId),
    usage_events: (await db.selectFrom('usage_events').selectAll().where('customer_id', '=', customerId).orderBy('occurred_at').orderBy('id').execute())
      .map(presentUsageEvent),
    entitlement_overrides: overrides.updated_at ? [overrides] : [],
    entitlement_grants: await list('entitlement_grants', presentEntitlementGrant),
    ...await provisioningObjects(db, customerId, now),
    mail_messages: await presentMessages(db, await byCustomer(db, 'mail_messages', customerId).execute()),
    events: await list('events', presentEvent),
    checkout_sessions: await list('checkout_sessions', (row) => presentCheckoutSession(row, now)),
    portal_sessions: await list('portal_sessions', presentPortalSession),
    dunning_cases: await list('dunning_cases', presentCase),
    // The API's decision leaves out the email and address it was made on; a person's export shows them.
    fraud_decisions: await list('fraud_decisions', (row) => ({ ...presentDecision(row), email: row.email, ip_address: row.ip_address })),
    workflow_runs: await presentRuns(db, await byCustomer(db, 'workflow_runs', customerId).execute()),
  };
  return {
    object: 'customer_export', customer: presentCustomer(customer), exported_at: toInstant(now),
    ...Object.fromEntries(EXPORT_KINDS.map((kind) => [kind, objects[kind]])),
  };
}

module.exports = { EXPORT_KINDS, exportCustomer };
