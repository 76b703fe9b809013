// The edit form in a real browser: `opas serve --edit` on a temporary copy of the project,
// Debian's chromium filling in a municipality's form as its staff would (part of it by
// keyboard only), an invalid date refused beside its field and in the summary with nothing
// written, then the difference, the save, the file changed in exactly those lines and the
// rebuilt guide previewed beside the form with the new phone number. Then the form's list
// of screens: a PNG uploaded for one (its text chunk gone from the file written), a text
// file refused with 415, and the screen listed with its screenshot. Prints the times from
// the confirming click to the page with the updated guide loaded; saves the pages' HTML
// for vnu and axe when asked.
//
// Usage: PLAYWRIGHT_DIR=<folder with node_modules/playwright-core> \
//        node tests/browser/edit_form.mjs <opas binary> [screenshot.png] [folder for the pages' HTML]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const require = createRequire(path.join(process.env.PLAYWRIGHT_DIR ?? '.', 'index.js'));
const { chromium } = require('playwright-core');

const opas = path.resolve(process.argv[2] ?? 'target/release/opas');
const screenshot = process.argv[3] ?? path.join(os.tmpdir(), 'opas-edit-form.png');
const pagesDir = process.argv[4];
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TARGET_MS = 100;
const PHONE = '040 123 4567';
const NEW_DATE = '2024-02-15';

// A copy, so the saves never touch the repository.
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'opas-edit-'));
for (const folder of ['content', 'themes', 'municipalities']) {
  fs.cpSync(path.join(repo, folder), path.join(project, folder), { recursive: true });
}
const toml = path.join(project, 'municipalities', 'kokkola.toml');
const original = fs.readFileSync(toml, 'utf8');
for (const line of ['passwords = "reset"', 'date = 2023-09-01', 'email_guard = false']) {
  if (!original.includes(line)) throw new Error(`kokkola.toml lacks ${line}: update this test`);
}
if (original.includes('phone')) throw new Error('kokkola.toml has a phone number: update this test');

