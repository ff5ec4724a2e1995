'use strict';
// The dunning queue: dunning cases narrowed by status and customer (GET /v1/dunning_cases).

/// The select of the cases `filters` ({ status?, customer? }) name, for paginate().
function dunningCasesQuery(executor, { status, customer }) {
  let select = executor.selectFrom('dunning_cases').selectAll();
  if (status) select = select.where('status', '=', status);
  if (customer) select = select.where('customer_id', '=', customer);
  return select;
}

module.exports = { dunningCasesQuery };
