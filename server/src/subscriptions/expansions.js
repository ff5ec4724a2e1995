'use strict';
const { presentCustomer } = require('../customers/customers');
const { presentPlans } = require('../catalog/plans');

/// What `expand[]` may replace in a subscription (http/expand.js): its customer's and its plan's
/// ids by the objects. A portal session may expand both (its own customer; the catalog).
const SUBSCRIPTION_EXPANSIONS = {
  customer: {
    permission: 'customers:read',
    portal: true,
    load: async (executor, ids) => {
      const rows = await executor.selectFrom('customers').selectAll().where('id', 'in', ids).execute();
      return new Map(rows.map((row) => [row.id, presentCustomer(row)]));
    },
  },
  plan: {
    permission: 'catalog:read',
    portal: true,
    load: async (executor, ids) => {
      const rows = await executor.selectFrom('plans').selectAll().where('id', 'in', ids).execute();
      return new Map((await presentPlans(executor, rows)).map((plan) => [plan.id, plan]));
    },
  },
};

module.exports = { SUBSCRIPTION_EXPANSIONS };