const server = spawn(opas, ['-C', project, '--quiet', 'serve', '--edit'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [guideUrl, editUrl] = await new Promise((resolve, reject) => {
  let seen = '';
  server.stdout.on('data', (chunk) => {
    seen += chunk;
    const lines = seen.split('\n');
    if (lines.length > 2) resolve([lines[0].trim(), lines[1].trim()]);
  });
  server.on('exit', (code) => reject(new Error(`opas serve exited with ${code}`)));
  setTimeout(() => reject(new Error('opas serve --edit printed no URLs')), 20000);
});
if (!editUrl.includes('/_edit/?token=')) throw new Error(`the second line is not the edit URL: ${editUrl}`);

const check = (ok, what) => {
  if (!ok) throw new Error(what);
};
// The HTML as the server sent it (not as the browser's parser mended it), for vnu and axe.
let lastDocument = null;
const save = async (page, name) => {
  if (pagesDir) fs.writeFileSync(path.join(pagesDir, name), await lastDocument.text());
};
// Every input the user sees has a name read out: a <label for>, a wrapping label or
// aria-label (radio groups also their fieldset's legend).
const unlabelled = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter(
        (i) =>
          !(i.labels && i.labels.length > 0 && [...i.labels].some((l) => l.textContent.trim())) &&
          !(i.getAttribute('aria-label') ?? '').trim(),
      )
      .map((i) => i.outerHTML),
  );


// A PNG of `width`×`height` (a gradient) with a text chunk holding a made-up secret.
const pngWithText = (width, height) => {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set([x % 256, y % 256, 160], y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from('Comment\0SECRET-GPS 60.1699N')),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
};

if (pagesDir) fs.mkdirSync(pagesDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 }, locale: 'fi-FI' });
  page.on('response', (r) => {
    if (r.request().isNavigationRequest() && r.request().frame() === page.mainFrame()) lastDocument = r;
  });

  // The list of municipalities, then Kokkola's form.
  const listed = await page.goto(editUrl);
  check(listed.status() === 200, `the list answered ${listed.status()}`);
  await save(page, 'edit-list.html');
  check((await unlabelled(page)).length === 0, `inputs without a label on the list: ${await unlabelled(page)}`);
  await page.locator('a[href*="/_edit/kokkola"]').first().click();
  await page.waitForURL(/\/_edit\/kokkola/);
  await save(page, 'edit-form.html');
  const bare = await unlabelled(page);
  check(bare.length === 0, `inputs without a label on the form:\n${bare.join('\n')}`);
  const count = await page.locator('input:not([type=hidden])').count();
  console.log(`form: ${count} inputs, each with a label`);

  // The phone number by keyboard only: Tab from the field before it, then typing.
  await page.locator('#f-contact\\.title').focus();
  await page.keyboard.press('Tab');
  check(
    (await page.evaluate(() => document.activeElement.id)) === 'f-contact.phone',
    'Tab from the title does not reach the phone number',
  );
  await page.keyboard.type(PHONE);
  // The guide's choice: the radio group, by arrow key.
  await page.locator('#f-kayttajatunnusmuutos\\.passwords-0').focus();
  await page.keyboard.press('ArrowDown');
  check(
    await page.locator('#f-kayttajatunnusmuutos\\.passwords-1').isChecked(),
    'the arrow key did not choose "preserved"',
  );
  // An impossible day typed into the guide's date, by keyboard.
  const date = page.locator('#f-kayttajatunnusmuutos\\.date');
  await date.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('30.2.2023');
  check((await date.inputValue()) === '30.2.2023', `the date field holds ${await date.inputValue()}`);
  // The live check: a pause in typing, and check's message is beside the field, unsent.
  const typedAt = Date.now();
  const liveError = page.locator('.field.error:has(#f-kayttajatunnusmuutos\\.date) .error-message');
  await liveError.waitFor({ timeout: 5000 });
  check((await liveError.innerText()).includes('30.2.2023'), `the live message: ${await liveError.innerText()}`);
  check((await date.getAttribute('aria-invalid')) === 'true', 'the live check did not mark the field invalid');
  check(
    (await date.getAttribute('aria-describedby')).includes(await liveError.getAttribute('id')),
    'the live message is not tied to the field',
  );
  check(page.url().includes('/_edit/kokkola'), 'the live check left the page');
  check(fs.readFileSync(toml, 'utf8') === original, 'the live check changed the file');
  console.log(`live check: the message beside the field ${Date.now() - typedAt} ms after the last key (500 ms of it the pause)`);

  const submitted = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.locator('#municipality-form button[type=submit]').click();
  const refused = await submitted;
  await page.waitForLoadState('load');
  check(refused.status() === 422, `an invalid date answered ${refused.status()}, not 422`);
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  const link = summary.locator('a[href="#f-kayttajatunnusmuutos.date"]');
  check((await link.count()) === 1, `the summary does not link to the date:\n${await summary.innerHTML()}`);
  const beside = page.locator('.field.error:has(#f-kayttajatunnusmuutos\\.date) .error-message');
  check((await beside.count()) === 1, 'no error beside the date field');
  const described = await date.getAttribute('aria-describedby');
  check(described?.includes(await beside.getAttribute('id')), 'the error is not tied to the field');
  check((await date.getAttribute('aria-invalid')) === 'true', 'the field is not marked invalid');
  console.log(`error beside the field and in the summary: ${(await beside.innerText()).trim()}`);
  check(fs.readFileSync(toml, 'utf8') === original, 'a refused form changed the file');
  check(
    (await page.locator('#f-contact\\.phone').inputValue()) === PHONE,
    'the refused form lost the phone number typed',
  );
  check(await page.locator('#f-kayttajatunnusmuutos\\.passwords-1').isChecked(), 'the refused form lost the choice');
  await save(page, 'edit-form-errors.html');
  check((await unlabelled(page)).length === 0, 'inputs without a label on the form with errors');
  await page.screenshot({ path: screenshot });
  // And the guide's section with the error beside its field.
  const fieldShot = screenshot.replace(/(\.png)?$/, '-field.png');
  await page.locator('fieldset:has(#f-kayttajatunnusmuutos\\.date)').first().screenshot({ path: fieldShot });
  console.log(`screenshots: ${screenshot}, ${fieldShot}`);
  // The summary's link takes the focus to the field.
  await link.click();
  check(
    (await page.evaluate(() => document.activeElement.id)) === 'f-kayttajatunnusmuutos.date',
    "the summary's link does not focus the field",
  );

  // The date fixed: the difference, then the save.
  await date.fill(NEW_DATE);
  // The live check takes the message away once the date is right.
  await page.locator('.field:has(#f-kayttajatunnusmuutos\\.date) .error-message').waitFor({ state: 'detached', timeout: 5000 });
  await page.locator('#live-status:not(:empty)').waitFor({ timeout: 5000 });
  check((await date.getAttribute('aria-invalid')) === null, 'the fixed date is still marked invalid');
  await Promise.all([page.waitForURL(/\/_edit\/kokkola/), page.locator('#municipality-form button[type=submit]').click()]);
  await page.waitForLoadState('load');
  const diff = await page.locator('pre.diff').innerText();
  for (const line of [`+ phone = "${PHONE}"`, '- passwords = "reset"', '+ passwords = "preserved"', `+ date = ${NEW_DATE}`]) {
    check(diff.includes(line), `the difference lacks ${line}:\n${diff}`);
  }
  check(fs.readFileSync(toml, 'utf8') === original, 'the difference alone changed the file');
  await save(page, 'edit-review.html');
  // The save answers with the form again and the rebuilt guide previewed beside it: the
  // load event waits for the frame, so this is the time until the updated guide is seen.
  const loadedAt = () =>
    page.evaluate(() => performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventEnd);
  // The save's times: from the form's submission to the page with its preview loaded, and
  // what the server spent (its Server-Timing header: check and write, then the build).
  const times = () =>
    page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      const server = Object.fromEntries(n.serverTiming.map((t) => [t.name, Math.round(t.duration)]));
      return { submitted: Math.round(n.loadEventEnd - n.startTime), ...server };
    });
  const preview = page.frameLocator('iframe[name=preview]');
  const clicked = Date.now();
  await Promise.all([page.waitForLoadState('load'), page.locator('form button[type=submit]').click()]);
  await page.locator('.saved [role=status]').waitFor();
  await preview.locator(`text=${PHONE}`).first().waitFor({ timeout: 10000 });
  const savedAt = await loadedAt();
  const first = await times();
  check(first.total > 0 && first.build >= 0, `the save tells no times: ${JSON.stringify(first)}`);
  await save(page, 'edit-saved.html');

  // Exactly those lines, comments kept.
  const written = fs.readFileSync(toml, 'utf8');
  const expected = original
    .replace('title = "lupaneuvoja"', `title = "lupaneuvoja"\nphone = "${PHONE}"`)
    .replace('passwords = "reset"', 'passwords = "preserved"')
    .replace('date = 2023-09-01', `date = ${NEW_DATE}`);
  if (written !== expected) {
    // The new line may sit elsewhere in [contact]: compare as sets of lines then.
    const a = original.split('\n');
    const b = written.split('\n');
    const gone = a.filter((l) => !b.includes(l));
    const come = b.filter((l) => !a.includes(l));
    check(
      JSON.stringify(gone) === JSON.stringify(['date = 2023-09-01', 'passwords = "reset"']) &&
        JSON.stringify(come.sort()) ===
          JSON.stringify([`date = ${NEW_DATE}`, 'passwords = "preserved"', `phone = "${PHONE}"`].sort()),
      `the file changed in other lines:\n${written}`,
    );
  }
  check(written.split('\n').filter((l) => l.startsWith('#')).length ===
    original.split('\n').filter((l) => l.startsWith('#')).length, 'comments were lost');
  console.log('file on disk: the three lines changed, comments kept');
  check(
    (await page.locator('#f-contact\\.phone').inputValue()) === PHONE,
    'the saved page is not the form of the saved file',
  );
  const frameSrc = await page.locator('iframe[name=preview]').getAttribute('src');
  check(new URL(frameSrc, guideUrl).href.startsWith(guideUrl), `the preview is not the served guide: ${frameSrc}`);
  check(frameSrc.includes('/kokkola/'), `the preview is not Kokkola's guide: ${frameSrc}`);

  // Every guide is linked into the preview: the Swedish one replaces it there, without script.
  const sv = page.locator('a[target=preview][hreflang=sv]').first();
  const svHref = await sv.getAttribute('href');
  await sv.click();
  await page.waitForFunction(
    (href) => document.querySelector('iframe[name=preview]').contentWindow.location.pathname === href,
    svHref,
  );
  check(await preview.locator('html[lang=sv]').count() === 1, 'the Swedish guide is not in the preview');
  check(page.url().includes('/_edit/kokkola'), 'a preview link took the edit page away');

  // One guide's date alone, three times: only that guide is rendered again.
  const oneGuide = [];
  for (const day of ['16', '19', '20']) {
    await page.locator('#f-kayttajatunnusmuutos\\.date').fill(`2024-02-${day}`);
    await Promise.all([page.waitForURL(/\/_edit\/kokkola/), page.locator('#municipality-form button[type=submit]').click()]);
    await page.waitForLoadState('load');
    const start = Date.now();
    await Promise.all([page.waitForLoadState('load'), page.locator('form button[type=submit]').click()]);
    await page.locator('.saved [role=status]').waitFor();
    await preview.locator(`text=${day}.2.2024`).first().waitFor({ timeout: 10000 });
    oneGuide.push({ clicked: Math.round((await loadedAt()) - start), ...(await times()) });
  }
  const median = (key) => oneGuide.map((t) => t[key]).sort((a, b) => a - b)[1];
  const line = (t) =>
    `server ${t.total} ms (check and write ${t['check-save']}, build ${t.build}), submitted → preview loaded ${t.submitted} ms`;
  console.log(`a save of Kokkola's phone, a choice and a date (2 guides in 3 languages): ${line(first)}, confirming click → preview loaded ${Math.round(savedAt - clicked)} ms`);
  console.log(`one guide's date, 3 saves, medians: server ${median('total')} ms (target ≤ ${TARGET_MS} ms for one guide; check and write ${median('check-save')}, build ${median('build')}), submitted → preview loaded ${median('submitted')} ms, confirming click → preview loaded ${median('clicked')} ms`);

  // A save over a file changed on disk since the form was opened is refused.
  await page.goto(editUrl);
  await page.locator('a[href*="/_edit/kokkola"]').first().click();
  await page.waitForURL(/\/_edit\/kokkola/);
  const changed = `${fs.readFileSync(toml, 'utf8')}# changed meanwhile\n`;
  fs.writeFileSync(toml, changed);
  await page.locator('#f-contact\\.title').fill('neuvoja');
  const stale = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.locator('#municipality-form button[type=submit]').click();
  check((await stale).status() === 409, `a stale form answered ${(await stale).status()}, not 409`);
  await page.waitForLoadState('load');
  check((await page.locator('pre.diff').innerText()).includes('# changed meanwhile'), 'the stale page lacks the change');
  check(fs.readFileSync(toml, 'utf8') === changed, 'a stale form changed the file');
  await save(page, 'edit-stale.html');
  console.log('a stale save refused with 409 and the change shown');

  // The screens of the guides: a screenshot uploaded for one (the front page, which every
  // variant of the guide shows), a text file refused.
  await page.goto(editUrl);
  await page.locator('a[href*="/_edit/kokkola"]').first().click();
  await page.waitForURL(/\/_edit\/kokkola/);
  const tables = page.locator('section[aria-labelledby=screens] table');
  check((await tables.count()) >= 3, `the form lists ${await tables.count()} screen tables, not one per guide and language`);
  const guideId = 'kayttajatunnusmuutos';
  const shotRow = page.locator(`tr:has(#shot-${guideId}-fi-front-page)`);
  // Each guide's and language's screens are folded under a line counting what they show.
  const folded = page.locator(`details:has(#shot-${guideId}-fi-front-page)`);
  check((await folded.getAttribute('open')) === null, 'the screens of a guide without screenshots are not folded');
  check((await folded.locator('summary').innerText()).includes('kuvakaappaus: 0'), `the fold's line: ${await folded.locator('summary').innerText()}`);
  await folded.locator('summary').press('Enter');
  check((await folded.getAttribute('open')) !== null, 'Enter on the line does not unfold the screens');
  check((await shotRow.innerText()).includes('piirretty malli'), `front-page is not listed with its mock-up: ${await shotRow.innerText()}`);
  const shotsDir = path.join(project, 'municipalities', 'kokkola', guideId, 'screenshots');
  const shotFile = path.join(shotsDir, 'front-page.png');
  check(!fs.existsSync(shotFile), 'a screenshot is there before the upload');
  const input = page.locator(`#shot-${guideId}-fi-front-page`);
  check((await input.getAttribute('accept')) === 'image/png,image/jpeg', 'the file input does not ask for PNG or JPEG');
  const png = pngWithText(120, 80);
  await input.setInputFiles({ name: 'front-page.png', mimeType: 'image/png', buffer: png });
  const uploadStarted = Date.now();
  const uploaded = page.waitForResponse((r) => r.request().method() === 'POST');
  await shotRow.locator('button[type=submit]').first().click();
  const answer = await uploaded;
  await page.waitForLoadState('load');
  check(answer.status() === 200, `the upload answered ${answer.status()}`);
  await page.locator('[role=status]').waitFor();
  const uploadMs = Date.now() - uploadStarted;
  check((await page.locator('main').innerText()).includes('120×80'), 'the saved page does not give the size');
  check(fs.existsSync(shotFile), `no file shotFile at ${shotFile}`);
  const bytes = fs.readFileSync(shotFile);
  check(!bytes.includes(Buffer.from('SECRET')), 'the text chunk survived');
  console.log(`upload: ${png.length} bytes sent, ${bytes.length} written without the text chunk, click → saved page ${uploadMs} ms`);
  await save(page, 'edit-uploaded.html');
  // The served guide follows by itself: the screenshot instead of the mock-up.
  const servedGuide = new URL('kokkola/kayttajatunnusmuutos/index.html', guideUrl).href;
  let shown = false;
  for (let i = 0; i < 100 && !shown; i++) {
    shown = (await (await page.request.get(servedGuide)).text()).includes('src="screenshots/front-page.png"');
    if (!shown) await new Promise((r) => setTimeout(r, 100));
  }
  check(shown, `the rebuilt guide does not show the screenshot: ${servedGuide}`);
  console.log(`upload click → rebuilt guide with the screenshot: ${Date.now() - uploadStarted} ms`);
  await Promise.all([page.waitForURL(/\/_edit\/kokkola/), page.locator('main a[href*="/_edit/kokkola"]').click()]);
  check(
    (await shotRow.innerText()).includes(`${guideId}/screenshots/front-page.png`),
    `the reopened form does not list the screenshot: ${await shotRow.innerText()}`,
  );
  check((await shotRow.locator('button').count()) === 2, 'no button to remove the screenshot');
  check((await folded.getAttribute('open')) !== null, 'the screens with a screenshot are not unfolded');
  check((await unlabelled(page)).length === 0, 'inputs without a label on the form with a screenshot');
  await save(page, 'edit-form-screens.html');
  // A text file is refused with 415 and writes nothing.
  const other = page.locator(`#shot-${guideId}-fi-password`);
  await other.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture\n') });
  const refusedUpload = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.locator(`tr:has(#shot-${guideId}-fi-password) button[type=submit]`).first().click();
  check((await refusedUpload).status() === 415, `a text file answered ${(await refusedUpload).status()}, not 415`);
  await page.waitForLoadState('load');
  await page.locator('[role=alert]').waitFor();
  check(!fs.existsSync(path.join(shotsDir, 'password.png')), 'a refused file was shotFile');
  await save(page, 'edit-upload-refused.html');
  console.log('screens: listed, a PNG uploaded and shown, a text file refused with 415');
} catch (e) {
  console.log(`FAIL: ${e.stack ?? e}`);
  failed = true;
} finally {
  await browser.close();
  server.kill('SIGINT');
  fs.rmSync(project, { recursive: true, force: true });
}
if (!failed) console.log('edit form: ok');
process.exit(failed ? 1 : 0);
