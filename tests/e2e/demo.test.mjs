// End to end: the demo page (www/) in headless Chromium, served with the built package by
// the real stand-in CLI started exactly as the run command starts it
// (`node www/server/main.mjs --static www --pkg pkg`, here with `--port 0`).
//
// PagerDuty: an invalid service key shows its error next to the field; once fixed, create
// lists the integration with its key masked; a second create explains the 409
// INTEGRATION_ALREADY_CONFIGURED and suggests upsert; delete removes it. Any page error,
// unexpected console error or request to another host fails the test, and so does a
// secret (the service key or the bearer token) in the DOM, the console or the server log.
// Screenshots go to artifacts/ (git-ignored).
//
//   node --test tests/e2e/         (needs pkg/: scripts/build-pkg.sh --if-stale)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../support/chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = path.join(ROOT, 'artifacts');
const TOKEN = 'demo-token'; // the stand-in's default demo token, prefilled by the page
const BAD_KEY = 'not-a-pagerduty-key';
const SERVICE_KEY = '9f3c2a7be41d4c0f8a6e5b3d2c1f0e7a'; // 32 hex digits
const WAIT = 15_000;
const DEMO_GROUP = '5f0c1e2d3b4a59687766554a'; // the page's default project id

let server; // { proc, url, log }
let browser;

/** The environment without credentials for the stand-in, so it takes its demo token. */
function serverEnv() {
  const env = { ...process.env };
  for (const k of ['STANDIN_TOKEN', 'STANDIN_DIGEST', 'STANDIN_OAUTH']) delete env[k];
  return env;
}

/** Starts the stand-in CLI on a free port and resolves once it prints its URL. */
function startServer(extra = []) {
  const proc = spawn(process.execPath, ['www/server/main.mjs', '--port', '0', '--static', 'www', '--pkg', 'pkg', ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serverEnv(),
  });
  const log = { out: '', err: '' };
  proc.stdout.on('data', (d) => { log.out += d; });
  proc.stderr.on('data', (d) => { log.err += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the server printed no URL within ${WAIT} ms`)), WAIT);
    function fail(e) {
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`${e.message}\nstdout: ${log.out}\nstderr: ${log.err}`));
    }
    proc.on('exit', (code) => fail(new Error(`the server exited with ${code}`)));
    proc.stdout.on('data', () => {
      const m = /Stand-in Atlas server: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(log.out);
      if (m) {
        clearTimeout(timer);
        proc.removeAllListeners('exit');
        resolve({ proc, url: m[1], log });
      }
    });
  });
}

async function stopServer(s) {
  if (!s || s.proc.exitCode !== null || s.proc.signalCode !== null) return;
  const exited = new Promise((resolve) => s.proc.once('exit', resolve));
  s.proc.kill('SIGTERM');
  const timer = setTimeout(() => s.proc.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

before(async () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'pkg', 'index.js')), 'pkg/ is not built: run scripts/build-pkg.sh --if-stale');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer();
  browser = await launchChromium({ timeout: WAIT });
});

after(async () => {
  await browser?.close().catch(() => {});
  await stopServer(server);
});

test('demo: PagerDuty validate, create, duplicate 409, delete', { timeout: 90_000 }, async (t) => {
  const origin = new URL(server.url).origin;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.after(() => context.close().catch(() => {}));
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);

  // Everything the page says, and every request it makes.
  const problems = [];
  const consoleText = [];
  const expectedErrors = []; // regexes of console errors the current step expects (consumed once)
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    consoleText.push(m.text());
    if (m.type() !== 'error') return;
    const i = expectedErrors.findIndex((re) => re.test(m.text()));
    if (i >= 0) expectedErrors.splice(i, 1);
    else problems.push(`console.error: ${m.text()}`);
  });
  // The client reads API bodies through a stream reader (to bound their size); Chromium then
  // reports a body read to its end as ERR_ABORTED, though it arrived whole (a raw fetch
  // read with getReader() shows the same). Such a request had its answer: not a failure.
  page.on('requestfailed', async (r) => {
    const streamed = r.failure()?.errorText === 'net::ERR_ABORTED' && new URL(r.url()).pathname.startsWith('/api/') && (await r.response().catch(() => null)) !== null;
    if (!streamed) problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol !== 'data:' && u.origin !== origin) problems.push(`request to another origin: ${r.url()}`);
  });
  const apiCalls = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) apiCalls.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`);
  });

  const t0 = Date.now();
  const step = (name) => t.diagnostic(`${((Date.now() - t0) / 1000).toFixed(1)} s: ${name}`);
  try {
    await scenario({ page, origin, problems, consoleText, expectedErrors, apiCalls, step });
  } catch (e) {
    // Say what the page said, and keep a picture of it.
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo-failure.png'), fullPage: true }).catch(() => {});
    const status = await page.textContent('#status', { timeout: 1000 }).catch(() => '?');
    e.message += `\n  page status: ${status}\n  page problems: ${JSON.stringify(problems)}\n  API calls: ${JSON.stringify(apiCalls)}\n  screenshot: artifacts/demo-failure.png`;
    throw e;
  }
});

