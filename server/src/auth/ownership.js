'use strict';
const { notFound } = require('../http/errors');

// A portal session reaches only the routes that name a portal scope (route config `portal`),
// and through them only its own customer's objects. The scope's check runs for every portal
// request before the handler; another customer's object answers 404, exactly like an id that
// does not exist, so a token cannot probe for ids.

/// Each portal scope and its ownership check (request, db) => throws NOT_FOUND or returns.
const PORTAL_SCOPES = {
  /// The public catalog: nothing to own.
  catalog: async () => {},
  /// The session's own customer record: `:id` must be its customer.
  own_customer: async ({ params, principal }) => {
    if (params.id !== principal.customerId) throw notFound('customer', params.id);
  },
  /// One subscription of the session's customer, named by `:id` (a customer never changes).
  own_subscription: async ({ params, principal }, db) => {
    const row = await db.selectFrom('subscriptions').select('customer_id').where('id', '=', params.id).executeTakeFirst();
    if (!row || row.customer_id !== principal.customerId) throw notFound('subscription', params.id);
  },
  /// A list the route narrows to the session's customer (the handler filters by it).
  own_subscriptions_list: async () => {},
  /// The session's customer's finalized invoices (the handler filters by customer, no drafts).
  own_invoices_list: async () => {},
  /// One finalized invoice of the session's customer, named by `:id` (a draft is not the customer's to see).
  own_invoice: async ({ params, principal }, db) => {
    const row = await db.selectFrom('invoices').select(['customer_id', 'status']).where('id', '=', params.id).executeTakeFirst();
    if (!row || row.customer_id !== principal.customerId || row.status === 'draft') throw notFound('invoice', params.id);
  },
  /// A request whose body names a customer (`customer`, read after this check): the handler
  /// answers 404 for any customer but the session's.
  own_customer_in_body: async () => {},
  /// The cards on file of the session's customer (`:id`): list, add, make default, detach; a
  /// card of another customer is not found (payments/payment-methods.js reads it by both ids).
  own_payment_methods: async ({ params, principal }) => {
    if (params.id !== principal.customerId) throw notFound('customer', params.id);
  },
  /// The portal session itself, named by `:id` (so a portal can sign out).
  own_portal_session: async ({ params, principal }) => {
    if (params.id !== principal.id) throw notFound('portal session', params.id);
  },
  /// The provisioned account of the session's customer (`:id` is the customer): its users,
  /// seats, access keys and entitlements.
  own_account: async ({ params, principal }) => {
    if (params.id !== principal.customerId) throw notFound('customer', params.id);
  },
};

/// Throws NOT_FOUND unless the portal principal of `request` owns what its route's scope names.
async function checkPortalScope(request, scope, db) {
  await PORTAL_SCOPES[scope](request, db);
}

module.exports = { PORTAL_SCOPES, checkPortalScope };
