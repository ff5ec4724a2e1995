'use strict';

/// Statuses of subscriptions that ended: they never decide what a customer holds.
const ENDED = ['canceled', 'incomplete_expired'];

/// The subscription that decides what a customer holds (entitlements, provisioning): the
/// newest one that has not ended and is not a checkout waiting for its first payment, else the
/// newest such checkout (`incomplete`, which entitles to nothing), else none. So an abandoned
/// or pending checkout never hides the subscription the customer already pays for.
async function currentSubscriptionOf(executor, customerId) {
  const newest = (query) => query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const ofCustomer = () => executor.selectFrom('subscriptions').selectAll().where('customer_id', '=', customerId);
  return (await newest(ofCustomer().where('status', 'not in', [...ENDED, 'incomplete'])))
    || newest(ofCustomer().where('status', '=', 'incomplete'));
}

module.exports = { currentSubscriptionOf };