async function scenario({ page, origin, problems, consoleText, expectedErrors, apiCalls, step }) {
  // --- the page loads the package and fills in the defaults -------------------------------
  await page.goto(server.url);
  await page.locator('#status.ok').waitFor();
  step('package loaded');
  assert.equal(await page.inputValue('#baseUrl'), origin);
  assert.match(await page.inputValue('#groupId'), /^[a-f0-9]{24}$/);
  assert.equal(await page.getAttribute('#token', 'type'), 'password');
  assert.equal(await page.inputValue('#flavour'), 'atlasV2');
  // The flavour picker comes from describeTypes().flavours, deprecation included.
  assert.deepEqual(await page.locator('#flavour option').allTextContents(), [
    'Atlas Admin API v2',
    'Atlas Admin API v1.0 (deprecated)',
    'Cloud Manager',
    'Ops Manager',
  ]);
  assert.match(await page.getAttribute('#flavour option[value="atlasV1"]', 'title'), /deprecated/);
  await page.locator('#list-state', { hasText: 'no integrations' }).waitFor();

  // --- Slack: its OAuth2 warning is mentioned, never counted among the things to fix --------
  await page.selectOption('#type', 'SLACK');
  await page.locator('#f-apiToken').waitFor();
  const slackSummary = await page.textContent('#summary');
  assert.match(slackSummary, /^\d+ errors? to fix before sending \(and 1 warning\)\./, slackSummary);

  // --- choose PagerDuty: the form comes from describeTypes ---------------------------------
  await page.selectOption('#type', 'PAGER_DUTY');
  const key = page.locator('#f-serviceKey');
  await key.waitFor();
  assert.equal(await key.getAttribute('type'), 'password', 'the service key is a secret: password input');
  assert.match(await page.textContent('[data-field="serviceKey"] label'), /Service key\s*\*/);
  assert.deepEqual(await page.locator('#f-region option').allTextContents(), ['(not set: server default US)', 'US', 'EU']);

  // --- an invalid key: the error appears beside the field as the person types ---------------
  await key.pressSequentially(BAD_KEY, { delay: 5 });
  const keyIssues = page.locator('#issues-f-serviceKey');
  await keyIssues.locator('.issue.error', { hasText: '32 hexadecimal digits' }).waitFor();
  assert.equal(await key.getAttribute('aria-invalid'), 'true');
  assert.match(await page.textContent('#summary'), /1 error/);
  assert.match(await page.textContent('#curl'), /preview appears once/);
  step('invalid key reported beside the field');

  // Create is refused locally: nothing is sent.
  const before409 = apiCalls.length;
  await page.click('#btn-create');
  await page.locator('#result.error', { hasText: 'Not sent' }).waitFor();
  assert.equal(apiCalls.filter((c) => c.startsWith('POST')).length, 0);
  assert.ok(apiCalls.length >= before409);

  // --- fix it: the error goes, the curl preview appears with the key redacted --------------
  await key.fill('');
  await key.pressSequentially(SERVICE_KEY, { delay: 5 });
  await page.locator('#issues-f-serviceKey .issue').waitFor({ state: 'detached' });
  assert.equal(await key.getAttribute('aria-invalid'), 'false');
  await page.locator('#summary.ok').waitFor();
  const curl = await page.textContent('#curl');
  assert.match(curl, /curl --request 'POST'/);
  assert.ok(curl.includes(`${origin}/api/atlas/v2/groups/`), curl);
  assert.match(curl, /Authorization: Bearer <redacted>/);
  assert.match(curl, /"serviceKey":"<redacted>"/);
  step('fixed; preview redacted');

  // --- create: the table lists it, masked ---------------------------------------------------
  await page.click('#btn-create');
  await page.locator('#result.ok', { hasText: 'Created the PagerDuty integration' }).waitFor();
  const row = page.locator('#integrations tr[data-type="PAGER_DUTY"]');
  await row.waitFor();
  // The server masks all but the last four; the table shortens the run of '*' (title: whole).
  const keyCell = row.locator('dd[data-key="serviceKey"]');
  assert.equal((await keyCell.textContent()).trim(), `********…${SERVICE_KEY.slice(-4)}`);
  assert.equal(await keyCell.getAttribute('title'), '*'.repeat(28) + SERVICE_KEY.slice(-4));
  step('created and listed masked');

  // --- a duplicate create: 409 explained, upsert suggested ---------------------------------
  expectedErrors.push(/status of 409/); // Chromium logs every 4xx fetch as a console error
  await page.click('#btn-create');
  const result = page.locator('#result.error');
  await result.waitFor();
  const text = await result.textContent();
  // The failure replaced the create's success: nothing of it is shown as if current.
  assert.equal(await page.locator('#result.ok').count(), 0);
  assert.ok(!text.includes('Created the PagerDuty integration'), text);
  assert.match(text, /409/);
  assert.match(text, /INTEGRATION_ALREADY_CONFIGURED/);
  assert.match(text, /Upsert/);
  assert.equal(await result.locator('button', { hasText: 'Upsert instead' }).count(), 1);
  await page.locator('#list-state', { hasText: '1 integration' }).waitFor();
  assert.equal(await page.locator('#integrations tbody tr').count(), 1);
  step('duplicate create: 409 explained');
  await page.screenshot({ path: path.join(ARTIFACTS, 'demo-409.png'), fullPage: true });

  // No secret anywhere in the DOM (password inputs keep their value as a property only).
  const html = await page.content();
  assert.ok(!html.includes(SERVICE_KEY), 'the service key is not in the DOM');
  assert.ok(!html.includes(SERVICE_KEY.slice(0, 28)), 'no unmasked prefix of the key in the DOM');
  assert.ok(!html.includes(TOKEN), 'the token is not in the DOM');

  // --- edit: the form is loaded; the masked key is left for the person to type ---------------
  await row.locator('button', { hasText: 'Edit' }).click();
  await page.locator('#result', { hasText: 'to type again: Service key' }).waitFor();
  assert.equal(await key.inputValue(), '', 'a masked key is never loaded into the form');
  assert.match(await key.getAttribute('placeholder'), /masked by the API/);
  step('edit: masked key left to type');

  // --- delete asks first: cancelled, nothing is sent; the preview shows the DELETE ----------
  const dialogs = [];
  page.once('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const beforeCancel = apiCalls.filter((c) => c.startsWith('DELETE')).length;
  await page.click('#btn-delete');
  await page.locator('#result', { hasText: 'Delete cancelled' }).waitFor();
  assert.match(dialogs[0] ?? '', /Delete the PagerDuty integration of project [0-9a-f]{24}\?/);
  assert.equal(apiCalls.filter((c) => c.startsWith('DELETE')).length, beforeCancel);
  assert.equal(await page.inputValue('#preview-op'), 'delete');
  assert.match(await page.textContent('#curl'), /curl --request 'DELETE'/);
  step('delete asked first; cancel sends nothing');

  // --- delete, confirmed: gone from the table ------------------------------------------------
  page.once('dialog', (d) => d.accept());
  await page.click('#btn-delete');
  await page.locator('#result.ok', { hasText: 'Deleted the PagerDuty integration' }).waitFor();
  await row.waitFor({ state: 'detached' });
  await page.locator('#list-state', { hasText: 'no integrations' }).waitFor();
  step('deleted');
  await page.screenshot({ path: path.join(ARTIFACTS, 'demo.png'), fullPage: true });

  // --- a wrong token: the list fails, and the old success is cleared with it ------------------
  expectedErrors.push(/status of 401/);
  await page.fill('#token', 'not-the-token');
  await page.dispatchEvent('#token', 'change');
  await page.locator('#list-state', { hasText: 'Could not list' }).waitFor();
  await page.locator('#result', { hasText: 'The last result was cleared' }).waitFor();
  assert.equal(await page.locator('#result.ok').count(), 0);
  step('stale result cleared after an error');

  // --- the whole conversation with the server ---------------------------------------------
  const writes = apiCalls.filter((c) => !c.startsWith('GET'));
  assert.deepEqual(writes.map((c) => c.replace(/groups\/[a-f0-9]{24}/, 'groups/G')), [
    'POST /api/atlas/v2/groups/G/integrations/PAGER_DUTY 200',
    'POST /api/atlas/v2/groups/G/integrations/PAGER_DUTY 409',
    'DELETE /api/atlas/v2/groups/G/integrations/PAGER_DUTY 204',
  ]);
  assert.deepEqual(expectedErrors, [], 'the expected 409 console error was seen');
  assert.deepEqual(problems, []);
  for (const secret of [SERVICE_KEY, TOKEN]) {
    assert.ok(!consoleText.some((s) => s.includes(secret)), 'no secret in the console');
    assert.ok(!server.log.err.includes(secret), 'no secret in the request log');
  }
  // (stdout only holds the start banner, which names the stand-in's demo token on purpose.)
  assert.ok(!server.log.out.includes(SERVICE_KEY), 'no service key on the server stdout');
  step('done');
}

test('demo: Cloud Manager with an HTTP Digest key pair', { timeout: 90_000 }, async (t) => {
  const PUBLIC = 'demo-public-key';
  const PRIVATE = 'e2e-private-key-0f3a9c';
  const API_KEY = 'opsgenie-e2e-key-7d41';
  const digestServer = await startServer(['--digest', `${PUBLIC}:${PRIVATE}`]);
  t.after(() => stopServer(digestServer));
  const { page, pageErrors, consoleText } = await newDemoPage(t, digestServer.url);
  assert.equal(await page.isVisible('#digest-fields'), false, 'bearer is the default');
  await page.selectOption('#flavour', 'cloudManager');
  await page.selectOption('#auth', 'digest');
  await page.fill('#publicKey', PUBLIC);
  await page.fill('#privateKey', PRIVATE);
  await page.dispatchEvent('#privateKey', 'change');
  assert.equal(await page.getAttribute('#privateKey', 'type'), 'password');
  await page.selectOption('#type', 'OPS_GENIE');
  await page.fill('#f-apiKey', API_KEY);
  const preview = await page.textContent('#curl');
  assert.match(preview, /--digest/);
  assert.ok(preview.includes(`${PUBLIC}:<redacted>`), preview);
  assert.ok(!preview.includes(PRIVATE) && !preview.includes(API_KEY), 'the preview redacts secrets');
  await page.click('#btn-create');
  await page.locator('#result.ok', { hasText: 'Created' }).waitFor();
  const row = page.locator('#integrations tr[data-type="OPS_GENIE"]');
  await row.waitFor();
  assert.ok((await row.locator('dd[data-key="apiKey"]').getAttribute('title')).endsWith(API_KEY.slice(-4)));
  const html = await page.content();
  assert.ok(!html.includes(PRIVATE) && !html.includes(API_KEY), 'no secret in the DOM');
  assert.ok(!consoleText.some((s) => s.includes(PRIVATE)), 'no secret in the console');
  assert.ok(!digestServer.log.err.includes(PRIVATE) && !digestServer.log.out.includes(PRIVATE), 'no secret in the server output');
  assert.deepEqual(pageErrors, []);
  await page.screenshot({ path: path.join(ARTIFACTS, 'demo-digest.png'), fullPage: true });
});

/** The secret fields of a type, from the catalogue in every flavour (never a hard-coded list). */
function secretFieldsOf(page, type) {
  return page.evaluate(async (name) => {
    const lib = await import('/pkg/index.js');
    const out = new Set();
    for (const { id } of lib.describeTypes().flavours) {
      for (const t of lib.describeTypes(id).types) if (t.name === name) for (const f of t.fields) if (f.secret) out.add(f.name);
    }
    return [...out].sort();
  }, type);
}

/** The DOM as markup plus every attribute value (titles, data-*, aria-*). */
function domText(page) {
  return page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll('*')]
    .flatMap((el) => [...el.attributes].map((a) => a.value)).join('\n'));
}

