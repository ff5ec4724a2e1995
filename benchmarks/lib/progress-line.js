'use strict';
// A progress line on stderr for the long benchmark steps: rewritten in place a few times a
// second on a terminal, a plain line every 15 seconds otherwise (a log keeps them all).

/** Returns { update(text), done(text) }: `update` shows a count as it grows, `done` the last word of a step. */
function progressLine(stream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  const everyMs = tty ? 250 : 15000;
  let last = 0;
  return {
    update(text) {
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      stream.write(tty ? `\r\x1b[K${text}` : `${text}\n`);
    },
    done(text) {
      last = 0;
      stream.write(tty ? `\r\x1b[K${text}\n` : `${text}\n`);
    },
  };
}

module.exports = { progressLine };
