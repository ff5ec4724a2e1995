'use strict';
// Checks every browser page passes: axe-core with no serious or critical violation, and no
// horizontal scrolling at 360 px, with screenshots at desktop and phone width.

const fs = require('node:fs');
const path = require('node:path');

const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 360, height: 780 } };
const AXE_SOURCE = () => fs.readFileSync(require.resolve('axe-core/axe.min.js', { paths: [path.join(__dirname, '..', '..', '..', 'web')] }), 'utf8');

/** The serious and critical axe-core violations of the page, as { id, impact, targets }. The
 * script is evaluated through the DevTools protocol: the page's policy allows no injected one. */
async function seriousViolations(page) {
  await page.evaluate(AXE_SOURCE());
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((node) => node.target.join(' ')) })));
  return violations.filter((violation) => ['serious', 'critical'].includes(violation.impact));
}

/** Screenshots `<dir>/<name>-desktop.png` and `-phone.png`; returns the page's width at 360 px. */
async function screenshots(page, dir, name) {
  let phoneWidth = 0;
  for (const [label, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: path.join(dir, `${name}-${label}.png`), fullPage: true });
    if (label === 'phone') phoneWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  }
  await page.setViewportSize(VIEWPORTS.desktop);
  return phoneWidth;
}

module.exports = { seriousViolations, screenshots, VIEWPORTS };
