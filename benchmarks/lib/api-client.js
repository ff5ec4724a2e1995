'use strict';
// A small client of a server's API for the benchmarks: JSON in and out with the admin key; an
// answer of 300 or more throws with the route and the answer. `inParallel` runs work items a
// few at a time.

/** A client of the server at `url`: call(method, route, body?) resolves to the parsed answer. */
function apiClient({ url, adminKey }) {
  return {
    url,
    async call(method, route, body) {
      const response = await fetch(`${url}${route}`, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      });
      const answer = await response.json();
      if (response.status >= 300) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(answer)}`);
      return answer;
    },
  };
}

/** Calls `work(item, index)` for every item, at most `concurrency` at once; resolves when all did. */
async function inParallel(items, concurrency, work) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

module.exports = { apiClient, inParallel };