test('demo: Edit loads the secrets the API returns in clear, and only those', { timeout: 90_000 }, async (t) => {
  const URL_SECRET = 'https://hooks.example.com/e2e/4f1c9a';
  const SECRET = 'e2e-webhook-signing-secret';
  const TEMPLATE = '{"alert":"${id}","canary":"body-template-canary-7d1e"}';
  const HEADERS = '{"X-Canary":"headers-template-canary-93ab"}';
  const { page, pageErrors } = await newDemoPage(t, server.url);
  await page.selectOption('#type', 'WEBHOOK');
  await page.fill('#f-url', URL_SECRET);
  await page.fill('#f-secret', SECRET);
  await page.fill('#f-bodyTemplate', TEMPLATE);
  await page.fill('#f-headersTemplate', HEADERS);
  await page.click('#btn-create');
  await page.locator('#result.ok', { hasText: 'Created' }).waitFor();
  const row = page.locator('#integrations tr[data-type="WEBHOOK"]');
  await row.waitFor();

  // The listing: the API returns the templates in clear; the page shows none of the
  // secret fields' values, in text or in an attribute (title, data-*).
  const listed = await page.evaluate(async (origin) => {
    const r = await fetch(`${origin}/api/atlas/v2/groups/${document.querySelector('#groupId').value}/integrations/WEBHOOK`,
      { headers: { Accept: 'application/vnd.atlas.2023-01-01+json', Authorization: 'Bearer demo-token' } });
    return r.json();
  }, new URL(server.url).origin);
  assert.equal(listed.bodyTemplate, TEMPLATE, 'the stand-in returns the templates in clear');
  assert.equal(listed.headersTemplate, HEADERS);
  const sent = { url: URL_SECRET, secret: SECRET, bodyTemplate: TEMPLATE, headersTemplate: HEADERS };
  assert.deepEqual(await secretFieldsOf(page, 'WEBHOOK'), Object.keys(sent).sort(), 'the catalogue\'s secret fields are the ones sent');
  const listedDom = await domText(page);
  for (const [name, value] of Object.entries(sent)) assert.ok(!listedDom.includes(value), `${name} (its value) is in the DOM`);
  for (const canary of ['body-template-canary', 'headers-template-canary']) assert.ok(!listedDom.includes(canary), `${canary} in the DOM`);
  for (const name of ['bodyTemplate', 'headersTemplate']) {
    const cell = row.locator(`dd[data-key="${name}"]`);
    assert.equal(await cell.textContent(), 'set (hidden)', name);
    assert.equal(await cell.getAttribute('title'), null, name);
  }

  // The stand-in masks the URL and the secret, and returns the template as stored.
  await row.locator('button', { hasText: 'Edit' }).click();
  await page.locator('#result', { hasText: 'to type again: Webhook URL, Secret' }).waitFor();
  assert.equal(await page.inputValue('#f-url'), '', 'the masked URL is not loaded');
  assert.equal(await page.inputValue('#f-secret'), '', 'the masked secret is not loaded');
  assert.equal(await page.inputValue('#f-bodyTemplate'), TEMPLATE, 'the template, returned in clear, is loaded');
  assert.equal(await page.inputValue('#f-headersTemplate'), HEADERS);
  const html = await domText(page);
  assert.ok(!html.includes(SECRET) && !html.includes(URL_SECRET), 'no secret in the DOM');
  // The loaded template is the textarea's value (a property), still in no text or attribute.
  assert.ok(!html.includes('body-template-canary') && !html.includes('headers-template-canary'), 'no template in the DOM');

  // Typing the two again makes a valid update; the template survives it.
  await page.fill('#f-url', URL_SECRET);
  await page.fill('#f-secret', SECRET);
  await page.locator('#summary.ok').waitFor();
  await page.click('#btn-update');
  await page.locator('#result.ok', { hasText: 'Updated' }).waitFor();
  assert.equal(await page.inputValue('#preview-op'), 'update', 'the preview follows the action');
  page.once('dialog', (d) => d.accept());
  await page.click('#btn-delete');
  await page.locator('#result.ok', { hasText: 'Deleted' }).waitFor();
  assert.deepEqual(pageErrors, []);
});

