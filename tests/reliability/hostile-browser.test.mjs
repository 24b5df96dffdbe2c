// The wasm instance survives hostile input in headless Chromium: the same scenario as
// hostile.test.mjs (tests/reliability/support/hostile.mjs), run inside a page served from
// 127.0.0.1 by the stand-in (pkg/ at /pkg/, this folder at /rel/, the page at /), so the
// client talks to the stand-in through the page's own origin. Afterwards the SAME instance
// still validates, builds and sends. Requests to anything but 127.0.0.1 are refused and
// counted (there must be none).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, pageResult } from '../support/chromium.mjs';
import { startStandIn } from '../../www/server/standin.mjs';
import { PKG } from '../package/helpers.mjs';

const TOKEN = 'hostile-browser-token';
const HERE = dirname(fileURLToPath(import.meta.url));
const CALLS = 10_000;

const SCRIPT = `
import { captureWasm, runHostile, checkAlive, GROUP } from '/rel/support/hostile.mjs';
const unhandled = [];
addEventListener('unhandledrejection', (e) => unhandled.push(String(e.reason && e.reason.stack || e.reason)));
addEventListener('error', (e) => unhandled.push('error event: ' + e.message));
const wasm = captureWasm();
try {
  const api = await import('/pkg/index.js');
  wasm.restore();
  const url = location.origin + '/';
  const memBefore = wasm.memoryBytes();
  const t0 = performance.now();
  const report = await runHostile(api, { url, token: '${TOKEN}', calls: ${CALLS}, filter: (s) => !s.stringParam && !s.misuse });
  const ms = Math.round(performance.now() - t0);
  await new Promise((r) => setTimeout(r, 50));
  const memAfter = wasm.memoryBytes();
  const alive = await checkAlive(api, { url, token: '${TOKEN}' });
  window.__result = { report, ms, memBefore, memAfter, alive, instances: wasm.instances.length, unhandled, group: GROUP, url };
} catch (e) {
  window.__result = { error: String(e && e.stack || e) };
}
`;

let server;
let browser;
let dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-hostile-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="hostile.js"></script>');
  writeFileSync(join(dir, 'hostile.js'), SCRIPT);
  server = await startStandIn({
    token: TOKEN,
    log: false,
    rateLimit: { limit: 1e9 },
    staticDirs: [{ prefix: '/pkg/', dir: PKG }, { prefix: '/rel/', dir: HERE }, { prefix: '/', dir }],
  });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test(`Chromium: ${CALLS} hostile calls, documented errors only, the same instance still works`, { timeout: 110_000 }, async () => {
  const context = await browser.newContext();
  const offLoopback = [];
  await context.route((url) => url.hostname !== '127.0.0.1', (route) => {
    offLoopback.push(new URL(route.request().url()).origin);
    return route.abort();
  });
  const tab = await context.newPage();
  const pageErrors = [];
  tab.on('pageerror', (e) => pageErrors.push(e.message));
  tab.on('crash', () => pageErrors.push('page crashed'));
  const r = await pageResult(tab, server.url, { timeout: 100_000, polling: 250 });
  await context.close();
  assert.equal(r.error, undefined, r.error);
  const { report } = r;
  console.log(`# hostile (chromium): ${report.calls} calls over ${report.sites} sites x ${report.values} values in ${r.ms} ms; ` +
    `${report.outcomes.value} values, ${report.outcomes.error} errors ${JSON.stringify(report.errorNames)}; ` +
    `wasm memory ${r.memBefore >> 10} KiB -> ${r.memAfter >> 10} KiB`);
  assert.equal(report.calls, CALLS);
  assert.equal(report.covered, report.sites);
  assert.deepEqual(report.bad, [], 'every outcome is a value or a documented error');
  assert.ok(report.errorNames.AtlasValidationError > 0 && report.errorNames.AtlasConfigError > 0 && report.errorNames.AtlasAuthError > 0);
  assert.ok(!('RuntimeError' in report.errorNames));
  assert.deepEqual(r.unhandled, [], 'no unhandled rejection or error event in the page');
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(offLoopback, [], 'no request left the loopback interface');
  assert.ok(r.memBefore > 0 && r.memAfter < 320 << 20, `wasm memory bounded (${r.memAfter >> 20} MiB)`);
  assert.equal(r.instances, 1, 'one and the same wasm instance throughout');
  const { alive } = r;
  assert.equal(alive.error, undefined, alive.error);
  assert.deepEqual(alive.validGood, []);
  assert.ok(alive.invalidCodes.length > 0);
  assert.equal(alive.built.url, `${r.url.replace(/\/$/, '')}/api/atlas/v2/groups/${r.group}/integrations/SLACK`);
  assert.deepEqual(alive.created, [['VICTOR_OPS', 'alive']]);
  assert.equal(alive.got, 'alive');
  assert.equal(alive.afterDelete, 0);
});
