// What a real browser page changes for the client (headless Chromium; the Node tests only
// simulate a page with `window` and `document` globals):
// - a service account, whose secret must never reach a page, is refused with
//   AtlasConfigError `invalid_option`, and the secret is in no part of the error;
// - the client sends no User-Agent of its own there (browsers forbid it): the server gets the
//   browser's, and the request succeeds; a `User-Agent` in `headers` is what the browser's
//   fetch does with it (Chromium drops it, keeping its own).
// The server's side is read where it arrives: every request the stand-in receives, through
// Node's `http.server.request.start` diagnostics channel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, pageResult } from '../support/chromium.mjs';
import { startStandIn } from '../../www/server/standin.mjs';
import { PKG } from '../package/helpers.mjs';

const TOKEN = 'page-rules-token';
const SECRET = 'page-rules-client-secret-0123456789';
const GROUP = '65a1b2c3d4e5f60718293a4b';

// Runs in the page: each step's outcome, as data.
const SCRIPT = `
import { AtlasClient, AtlasConfigError } from '/pkg/index.js';
const out = { userAgent: navigator.userAgent };
try {
  new AtlasClient({ baseUrl: location.origin, serviceAccount: { clientId: 'page-client', clientSecret: '${SECRET}' } });
  out.serviceAccount = 'constructed';
} catch (e) {
  out.serviceAccount = { configError: e instanceof AtlasConfigError, name: e.name, code: e.code, text: JSON.stringify({ message: e.message, stack: e.stack, ...e }) };
}
const plain = new AtlasClient({ baseUrl: location.origin, token: '${TOKEN}' });
out.plain = (await plain.list('${GROUP}', { itemsPerPage: 1 })).totalCount;
const custom = new AtlasClient({ baseUrl: location.origin, token: '${TOKEN}', headers: { 'User-Agent': 'custom-agent/1.0' } });
out.custom = (await custom.list('${GROUP}', { itemsPerPage: 2 })).totalCount;
window.__result = out;
`;

let server;
let browser;
let dir;
/** `[query, User-Agent]` of each /api request the stand-in received. */
const arrived = [];
const record = ({ request, socket }) => {
  if (server && socket.localPort === server.port && request.url.startsWith('/api/')) {
    arrived.push([new URL(request.url, 'http://x').searchParams.get('itemsPerPage'), request.headers['user-agent']]);
  }
};
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-page-rules-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="page.js"></script>');
  writeFileSync(join(dir, 'page.js'), SCRIPT);
  diagnostics.subscribe('http.server.request.start', record);
  server = await startStandIn({ token: TOKEN, log: false, staticDirs: [{ prefix: '/pkg/', dir: PKG }, { prefix: '/', dir }] });
  browser = await launchChromium();
});
after(async () => {
  diagnostics.unsubscribe('http.server.request.start', record);
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('in Chromium: a service account is refused, and the User-Agent the server gets is the browser\'s', { timeout: 60_000 }, async () => {
  const tab = await browser.newPage();
  const problems = [];
  tab.on('pageerror', (e) => problems.push(e.message));
  const r = await pageResult(tab, new URL('/index.html', server.url).href);
  await tab.close();
  assert.deepEqual(problems, []);

  const { text, ...refused } = r.serviceAccount;
  assert.deepEqual(refused, { configError: true, name: 'AtlasConfigError', code: 'invalid_option' });
  assert.match(text, /serviceAccount is for servers/);
  assert.ok(!text.includes(SECRET), 'the client secret is in no part of the error');

  // Both calls succeeded, and the server got the browser's own User-Agent for each.
  assert.deepEqual([r.plain, r.custom], [0, 0]);
  assert.match(r.userAgent, /Chrome\//);
  assert.deepEqual(arrived, [['1', r.userAgent], ['2', r.userAgent]]);
});
