'use strict';
// Reads the request/response examples of a Markdown document (docs/core-api.md): every ```json
// block that is a request (an object with "op") and the block right after it, when that block is
// not a request itself, as the documented answer. An answer is one of:
//   - "exact": a whole envelope ({"ok": ...}), to be matched byte for byte (canonical form);
//   - "elided": an envelope with "..." standing for elements or members left out, to be matched
//     for what it shows (see documentedPartMatches);
//   - "fragment": members of the result only ("lines":[...]), matched as part of the result;
//   - "none": the request stands alone (the text around it says what it gives), or the block
//     after it shows answers in general, one envelope per line.

const fs = require('node:fs');

const ELISION = /\.\.\./;

// The JSON of a block with its "..." elisions removed (with the comma that joins them).
function withoutElisions(text) {
  return text.replace(/,\s*\.\.\.(?=\s*[\]}])/g, '').replace(/\.\.\.\s*,/g, '').replace(/\.\.\./g, '');
}

function parseOrUndefined(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The ```json blocks of `markdown`: [{line, text}], line 1-based where the block's text begins. */
function jsonBlocks(markdown) {
  const blocks = [];
  const fence = /^```json\n([\s\S]*?)^```/gm;
  let match;
  while ((match = fence.exec(markdown)) !== null) {
    blocks.push({ line: markdown.slice(0, match.index).split('\n').length + 1, text: match[1] });
  }
  return blocks;
}

function documentedAnswer(block) {
  if (block === undefined) return { kind: 'none' };
  const whole = parseOrUndefined(block.text);
  if (whole !== undefined && whole !== null && typeof whole === 'object' && 'ok' in whole) {
    return { kind: 'exact', value: whole, line: block.line };
  }
  const elided = parseOrUndefined(withoutElisions(block.text));
  if (ELISION.test(block.text) && elided !== undefined && 'ok' in elided) return { kind: 'elided', value: elided, line: block.line };
  // One envelope per line: the shapes of answers in general, not this request's answer.
  const lines = block.text.trim().split('\n');
  if (lines.length > 1 && lines.every((line) => 'ok' in (parseOrUndefined(withoutElisions(line)) ?? {}))) return { kind: 'none' };
  const members = parseOrUndefined(`{${withoutElisions(block.text)}}`);
  if (members !== undefined) return { kind: 'fragment', value: members, line: block.line };
  throw new Error(`the JSON block at line ${block.line} after a request example is not JSON, even without "..."`);
}

/** The examples of a Markdown file: [{line, request, answer: {kind, value?, line?}}]. */
function docExamples(file) {
  const blocks = jsonBlocks(fs.readFileSync(file, 'utf8'));
  const examples = [];
  blocks.forEach((block, index) => {
    const request = parseOrUndefined(block.text);
    if (request === undefined || request === null || typeof request.op !== 'string') return;
    const next = blocks[index + 1];
    const nextIsRequest = next !== undefined && typeof parseOrUndefined(next.text)?.op === 'string';
    examples.push({ line: block.line, request, answer: documentedAnswer(nextIsRequest ? undefined : next) });
  });
  return examples;
}

/**
 * Where `documented` (a value with parts left out) differs from `actual`: null when every
 * member it shows has the actual value, and its array elements appear in the actual array in
 * the same order (others may sit between them); otherwise the JSON Pointer of the first part
 * that differs.
 */
function documentedPartMismatch(documented, actual, path = '') {
  if (Array.isArray(documented)) {
    if (!Array.isArray(actual)) return path;
    let from = 0;
    for (let i = 0; i < documented.length; i += 1) {
      while (from < actual.length && documentedPartMismatch(documented[i], actual[from], '') !== null) from += 1;
      if (from === actual.length) return `${path}/${i}`;
      from += 1;
    }
    return null;
  }
  if (documented !== null && typeof documented === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return path;
    for (const [key, value] of Object.entries(documented)) {
      if (!(key in actual)) return `${path}/${key}`;
      const inner = documentedPartMismatch(value, actual[key], `${path}/${key}`);
      if (inner !== null) return inner;
    }
    return null;
  }
  return documented === actual ? null : path;
}

module.exports = { docExamples, documentedPartMismatch };
