// Runs axe-core (WCAG 2.1 A and AA rules) on every page given, in headless Chromium.
// Usage: node axe.js <node_modules folder> <page.html>...
// Exits 1 when any page has a violation, printing each with its elements.
'use strict';
const path = require('path');
const modules = process.argv[2];
const pages = process.argv.slice(3);
const { chromium } = require(path.join(modules, 'playwright-core'));
const axeSource = require('fs').readFileSync(
  path.join(modules, 'axe-core', 'axe.min.js'), 'utf8');

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  let violations = 0;
  try {
    const context = await browser.newContext();
    for (const page of pages) {
      const tab = await context.newPage();
      await tab.goto('file://' + path.resolve(page), { waitUntil: 'load' });
      await tab.addScriptTag({ content: axeSource });
      const result = await tab.evaluate(() => axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      }));
      for (const v of result.violations) {
        violations += 1;
        console.log(`${page}: ${v.id} (${v.impact}): ${v.help}`);
        for (const node of v.nodes.slice(0, 5)) {
          console.log(`    ${node.target.join(' ')}: ${node.failureSummary.split('\n').join(' ')}`);
        }
      }
      await tab.close();
    }
  } finally {
    await browser.close();
  }
  console.log(`axe: ${violations} WCAG 2.1 AA violations in ${pages.length} pages`);
  process.exit(violations === 0 ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(2); });
