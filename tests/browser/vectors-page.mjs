// The browser test page's script: loads every vector file from the server, runs them with the
// shared vector runner through the package's browser build, shows the results and leaves them
// in window.ratecardVectorPage for the test to read.
import { createRatecard } from '../../dist/ratecard.browser.mjs';

const { runVectorFiles } = globalThis.ratecardVectorRunner;
const page = { status: 'running' };
window.ratecardVectorPage = page;

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response.json();
}

async function loadVectorFiles() {
  const names = (await fetchJson(new URL('../vectors/', import.meta.url))).filter((name) => name.endsWith('.json'));
  return Promise.all(names.map(async (file) => ({ file, vectors: await fetchJson(new URL(`../vectors/${file}`, import.meta.url)) })));
}

function show(results) {
  const rows = document.getElementById('results');
  for (const result of results) {
    const row = rows.insertRow();
    row.insertCell().textContent = result.file;
    row.insertCell().textContent = result.name;
    const cell = row.insertCell();
    cell.textContent = result.pass ? 'pass' : `FAIL: got ${result.actual}`;
    cell.className = result.pass ? 'pass' : 'fail';
  }
  const failed = results.filter((result) => !result.pass).length;
  document.getElementById('summary').textContent = `${results.length - failed} passed, ${failed} failed (backend: ${page.backend})`;
}

try {
  const rc = await createRatecard();
  page.backend = rc.backend;
  page.versions = { coreVersion: rc.coreVersion, tzdataVersion: rc.tzdataVersion };
  // For the random parity test: answers to many request texts in one round trip.
  page.evaluateAll = (texts) => texts.map(rc.evaluateJson);
  page.results = runVectorFiles(rc.evaluateJson, await loadVectorFiles());
  show(page.results);
  page.status = 'done';
} catch (error) {
  page.status = 'error';
  page.error = String(error && error.stack ? error.stack : error);
  document.getElementById('summary').textContent = page.error;
}
document.body.dataset.status = page.status;
