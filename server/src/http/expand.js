'use strict';
const { ApiError } = require('./errors');

/// The query parameter of a route whose objects can expand `paths`: `expand[]=customer`
/// (repeated for several). A path is dotted to reach into nested objects and lists
/// ("lines.data.price": the price of every line).
function expandQuery(paths) {
  return {
    'expand[]': {
      type: 'array', uniqueItems: true, maxItems: paths.length, items: { enum: paths },
      description: `Replace these ids by the objects they name: ${paths.join(', ')} (docs/server.md, "Expanding objects")`,
    },
  };
}

/// Expands `objects` (API objects, changed in place and returned) along each requested path.
/// `expansions` names each path's expansion: { permission, portal, load(executor, ids) => Map of
/// id to API object }, loaded once for all objects. `allowed(expansion)` says whether the caller
/// may read what it loads (for a role: the permission; for a portal session: `portal` true,
/// the objects reached from its own being its own); FORBIDDEN otherwise.
async function expandObjects(executor, objects, paths, expansions, allowed) {
  for (const path of paths || []) {
    const expansion = expansions[path];
    if (!allowed(expansion)) {
      throw new ApiError('FORBIDDEN', `this credential may not read what expand[]=${path} would show (it needs ${expansion.permission})`, '/query/expand[]');
    }
    const holders = [];
    for (const object of objects) collectHolders(object, path.split('.'), holders);
    const ids = [...new Set(holders.map(([parent, field]) => parent[field]).filter((id) => typeof id === 'string'))];
    const loaded = ids.length ? await expansion.load(executor, ids) : new Map();
    for (const [parent, field] of holders) {
      if (loaded.has(parent[field])) parent[field] = loaded.get(parent[field]);
    }
  }
  return objects;
}

// The [object, field] pairs holding the ids a path names, through arrays at any step.
function collectHolders(value, [field, ...rest], holders) {
  if (Array.isArray(value)) {
    for (const item of value) collectHolders(item, [field, ...rest], holders);
  } else if (value && typeof value === 'object') {
    if (rest.length) collectHolders(value[field], rest, holders);
    else holders.push([value, field]);
  }
}

/// A field of a response schema that holds an id, or the object when expanded.
const expandable = (objectSchema, description) => ({ anyOf: [{ type: 'string' }, objectSchema], description });

module.exports = { expandQuery, expandObjects, expandable };