/** A fresh page of `url` (in a context closed after `t`) with the package loaded; page errors and console text collected. */
async function newDemoPage(t, url, { clock = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.after(() => context.close().catch(() => {}));
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  const pageErrors = [];
  const consoleText = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => consoleText.push(m.text()));
  if (clock) await page.clock.install();
  await page.goto(url);
  await page.locator('#status.ok').waitFor();
  return { page, pageErrors, consoleText };
}

/** {@link newDemoPage}, then the project `groupId` chosen (if given) and the list read. */
async function openDemo(t, url, { groupId, clock = false } = {}) {
  const { page, pageErrors, consoleText } = await newDemoPage(t, url, { clock });
  if (groupId) {
    await page.fill('#groupId', groupId);
    await page.dispatchEvent('#groupId', 'change');
  }
  await page.locator('#list-state', { hasText: /integration/ }).waitFor();
  return { page, pageErrors, consoleText };
}

/** Waits until no action runs and the list is read (bounded by the page's default timeout). */
async function settled(page) {
  await page.locator('body:not(.busy)').waitFor({ state: 'attached' });
  await page.locator('#list-state', { hasText: /integration/ }).waitFor();
}

/** What has the focus: `#id`, or the tag name. */
const focused = (page) => page.evaluate(() => (document.activeElement?.id ? `#${document.activeElement.id}` : document.activeElement?.tagName));

