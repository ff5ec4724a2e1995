'use strict';

/// An operationId: camelCase letters and digits ("createInvoice"), the method name of the route
/// in generated SDKs.
const OPERATION_ID = /^[a-z][A-Za-z0-9]*$/;

/// A check of what every API route (/v1) declares, run by the app's onRoute hook as each route
/// is registered, so a route missing something fails the start (and every test) with a message
/// naming the route and what it lacks (docs/server.md, "Routes"):
/// - `config.permission`, the permission a role must hold (auth/roles.js);
/// - `schema.operationId`, unique, and `schema.summary`;
/// - a 2xx response schema, with a `title` when it describes an object: its name among the
///   components of /openapi.json ("Invoice"), so generated SDKs have a type of that name.
function apiRouteChecker() {
  const operationIds = new Map();
  return (route) => {
    const name = `${[].concat(route.method).join(',')} ${route.url}`;
    const fail = (what) => {
      throw new Error(`route ${name} ${what} (see docs/server.md, "Routes")`);
    };
    const config = route.config || {};
    const schema = route.schema || {};
    if (!config.permission) fail('declares no permission (config.permission)');
    const { operationId } = schema;
    if (!operationId) fail('declares no operationId (schema.operationId, such as "createInvoice": its method name in generated SDKs)');
    if (!OPERATION_ID.test(operationId)) fail(`has the operationId "${operationId}": use camelCase letters and digits, such as "createInvoice"`);
    if (operationIds.has(operationId)) fail(`reuses the operationId "${operationId}" of ${operationIds.get(operationId)}`);
    if (!schema.summary) fail('declares no summary (schema.summary)');
    const successes = Object.entries(schema.response || {}).filter(([status]) => /^2/.test(status));
    if (!successes.length) fail('declares no 2xx response schema (schema.response)');
    for (const [status, response] of successes) {
      if (response.type === 'object' && !response.title) {
        fail(`has a ${status} response schema without a title (its component's name in /openapi.json, such as "Invoice")`);
      }
    }
    operationIds.set(operationId, name);
  };
}

module.exports = { apiRouteChecker };
