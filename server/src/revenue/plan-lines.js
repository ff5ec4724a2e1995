'use strict';
// Which invoice lines belong to a plan, for reports filtered by `plan`. A line's item id names
// its subscription and item ("<subscription>/price:<price>", ".../add_on:<add-on>"), so a fee,
// a usage charge or a proration of a plan's price belongs to the plan that lists the price
// (in any of its versions: the line stays with the plan it was sold on after an upgrade).
// Other lines of a subscription (add-ons, a minimum commitment's true-up) belong to the plan the
// subscription is on now; a line of no subscription (a one-off invoice) to no plan.

const PRICE_ITEM = /\/price:(.+)$/;

/// A predicate keepLine(invoice, line) for `planId`'s lines, or one keeping every line without
/// a plan.
async function planLineFilter(executor, planId) {
  if (!planId) return () => true;
  const versions = await executor.selectFrom('plan_version_prices').select('price_id').where('plan_id', '=', planId).execute();
  const listed = await executor.selectFrom('plan_prices').select('price_id').where('plan_id', '=', planId).execute();
  const prices = new Set([...versions, ...listed].map((row) => row.price_id));
  const onPlan = new Set((await executor.selectFrom('subscriptions').select('id').where('plan_id', '=', planId).execute()).map((row) => row.id));
  return (invoice, line) => {
    const price = line.item_id && PRICE_ITEM.exec(line.item_id);
    if (price) return prices.has(price[1]);
    return Boolean(line.subscription_id) && onPlan.has(line.subscription_id);
  };
}

module.exports = { planLineFilter };