test('demo: Edit shows exactly what the record holds (a box ticked before is unticked)', { timeout: 90_000 }, async (t) => {
  const { page, pageErrors } = await openDemo(t, server.url, { groupId: 'aaaaaaaaaaaaaaaaaaaaaaa1' });
  const API_KEY = '0123456789abcdef0123456789abcdef';
  await page.selectOption('#type', 'DATADOG');
  await page.fill('#f-apiKey', API_KEY);
  await page.click('#btn-create');
  await page.locator('#result.ok', { hasText: 'Created' }).waitFor();
  const row = page.locator('#integrations tr[data-type="DATADOG"]');
  await row.waitFor();
  assert.equal(await row.locator('dd[data-key="sendDatabaseMetrics"]').count(), 0, 'the record has no sendDatabaseMetrics');

  // The person ticks a box, then reloads the saved settings with the row's Edit (named per row).
  await page.check('#f-sendDatabaseMetrics');
  await row.locator('button', { hasText: 'Edit' }).click();
  await page.locator('#result', { hasText: 'Loaded the Datadog integration' }).waitFor();
  assert.equal(await page.isChecked('#f-sendDatabaseMetrics'), false, 'the box shows the record (unset), not what was ticked');
  await page.fill('#f-apiKey', API_KEY);
  await page.selectOption('#preview-op', 'update');
  const preview = await page.textContent('#curl');
  assert.ok(!preview.includes('sendDatabaseMetrics'), `the update sends no field the record lacks: ${preview}`);
  await page.click('#btn-update');
  await page.locator('#result.ok', { hasText: 'Updated' }).waitFor();
  assert.equal(await row.locator('dd[data-key="sendDatabaseMetrics"]').count(), 0);
  // Each row's buttons are named for their row (a screen reader's list of buttons).
  assert.equal(await page.getByRole('button', { name: 'Edit Datadog', exact: true }).count(), 1);
  assert.equal(await page.getByRole('button', { name: 'Delete Datadog', exact: true }).count(), 1);
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete Datadog', exact: true }).click();
  await page.locator('#result.ok', { hasText: 'Deleted' }).waitFor();
  assert.deepEqual(pageErrors, []);
});

