// Live reload in a real browser: `opas serve` on a temporary copy of the project, a guide
// open in Debian's chromium, edits to the municipality's TOML, and the page following
// them by itself. Prints the time from save to reload; checks the error overlay.
//
// Usage: PLAYWRIGHT_DIR=<folder with node_modules/playwright-core> \
//        node tests/browser/live_reload.mjs <opas binary> [screenshot.png]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(path.join(process.env.PLAYWRIGHT_DIR ?? '.', 'index.js'));
const { chromium } = require('playwright-core');

const opas = path.resolve(process.argv[2] ?? 'target/release/opas');
const screenshot = process.argv[3] ?? path.join(os.tmpdir(), 'opas-error-overlay.png');
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TARGET_MS = 300;
const ROUNDS = 5;

// A copy, so the edits never touch the repository.
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'opas-live-'));
for (const folder of ['content', 'themes', 'municipalities']) {
  fs.cpSync(path.join(repo, folder), path.join(project, folder), { recursive: true });
}
const toml = path.join(project, 'municipalities', 'kokkola.toml');
const original = fs.readFileSync(toml, 'utf8');
if (!original.includes('title = "lupaneuvoja"')) throw new Error('kokkola.toml changed: update this test');

const server = spawn(opas, ['-C', project, '--quiet', 'serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let seen = '';
  server.stdout.on('data', (chunk) => {
    seen += chunk;
    const line = seen.split('\n')[0];
    if (seen.includes('\n')) resolve(line.trim());
  });
  server.on('exit', (code) => reject(new Error(`opas serve exited with ${code}`)));
  setTimeout(() => reject(new Error('opas serve printed no URL')), 20000);
});

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let failed = false;
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.locator('a.guide-title[href="kokkola/kayttajatunnusmuutos/index.html"]').click();
  await page.waitForURL(/kokkola/);
  await page.locator('text=lupaneuvoja').first().waitFor();
  const times = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const title = `testineuvoja${round}`;
    const loaded = page.waitForEvent('load', { timeout: 10000 });
    const saved = Date.now();
    fs.writeFileSync(toml, original.replace('lupaneuvoja', title));
    await loaded;
    await page.locator(`text=${title}`).first().waitFor({ timeout: 5000 });
    const started = await page.evaluate(() => performance.timeOrigin);
    const done = await page.evaluate(
      () => performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventEnd,
    );
    times.push({ reload: Math.round(started - saved), loaded: Math.round(done - saved) });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const reload = median(times.map((t) => t.reload));
  const loaded = median(times.map((t) => t.loaded));
  console.log(`save → reload starts: ${times.map((t) => t.reload).join(', ')} ms (median ${reload} ms)`);
  console.log(`save → page loaded:   ${times.map((t) => t.loaded).join(', ')} ms (median ${loaded} ms; target < ${TARGET_MS} ms)`);
  if (loaded >= TARGET_MS) {
    console.log(`FAIL: the median save-to-loaded time ${loaded} ms is not under ${TARGET_MS} ms`);
    failed = true;
  }

  // A broken file: the overlay appears with the located error, and goes when fixed.
  fs.writeFileSync(toml, original.replace('title = "lupaneuvoja"', 'title = "lupaneuvoja"\nnmae = "<b>rikki</b>"'));
  const overlay = page.locator('#opas-error-overlay');
  await overlay.waitFor({ state: 'visible', timeout: 10000 });
  const text = await overlay.innerText();
  for (const expected of ['municipalities/kokkola.toml:', 'nmae = "<b>rikki</b>"', 'unknown field']) {
    if (!text.includes(expected)) throw new Error(`the overlay lacks ${expected}:\n${text}`);
  }
  await page.screenshot({ path: screenshot });
  console.log(`overlay shown; screenshot: ${screenshot}`);
  fs.writeFileSync(toml, original);
  await overlay.waitFor({ state: 'detached', timeout: 10000 });
  await page.locator('text=lupaneuvoja').first().waitFor({ timeout: 5000 });
  console.log('overlay gone after the fix');
} catch (e) {
  console.log(`FAIL: ${e.stack ?? e}`);
  failed = true;
} finally {
  await browser.close();
  server.kill('SIGINT');
  fs.rmSync(project, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
