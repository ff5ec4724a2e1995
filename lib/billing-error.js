'use strict';

/**
 * An error answer of the core (`{"ok":false,"error":{code,message,path}}`), thrown by `rc.run()`
 * and the typed helpers. `code` is one of the stable codes of docs/core-api.md, `message` the
 * core's explanation, and `path` the JSON Pointer of the offending field of the request (`""`
 * for the request as a whole).
 */
class BillingError extends Error {
  constructor({ code, message, path }) {
    super(message);
    this.name = 'BillingError';
    this.code = code;
    this.path = path;
  }
}

module.exports = { BillingError };
