'use strict';
const { findPrice, presentPrice } = require('../catalog/prices');
const { findTestClock } = require('../test-clocks/test-clocks');
const { findPlan } = require('../catalog/plans');
const { whatIfInputs, plansWithPrice } = require('./inputs');
const { whatIfInputsSchema, presentWhatIfInputs } = require('./presenters');

/// What-if pricing's inputs: what every current subscription paying a price was last billed for
/// it, for the admin dashboard to reprice in the browser.
async function whatIfRoutes(app, { services }) {
  const { db } = services;

  app.get('/what_if/inputs', {
    config: { permission: 'reports:read' },
    schema: {
      operationId: 'whatIfInputs', tags: ['Reports'],
      summary: "For each current subscription paying a price: its customer, and the quantity and amount its last finalized invoice billed for the price (columns)",
      querystring: {
        type: 'object', additionalProperties: false, required: ['price'],
        properties: {
          price: { type: 'string', minLength: 1, maxLength: 100, description: "The price's id" },
          test_clock: { type: 'string', maxLength: 100, description: "A test clock's id: its customers (default: the customers on no test clock)" },
          plan: { type: 'string', minLength: 1, maxLength: 100, description: "A plan's id: only its subscriptions paying the price in their plan version (no add-on)" },
        },
      },
      response: { 200: whatIfInputsSchema },
    },
  }, async (request) => {
    const { price: priceId, test_clock: testClock, plan: planId } = request.query;
    const price = presentPrice(await findPrice(db, priceId, '/query/price'));
    if (testClock) await findTestClock(db, testClock, '/query/test_clock');
    if (planId) await findPlan(db, planId, '/query/plan');
    const inputs = await whatIfInputs(db, { priceId, testClock: testClock || null, planId: planId || null });
    return presentWhatIfInputs(price, await plansWithPrice(db, priceId), inputs);
  });
}

module.exports = whatIfRoutes;
