// The client inside real headless Chromium, talking to the stand-in through the page's own
// origin (the same-origin proxy a dashboard uses): bearer and HTTP Digest, typed answers,
// API errors, validation errors before sending, abort, per-call options, none of the old
// fast path's modules in the browser entry's graph, and each module fetched once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, pageResult } from '../support/chromium.mjs';
import { startStandIn } from '../../www/server/standin.mjs';
import { PKG } from '../package/helpers.mjs';

const TOKEN = 'browser-test-token';
const DIGEST = { publicKey: 'browserpub', privateKey: 'browser-private-key-0001' };
const GROUP = '65a1b2c3d4e5f60718293a4b';
const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

// Runs in the page: every step's outcome, as data.
const SCRIPT = `
import { AtlasClient, isAtlasApiError, isAtlasValidationError, isAtlasAbortError } from '/pkg/index.js';
const out = {};
const settle = async (name, f) => {
  try { out[name] = { ok: await f() }; }
  catch (e) { out[name] = { error: { name: e.name, code: e.code, status: e.status, errorCode: e.errorCode, isError: e instanceof Error,
    api: isAtlasApiError(e), validation: isAtlasValidationError(e), abort: isAtlasAbortError(e), issues: e.issues } }; }
};
const bearer = new AtlasClient({ baseUrl: location.origin, token: '${TOKEN}' });
await settle('create', async () => (await bearer.create('${GROUP}', { type: 'PAGER_DUTY', serviceKey: '${KEY}' })).results.map((r) => [r.type, r.serviceKey]));
await settle('duplicate', () => bearer.create('${GROUP}', { type: 'PAGER_DUTY', serviceKey: '${KEY}' }));
await settle('invalid', () => bearer.create('${GROUP}', { type: 'PAGER_DUTY', serviceKey: 'nope' }));
const controller = new AbortController();
controller.abort();
await settle('aborted', () => bearer.list('${GROUP}', { signal: controller.signal }));
// The calls Node's fast path takes (no options, or an object literal of signal and
// timeoutMs), which the browser sends as any other.
await settle('get', () => bearer.get('${GROUP}', 'PAGER_DUTY').then(JSON.stringify));
await settle('list', () => bearer.list('${GROUP}').then(JSON.stringify));
await settle('missing', () => bearer.get('${GROUP}', 'SLACK'));
await settle('upsert', () => bearer.upsert('${GROUP}', { type: 'PAGER_DUTY', serviceKey: '${KEY}' }).then(JSON.stringify));
await settle('signal', () => bearer.get('${GROUP}', 'PAGER_DUTY', { signal: new AbortController().signal, timeoutMs: 5000 }).then(JSON.stringify));
await settle('abortedSignal', () => bearer.get('${GROUP}', 'PAGER_DUTY', { signal: controller.signal }));
const digest = new AtlasClient({ baseUrl: location.origin, flavour: 'cloudManager', digest: ${JSON.stringify(DIGEST)} });
await settle('digestCreate', async () => (await digest.create('${GROUP}', { type: 'VICTOR_OPS', apiKey: 'victorops-api-key-1', routingKey: 'r' })).results.map((x) => x.type).sort());
await settle('digestGet', async () => (await digest.get('${GROUP}', 'VICTOR_OPS')).routingKey);
await settle('digestDelete', () => digest.delete('${GROUP}', 'VICTOR_OPS'));
// A page's stub of the global fetch (gloo-net sends with it): a network failure, and the
// module keeps working once the real fetch is back.
const own = window.fetch;
window.fetch = async () => ({ ok: true, status: 200, json: async () => ({}) });
await settle('stubbedFetch', () => bearer.list('${GROUP}'));
window.fetch = own;
await settle('afterStub', () => bearer.list('${GROUP}').then((p) => p.results.length));
window.__result = out;
`;

