'use strict';
const { parseJson } = require('../db/rows');
const { accountOfCustomer } = require('../provisioning/accounts');
const { fieldsOf } = require('./event-fields');

// What a workflow knows of the event that started it: the fields of workflows/event-fields.js,
// read from the event's object (and, for an invoice, the plan of its subscription), plus the
// customer's metadata (as the event has it, for a customer's own event; else as it is now) and
// the status of the customer's provisioned account when the event is handled. A run stores its
// facts, so conditions and steps see the event as it was.

const READERS = {
  invoice: async (trx, object) => {
    const subscription = (object.subscriptions || [])[0] || null;
    const row = subscription ? await trx.selectFrom('subscriptions').select('plan_id').where('id', '=', subscription).executeTakeFirst() : null;
    return {
      invoice: object.id, subscription, plan: row ? row.plan_id : null, amount: object.total, currency: object.currency,
      billing_reason: object.billing_reason,
    };
  },
  subscription: async (trx, object, customer) => ({
    subscription: object.id, plan: object.plan, quantity: object.quantity === undefined ? null : String(object.quantity),
    currency: customer.currency, status: object.status, previous_status: object.previous_status ?? null,
  }),
  payment: async (trx, object) => ({
    payment: object.id, invoice: object.invoice, amount: object.amount, currency: object.currency,
    attempt_count: object.attempt_count === undefined ? null : String(object.attempt_count),
  }),
  order: async (trx, object) => ({ order: object.id, order_type: object.type }),
};

/// The facts of outbox event row `event` about customer row `customer`.
async function eventFacts(trx, event, customer) {
  const object = JSON.parse(event.data);
  const kind = event.type.split('.')[0];
  const read = READERS[kind];
  const account = await accountOfCustomer(trx, customer.id);
  const facts = {
    customer: customer.id, event_type: event.type, account_status: account ? account.status : 'none',
    ...(read ? await read(trx, object, customer) : {}),
  };
  if (object.attempt_count !== undefined && facts.attempt_count === undefined) facts.attempt_count = String(object.attempt_count);
  const carried = fieldsOf(event.type);
  for (const key of Object.keys(facts)) if (!carried.includes(key)) delete facts[key];
  // A customer's own event carries its metadata as it was then.
  facts.metadata = (object.object === 'customer' ? object.metadata : parseJson(customer.metadata)) || {};
  return facts;
}

module.exports = { eventFacts };
