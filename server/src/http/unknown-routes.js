'use strict';
const { ApiError } = require('./errors');

/// The path patterns of every route and the methods each answers, to tell a path no route has
/// (404 NOT_FOUND) from a known path asked with a method it does not answer (405
/// METHOD_NOT_ALLOWED, with an Allow header).
class RouteMethods {
  constructor() {
    this.byPattern = new Map();
  }

  /// Records a route (from the app's onRoute hook).
  add(methods, url) {
    if (!this.byPattern.has(url)) this.byPattern.set(url, { regex: patternRegex(url), methods: new Set() });
    for (const method of [].concat(methods)) this.byPattern.get(url).methods.add(method);
  }

  /// The methods some route answers on `path`, sorted; [] when no route has the path.
  allowedOn(path) {
    const methods = new Set();
    for (const { regex, methods: answered } of this.byPattern.values()) {
      if (regex.test(path)) answered.forEach((method) => methods.add(method));
    }
    return [...methods].sort();
  }

  /// The error for a request no route matched: 405 when its path is known, else 404.
  errorFor(request) {
    const path = request.url.split('?')[0];
    const allow = this.allowedOn(path);
    // A route answering this very method did not match (a malformed path under a wildcard).
    if (!allow.length || allow.includes(request.method)) return new ApiError('NOT_FOUND', `no route ${request.method} ${path}`);
    const error = new ApiError('METHOD_NOT_ALLOWED', `${path} does not answer ${request.method}; it answers ${allow.join(', ')}`);
    error.allow = allow;
    return error;
  }
}

// "/v1/plans/:id" -> /^\/v1\/plans\/[^/]+$/; "*" matches anything.
function patternRegex(url) {
  const source = url.split(/(:[A-Za-z0-9_]+|\*)/).map((part) => {
    if (part === '*') return '.*';
    if (part.startsWith(':')) return '[^/]+';
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('');
  return new RegExp(`^${source}$`);
}

module.exports = { RouteMethods };