test('demo: each connection problem is shown beside its own input', { timeout: 90_000 }, async (t) => {
  const { page, pageErrors } = await openDemo(t, server.url);
  const issue = (name) => page.locator(`#issues-${name} .issue.error`);
  const invalid = (name) => page.getAttribute(`#${name}`, 'aria-invalid');

  // Digest with no keys: each key's problem beside it, nothing under the base URL.
  await page.selectOption('#auth', 'digest');
  await issue('publicKey').waitFor();
  await issue('privateKey').waitFor();
  assert.equal(await page.locator('#issues-baseUrl .issue').count(), 0);
  assert.equal(await invalid('baseUrl'), 'false');
  assert.equal(await invalid('publicKey'), 'true');
  assert.equal(await invalid('privateKey'), 'true');
  assert.equal(await page.getAttribute('#privateKey', 'aria-describedby'), 'help-privateKey issues-privateKey');
  await page.fill('#publicKey', 'demo-public-key');
  await issue('publicKey').waitFor({ state: 'detached' });
  assert.equal(await invalid('publicKey'), 'false');
  assert.equal(await issue('privateKey').count(), 1, 'the private key is still missing');
  await page.fill('#privateKey', 'private key with spaces');
  assert.equal(await issue('privateKey').count(), 1);
  await page.fill('#privateKey', 'e2e-private-0f3a');
  await issue('privateKey').waitFor({ state: 'detached' });

  // Bearer: an empty token is said beside the token field, and nothing is sent.
  await page.selectOption('#auth', 'bearer');
  await page.fill('#token', '');
  await issue('token').waitFor();
  assert.equal(await invalid('token'), 'true');
  assert.equal(await page.locator('#issues-baseUrl .issue').count(), 0);
  await page.fill('#f-serviceKey', SERVICE_KEY);
  await page.click('#btn-create');
  await page.locator('#result.error', { hasText: 'beside its field' }).waitFor();
  await page.fill('#token', TOKEN);
  await issue('token').waitFor({ state: 'detached' });
  assert.equal(await invalid('token'), 'false');
  await page.locator('#result', { hasText: 'no longer applies' }).waitFor();

  // A base URL problem stays under the base URL.
  await page.fill('#baseUrl', 'ftp://example.com');
  await issue('baseUrl').waitFor();
  assert.equal(await invalid('baseUrl'), 'true');
  assert.equal(await issue('token').count(), 0);
  assert.deepEqual(pageErrors, []);
});