let server;
let browser;
let dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-browser-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="client.js"></script>');
  writeFileSync(join(dir, 'client.js'), SCRIPT);
  server = await startStandIn({
    token: TOKEN,
    digest: DIGEST,
    log: false,
    staticDirs: [{ prefix: '/pkg/', dir: PKG }, { prefix: '/', dir }],
  });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the client works in Chromium through a same-origin proxy, bearer and Digest', { timeout: 60_000 }, async () => {
  const tab = await browser.newPage();
  const problems = [];
  const dialogs = [];
  tab.on('pageerror', (e) => problems.push(e.message));
  // Every module and file the page loads from the package.
  const loaded = [];
  tab.on('request', (req) => {
    const path = new URL(req.url()).pathname;
    if (path.startsWith('/pkg/')) loaded.push(path.slice('/pkg/'.length));
  });
  tab.on('dialog', (d) => { dialogs.push(d.type()); d.dismiss().catch(() => {}); });
  const r = await pageResult(tab, new URL('/index.html', server.url).href);
  await tab.close();

  assert.deepEqual(r.create, { ok: [['PAGER_DUTY', `${'*'.repeat(28)}8f90`]] });
  assert.equal(r.duplicate.error.name, 'AtlasApiError');
  assert.equal(r.duplicate.error.status, 409);
  assert.equal(r.duplicate.error.errorCode, 'INTEGRATION_ALREADY_CONFIGURED');
  assert.ok(r.duplicate.error.api && r.duplicate.error.isError);
  assert.ok(r.invalid.error.validation);
  assert.deepEqual(r.invalid.error.issues.map((i) => i.code), ['invalid_format']);
  assert.ok(r.aborted.error.abort);
  assert.equal(JSON.parse(r.get.ok).type, 'PAGER_DUTY');
  assert.equal(JSON.parse(r.get.ok).serviceKey, `${'*'.repeat(28)}8f90`);
  assert.deepEqual(JSON.parse(r.list.ok).results.map((x) => x.type), ['PAGER_DUTY']);
  assert.equal(r.missing.error.errorCode, 'INTEGRATION_NOT_CONFIGURED');
  assert.equal(r.missing.error.status, 404);
  assert.equal(JSON.parse(r.upsert.ok).results.length, 1);
  assert.equal(JSON.parse(r.signal.ok).type, 'PAGER_DUTY');
  assert.ok(r.abortedSignal.error.abort);
  assert.equal(r.stubbedFetch.error?.name, 'AtlasNetworkError', JSON.stringify(r.stubbedFetch));
  assert.equal(r.stubbedFetch.error.code, 'network_error');
  assert.deepEqual(r.afterStub, { ok: 1 });
  assert.ok(loaded.includes('web/extras.js') && loaded.includes('web/atlas_integrations_bg.wasm'), loaded.join(', '));
  assert.deepEqual(loaded.filter((f) => /(^|\/)(fast|reply)\.js$/.test(f)), [], 'no fast-path module in the browser entry\'s graph');
  // One URL per module: the glue imports the package's errors.js and runtime.js, as extras.js
  // does, not wasm-bindgen's snippet copies of them (each was fetched twice).
  assert.ok(loaded.includes('web/errors.js') && loaded.includes('web/runtime.js'), loaded.join(', '));
  assert.deepEqual(loaded.filter((f) => f.includes('snippets/')), []);
  assert.deepEqual(loaded.filter((f, i) => loaded.indexOf(f) !== i), [], 'no file fetched twice');
  assert.deepEqual(r.digestCreate, { ok: ['PAGER_DUTY', 'VICTOR_OPS'] }, 'the flavours share one project state');
  assert.deepEqual(r.digestGet, { ok: 'r' });
  assert.ok('ok' in r.digestDelete && r.digestDelete.ok === undefined, 'delete resolves to undefined');
  assert.deepEqual(problems, []);
  assert.deepEqual(dialogs, [], 'no browser login dialog');
});
