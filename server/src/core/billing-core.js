'use strict';
// The core comes from the package `ratecard` through its public entry point, as for any user
// (server/package.json depends on the repository root, "file:.."): the native addon in Node,
// WebAssembly as the fallback.
const { createRatecard, BillingError } = require('ratecard');
const { ApiError } = require('../http/errors');

/// Loads the pricing core. Every amount, period and proration the server shows or stores comes
/// from here: the server does no billing arithmetic of its own. `backend` is the package's:
/// 'auto' (the native addon, else WebAssembly), 'native' (fails without the addon) or 'wasm'.
async function loadBillingCore({ backend = 'auto' } = {}) {
  const ratecard = await createRatecard({ backend });
  return new BillingCore(ratecard, BillingError);
}

/// Logs which backend runs the core: the native addon is expected; the WebAssembly fallback
/// (same results, several times slower) is a warning an operator cannot miss.
function logCoreBackend(log, core, requested) {
  if (core.backend === 'native') {
    log.info({ backend: core.backend }, 'pricing core loaded: native addon');
  } else if (requested === 'wasm') {
    log.info({ backend: core.backend }, 'pricing core loaded: WebAssembly, as RATECARD_CORE_BACKEND asks');
  } else {
    log.warn({ backend: core.backend },
      'PRICING CORE ON WEBASSEMBLY: the native addon did not load, so every price is computed by the slower '
      + 'WebAssembly build (same results). Build the addon (npm run build), or set RATECARD_CORE_BACKEND=native '
      + 'to refuse to start without it');
  }
}

class BillingCore {
  constructor(ratecard, BillingError) {
    this.ratecard = ratecard;
    this.BillingError = BillingError;
    /// 'native' (the addon) or 'wasm'.
    this.backend = ratecard.backend;
  }

  /// Runs one core request and returns its result. A core error becomes an ApiError with the
  /// same code, its path re-rooted into the HTTP request body through `pathMap`: a list of
  /// [corePrefix, bodyPrefix] pairs, the first matching prefix wins. An error at a path the
  /// body does not have (the server built that part of the request) points at the body as a
  /// whole and names the core's path in the message.
  run(request, pathMap = []) {
    try {
      return this.ratecard.run(request);
    } catch (error) {
      if (!(error instanceof this.BillingError)) throw error;
      throw toApiError(error, pathMap);
    }
  }

  /// run() for a request already written as JSON text (a hot path that keeps the fixed part of
  /// its requests as text, rather than serializing it for every call).
  runJson(requestText, pathMap = []) {
    const envelope = JSON.parse(this.ratecard.evaluateJson(requestText));
    if (envelope.ok) return envelope.result;
    throw toApiError(new this.BillingError(envelope.error), pathMap);
  }
}

function toApiError(error, pathMap) {
  const corePath = error.path || '';
  for (const [corePrefix, bodyPrefix] of pathMap) {
    if (corePath === corePrefix || corePath.startsWith(`${corePrefix}/`)) {
      return new ApiError(error.code, error.message, bodyPrefix + corePath.slice(corePrefix.length));
    }
  }
  const at = corePath ? ` (core request path ${corePath})` : '';
  return new ApiError(error.code, `${error.message}${at}`, '');
}

module.exports = { loadBillingCore, logCoreBackend, BillingCore, toApiError };
