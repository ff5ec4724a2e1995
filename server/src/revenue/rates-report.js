'use strict';
// Churn, retention and ARPA by month, from the monthly MRR movements (month end against the
// previous month end). Each rate comes with its exact terms, every amount a core sum; the
// percentage is percentages.js's (exact, rounded once). ARPA is the core's: the half-up share of
// one customer in an allocation of the MRR.
const { computeInvoice, sumAmounts, negateAmount, isZeroAmount } = require('../invoicing/core-invoice');
const { monthlyMovements } = require('./monthly-report');
const { percentage } = require('./percentages');

/// Rows per month and currency (or in the reporting currency), over every plan or one `plan`:
/// - logo churn rate: churned customers / paying customers at the previous month end;
/// - revenue churn: MRR lost to contraction and churn / the previous month end's MRR;
/// - gross revenue retention: (previous MRR − contraction − churn) / previous MRR;
/// - net revenue retention: (previous MRR + expansion − contraction − churn) / previous MRR (new
///   and reactivated customers left out);
/// - ARPA: MRR / paying customers.
/// "Previous MRR" is at the month end's rates in a reporting currency (previous_mrr + fx_effect),
/// so exchange rates move no rate.
async function revenueRates(executor, core, filter) {
  return (await monthlyMovements(executor, core, filter)).map((row) => {
    const sum = (amounts) => sumAmounts(core, row.currency, amounts);
    const base = row.fx_effect === null ? row.previous_mrr : sum([row.previous_mrr, row.fx_effect]);
    const lost = negateAmount(sum([row.contraction, row.churn]));
    const retained = sum([base, row.contraction, row.churn]);
    const netRetained = sum([retained, row.expansion]);
    return {
      month: row.month, day: row.day, previous_day: row.previous_day, currency: row.currency,
      previous_customers: row.previous_customers, customers: row.customers, churned_customers: row.churn_customers,
      logo_churn_rate: percentage(row.churn_customers, row.previous_customers),
      previous_mrr: base, mrr: row.mrr,
      lost_mrr: isZeroAmount(lost) ? sum([]) : lost, revenue_churn_rate: percentage(lost, base),
      retained_mrr: retained, gross_revenue_retention: percentage(retained, base),
      net_retained_mrr: netRetained, net_revenue_retention: percentage(netRetained, base),
      arpa: arpa(core, row.currency, row.mrr, row.customers),
    };
  });
}

/// MRR per paying customer, rounded half up to the minor unit by the core: its allocation of the
/// MRR over two lines, one customer's (MRR) and the others' (MRR × (customers − 1), the core's
/// price), gives the first its exact share mrr / customers, the remainder's unit going to it on
/// a tie or more (largest remainder, ties to the earlier line). Null without customers.
function arpa(core, currency, mrr, customers) {
  if (!customers) return null;
  if (isZeroAmount(mrr)) return mrr;
  const others = core.run({ op: 'price', currency, price: { model: 'per_unit', unit_amount: mrr }, quantity: String(customers - 1) }).amount;
  const { result } = computeInvoice(core, {
    op: 'invoice', customer: { currency }, period: { start: '2020-01-01T00:00:00Z', end: '2020-01-02T00:00:00Z' },
    subscriptions: [], prorations: [{ amount: mrr }, { amount: others }], coupons: [{ id: 'arpa', amount_off: mrr, currency }],
  });
  return result.lines[0].discount_amount;
}

module.exports = { revenueRates };
