'use strict';
// createRatecard()'s options, read strictly in Node and in the browser: a misspelt option is
// an error, not a silent default.

const BACKENDS = ['auto', 'native', 'wasm'];
const OPTIONS = ['backend'];

/** Returns {backend} from createRatecard's options, or throws TypeError. */
function readCreateOptions(options) {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createRatecard options must be an object, such as {backend: "wasm"}');
  }
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) {
      throw new TypeError(`unknown createRatecard option "${key}" (known: ${OPTIONS.join(', ')})`);
    }
  }
  const { backend = 'auto' } = options;
  if (!BACKENDS.includes(backend)) {
    const names = BACKENDS.map((name) => `"${name}"`).join(', ');
    throw new TypeError(`backend must be one of ${names}, got ${JSON.stringify(backend)}`);
  }
  return { backend };
}

module.exports = { readCreateOptions };
