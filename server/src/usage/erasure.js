'use strict';
// The usage domain's part of a privacy erasure (server/src/privacy/): an event keeps only the
// properties its metric reads (the aggregated property and the filtered ones), so every
// aggregate, billed or not, computes to what it was; every other property is dropped.

const BATCH = 500;

/// The properties each metric reads, by metric code.
async function propertiesRead(trx) {
  const metrics = await trx.selectFrom('billable_metrics').select(['code', 'property', 'filters']).execute();
  return new Map(metrics.map((metric) => [
    metric.code, new Set([metric.property, ...Object.keys(JSON.parse(metric.filters || '{}'))].filter(Boolean)),
  ]));
}

/// Drops the properties no metric reads from the customer's usage events. Returns how many
/// events changed.
async function eraseUsageProperties(trx, { customerId }) {
  const read = await propertiesRead(trx);
  let changed = 0;
  let after = '';
  for (;;) {
    const events = await trx.selectFrom('usage_events').select(['id', 'metric', 'properties'])
      .where('customer_id', '=', customerId).where('id', '>', after).orderBy('id').limit(BATCH).execute();
    for (const event of events) {
      const properties = JSON.parse(event.properties || '{}');
      const keep = read.get(event.metric) || new Set();
      const kept = Object.fromEntries(Object.entries(properties).filter(([name]) => keep.has(name)));
      if (Object.keys(kept).length === Object.keys(properties).length) continue;
      await trx.updateTable('usage_events').set({ properties: JSON.stringify(kept) }).where('id', '=', event.id).execute();
      changed += 1;
    }
    if (events.length < BATCH) return changed;
    after = events[events.length - 1].id;
  }
}

module.exports = { eraseUsageProperties };
