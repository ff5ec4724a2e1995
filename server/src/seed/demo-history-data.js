'use strict';
// The demo's past: customers who joined, grew, shrank and left over the last five months, so the
// revenue reports have history. Plain data; demo-history.js replays it on a clock set to each
// step's day, through the functions the API's handlers call.

const place = { timezone: 'America/Chicago', address: { line1: '200 Lake St', city: 'Chicago', state: 'IL', postal_code: '60601', country: 'US' } };
const customer = (number, name) => ({
  external_id: `demo-history-${number}`, name, currency: 'USD', email: `billing@${name.toLowerCase().replace(/[^a-z]+/g, '-')}.example`,
  timezone: place.timezone, address: place.address, metadata: { demo: 'history' },
});

/// The steps, oldest first: `monthsAgo` is the step's month before the current one (its first
/// day, 12:00 UTC); each step's events happen then, and the wall clock's MRR snapshot of that
/// day is taken after them. Events: `join` (a customer and its subscription), `change` (the
/// subscription's quantity, now, prorated) and `cancel` (now).
const DEMO_HISTORY = [
  {
    monthsAgo: 5,
    events: [
      { join: customer('01', 'Alder Studios'), subscription: { plan: 'starter-monthly' } },
      { join: customer('02', 'Basalt Mining'), subscription: { plan: 'team-monthly', quantity: '3', trial_days: 0 } },
    ],
  },
  {
    monthsAgo: 4,
    events: [
      { join: customer('03', 'Coral Clinics'), subscription: { plan: 'scale-monthly' } },
      { change: 'demo-history-02', quantity: '5' },
    ],
  },
  {
    monthsAgo: 3,
    events: [
      { join: customer('04', 'Dune Outfitters'), subscription: { plan: 'team-monthly', quantity: '2', trial_days: 0 } },
      { join: customer('05', 'Ember Bakeries'), subscription: { plan: 'starter-monthly' } },
    ],
  },
  {
    monthsAgo: 2,
    events: [
      { cancel: 'demo-history-01' },
      { change: 'demo-history-04', quantity: '1' },
    ],
  },
  {
    monthsAgo: 1,
    events: [
      { join: customer('06', 'Fern Architects'), subscription: { plan: 'team-annual', quantity: '4', trial_days: 0 } },
      { cancel: 'demo-history-05' },
    ],
  },
];

module.exports = { DEMO_HISTORY };
