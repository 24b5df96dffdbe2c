// The built package in real headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): a page served from 127.0.0.1 imports the web entry by name through an
// import map, the wasm is fetched and instantiated, and version() is called.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, pageResult } from '../support/chromium.mjs';
import { serve } from '../../scripts/static-server.mjs';
import { PKG, cargoVersion } from '../package/helpers.mjs';

const IMPORT_MAP = `<script type="importmap">
{ "imports": { "atlas-integrations": "/pkg/index.js", "atlas-integrations/manual": "/pkg/manual.js" } }
</script>`;
const page = (body) => `<!doctype html><meta charset="utf-8"><title>smoke</title><link rel="icon" href="data:,">${IMPORT_MAP}
<script type="module">
try {
${body}
} catch (e) {
  window.__result = { error: String(e && e.stack || e) };
}
</script>`;

const PAGES = {
  '/auto.html': page(`
  const api = await import('atlas-integrations');
  window.__result = { version: api.version(), names: Object.keys(api).sort() };`),
  '/manual.html': page(`
  const m = await import('atlas-integrations/manual');
  let early = 'no error';
  try { m.version(); } catch { early = 'threw'; }
  const p = m.init(new URL('/pkg/web/atlas_integrations_bg.wasm', location.href));
  const same = p === m.init();
  await p;
  window.__result = { early, same, version: m.version() };`),
};

let server;
let browser;
before(async () => {
  server = await serve({ mounts: { '/pkg/': PKG }, pages: PAGES });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function run(path) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const problems = [];
  const wasm = [];
  tab.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  tab.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`); });
  tab.on('response', (r) => { if (r.url().endsWith('.wasm')) wasm.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] }); });
  const result = await pageResult(tab, new URL(path, server.url).href, { timeout: 20_000 });
  await context.close();
  return { result, problems, wasm };
}

test('the web entry initialises itself: import, then call version()', { timeout: 30_000 }, async () => {
  const { result, problems, wasm } = await run('/auto.html');
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.version, cargoVersion());
  assert.ok(result.names.includes('version'));
  assert.ok(!result.names.includes('init'), 'the auto entry has no init()');
  assert.deepEqual(wasm, [{ url: new URL('/pkg/web/atlas_integrations_bg.wasm', server.url).href, status: 200, type: 'application/wasm' }]);
  assert.deepEqual(problems, []);
});

test('the manual entry: nothing works before init(url), init() is memoised', { timeout: 30_000 }, async () => {
  const { result, problems, wasm } = await run('/manual.html');
  assert.equal(result.error, undefined, result.error);
  assert.deepEqual(result, { early: 'threw', same: true, version: cargoVersion() });
  assert.equal(wasm.length, 1, 'fetched once');
  assert.deepEqual(problems, []);
});