test('demo: keyboard focus stays on the control used, or moves to the result', { timeout: 90_000 }, async (t) => {
  const { page, pageErrors } = await openDemo(t, server.url, { groupId: 'bbbbbbbbbbbbbbbbbbbbbbb2' });
  page.on('dialog', (d) => d.accept());
  await page.fill('#f-serviceKey', SERVICE_KEY);
  await page.focus('#btn-create');
  await page.keyboard.press('Enter');
  await page.locator('#result.ok', { hasText: 'Created' }).waitFor();
  await settled(page);
  assert.equal(await focused(page), '#btn-create', 'the button pressed keeps the focus');

  await page.keyboard.press('Enter'); // a second create: 409, with "Upsert instead"
  await page.locator('#result.error button', { hasText: 'Upsert instead' }).waitFor();
  await settled(page);
  assert.equal(await focused(page), '#btn-create');
  await page.focus('#result button');
  await page.keyboard.press('Enter'); // the button is replaced by the result
  await page.locator('#result.ok', { hasText: 'Saved' }).waitFor();
  await settled(page);
  assert.equal(await focused(page), '#result', 'the result, when the control used is gone');

  await page.getByRole('button', { name: 'Delete PagerDuty', exact: true }).focus();
  await page.keyboard.press('Enter'); // the row goes with its button
  await page.locator('#result.ok', { hasText: 'Deleted' }).waitFor();
  await page.locator('#list-state', { hasText: 'no integrations' }).waitFor();
  await page.locator('body:not(.busy)').waitFor({ state: 'attached' });
  assert.equal(await focused(page), '#result');
  assert.deepEqual(pageErrors, []);
});

test('demo: Ops Manager against the stand-in says it answers as Cloud Manager', { timeout: 90_000 }, async (t) => {
  const { page, pageErrors } = await openDemo(t, server.url, { groupId: 'ccccccccccccccccccccccc3' });
  assert.equal(await page.isVisible('#flavour-note'), false);
  await page.selectOption('#flavour', 'opsManager');
  await page.locator('#flavour-note', { hasText: 'as Cloud Manager' }).waitFor();
  assert.match(await page.textContent('#flavour-note'), /--public-api ops-manager/);
  await page.selectOption('#type', 'DATADOG');
  await page.fill('#f-apiKey', '0123456789abcdef0123456789abcdef');
  await page.click('#btn-create');
  const result = page.locator('#result.error', { hasText: 'DATADOG_NOT_SUPPORTED_FOR_CLOUD_MANAGER' });
  await result.waitFor();
  assert.match(await result.locator('.advice').textContent(), /answered as Cloud Manager/);
  await page.selectOption('#flavour', 'cloudManager');
  await page.locator('#flavour-note').waitFor({ state: 'hidden' });
  assert.deepEqual(pageErrors, []);
});

test('demo: a wait for the rate limit is shown and can be cancelled; a 429 gets advice', { timeout: 90_000 }, async (t) => {
  // One request in the bucket, refilled every ten minutes: the page's first list takes it.
  const limited = await startServer(['--rate-capacity', '2', '--rate-refill', '1', '--rate-refill-seconds', '600']);
  t.after(() => stopServer(limited));
  const { page, pageErrors } = await openDemo(t, limited.url);
  // Another client of the same principal spends the last request: the page's pacer, which
  // saw one left, sends its create and meets Atlas's 429.
  const spent = await fetch(`${limited.url}api/atlas/v2/groups/${DEMO_GROUP}/integrations`,
    { headers: { Accept: 'application/vnd.atlas.2023-01-01+json', Authorization: `Bearer ${TOKEN}` } });
  assert.equal(spent.status, 200);
  await page.fill('#f-serviceKey', SERVICE_KEY);
  await page.click('#btn-create');
  const refused = page.locator('#result.error', { hasText: 'RATE_LIMITED_TOKEN_BUCKET' });
  await refused.waitFor();
  assert.match(await refused.locator('.advice').textContent(), /rate limit; try again in \d+ s/);

  // Now the client holds the next request back: the page says so, and Cancel aborts it.
  await page.locator('body:not(.busy)').waitFor({ state: 'attached' });
  await page.focus('#btn-upsert');
  await page.keyboard.press('Enter');
  await page.locator('#result .waiting', { hasText: /Waiting \d+ s for the server's rate limit/ }).waitFor();
  assert.equal(await focused(page), '#btn-cancel', 'the wait can be cancelled from the keyboard at once');
  await page.keyboard.press('Enter');
  await page.locator('#result', { hasText: 'Upsert cancelled' }).waitFor();
  assert.match(await page.textContent('#result'), /may still have applied it/);
  const writes = limited.log.err.split('\n').filter((l) => /\b(POST|PUT) \/api\//.test(l));
  assert.equal(writes.length, 1, `only the refused create was sent: ${writes.join(' | ')}`);
  assert.deepEqual(pageErrors, []);
});

test('demo: a write that timed out may have been applied: the page says so', { timeout: 90_000 }, async (t) => {
  // The page's clock is Playwright's: the client's 15 s timeout elapses when the test says.
  const { page, pageErrors } = await openDemo(t, server.url, { groupId: 'ddddddddddddddddddddddd4', clock: true });
  let held;
  const reached = new Promise((resolve) => {
    page.route('**/integrations/PAGER_DUTY', (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      held = route; // never answered: the server "does not answer"
      resolve();
    });
  });
  t.after(() => held?.abort().catch(() => {}));
  await page.fill('#f-serviceKey', SERVICE_KEY);
  await page.click('#btn-create');
  await reached;
  await page.clock.fastForward(16_000);
  const result = page.locator('#result.error', { hasText: 'did not answer in time' });
  await result.waitFor();
  assert.match(await result.textContent(), /The create may still have been applied/);
  assert.match(await result.textContent(), /list of the project's integrations below is read again/);
  assert.deepEqual(pageErrors, []);
});
