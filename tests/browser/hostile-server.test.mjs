// The hostile servers of tests/reliability/hostile-server.test.mjs, where the attack applies
// in headless Chromium: a huge body, a gzip bomb, redirects (which Chromium's fetch hides
// behind an opaque response of status 0 with `redirect: "manual"`), and echoed secrets. One
// server on 127.0.0.1 serves the page, the package and the API; the project id picks the
// attack. At the end the same client instance still works, the wasm memory is below the
// stated bound, and no canary secret appears in any error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { launchChromium, pageResult } from '../support/chromium.mjs';
import { PKG } from '../package/helpers.mjs';
import { streamBytes, gzipBomb } from '../reliability/support/hostile-servers.mjs';

const TOKEN = 'CANARYbrowser/"q\\b-0123456789';
const PAGE = { results: [], totalCount: 0, links: [] };
const GROUPS = { ok: '0'.repeat(24), huge: 'a'.repeat(24), bomb: 'b'.repeat(24), echo: 'c'.repeat(24) };
const REDIRECTS = [301, 302, 303, 307, 308];
const redirectGroup = (status) => String(status).padStart(24, '0');
const BOMB = gzipBomb(32 << 20);
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };

const HTML = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script>
  // The package's wasm instance, for its memory: recorded before any module loads.
  window.__instances = [];
  const streaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (...a) => { const r = await streaming.apply(WebAssembly, a); window.__instances.push(r.instance); return r; };
  const plain = WebAssembly.instantiate;
  WebAssembly.instantiate = async (...a) => { const r = await plain.apply(WebAssembly, a); window.__instances.push(r.instance ?? r); return r; };
</script>
<script type="module" src="/page.js"></script>`;

const SCRIPT = `
import { AtlasClient } from '/pkg/index.js';
const TOKEN = ${JSON.stringify(TOKEN)};
const GROUPS = ${JSON.stringify(GROUPS)};
const client = new AtlasClient({ baseUrl: location.origin, token: TOKEN, retries: { max: 0 } });
const texts = (e) => [String(e), e?.message, e?.stack, JSON.stringify(e), ...Reflect.ownKeys(e ?? {}).map((k) => { const v = e[k]; return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v); })].join('\\n');
const settle = async (f) => {
  try { return { ok: await f() }; }
  catch (e) { return { error: JSON.parse(JSON.stringify({ name: e?.name, code: e?.code, status: e?.status, redirectOrigin: e?.redirectOrigin, canary: texts(e).includes('CANARY') })) }; }
};
const out = { redirects: {} };
out.huge = await settle(() => client.list(GROUPS.huge));
out.bomb = await settle(() => client.list(GROUPS.bomb));
out.echo = await settle(() => client.update(GROUPS.echo, { type: 'WEBHOOK', url: 'https://hooks.example.com/CANARYurl-0123', secret: 'CANARYwh  sec "x" \\\\ y-42' }));
for (const status of ${JSON.stringify(REDIRECTS)}) {
  const group = String(status).padStart(24, '0');
  out.redirects[status] = {
    GET: await settle(() => client.get(group, 'SLACK')),
    POST: await settle(() => client.create(group, { type: 'SLACK', apiToken: 'xoxb-1111-2222-slacktokenvalue', channelName: 'alerts', teamName: 'ops' })),
  };
}
out.after = await settle(() => client.list(GROUPS.ok));
const memory = Object.values(window.__instances[0]?.exports ?? {}).find((e) => e instanceof WebAssembly.Memory);
out.memoryBytes = memory ? memory.buffer.byteLength : -1;
window.__result = out;
`;

let server;
let browser;
const stolen = [];
before(async () => {
  server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/index.html') return res.writeHead(200, { 'Content-Type': 'text/html' }).end(HTML);
    if (path === '/page.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(SCRIPT);
    if (path.startsWith('/steal')) {
      stolen.push(`${req.method} ${path}`);
      return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(PAGE));
    }
    if (path.startsWith('/pkg/')) {
      const file = normalize(join(PKG, path.slice('/pkg/'.length)));
      if (!file.startsWith(normalize(PKG))) return res.writeHead(403).end();
      try {
        const body = await readFile(file);
        return res.writeHead(200, { 'Content-Type': TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream' }).end(body);
      } catch {
        return res.writeHead(404).end();
      }
    }
    const group = /\/groups\/([0-9a-f]{24})\//.exec(path)?.[1];
    const status = REDIRECTS.find((s) => redirectGroup(s) === group);
    if (status) return res.writeHead(status, { Location: `/steal?from=${req.method}` }).end();
    if (group === GROUPS.huge) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      return streamBytes(res, 64 << 20);
    }
    if (group === GROUPS.bomb) return res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }).end(BOMB);
    if (group === GROUPS.echo) {
      let body = '';
      for await (const c of req) body += c;
      const credential = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      return res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({
        error: 400, errorCode: credential, detail: `you sent ${body}`, reason: credential, parameters: [{ [credential]: body }],
      }));
    }
    return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(PAGE));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.closeAllConnections?.();
  await new Promise((resolve) => server?.close(resolve));
});

test('hostile servers in Chromium: typed errors, no redirect followed, no canary, bounded memory, the client still works', { timeout: 90_000 }, async () => {
  const tab = await browser.newPage();
  const problems = [];
  tab.on('pageerror', (e) => problems.push(e.message));
  const r = await pageResult(tab, `http://127.0.0.1:${server.address().port}/index.html`, { timeout: 60_000 });
  await tab.close();
  assert.deepEqual(r.huge.error, { name: 'AtlasResponseError', code: 'response_too_large', status: 400, canary: false });
  assert.deepEqual(r.bomb.error, { name: 'AtlasResponseError', code: 'response_too_large', status: 200, canary: false });
  assert.equal(r.echo.error.name, 'AtlasApiError');
  assert.equal(r.echo.error.canary, false, 'no canary in the echo error');
  for (const status of REDIRECTS) {
    for (const method of ['GET', 'POST']) {
      // Chromium hides a manual redirect: an opaque response of status 0, no location.
      assert.deepEqual(r.redirects[status][method].error, { name: 'AtlasResponseError', code: 'unexpected_redirect', status: 0, canary: false }, `${status} ${method}`);
    }
  }
  assert.deepEqual(stolen, [], 'the redirect target never got a request');
  assert.deepEqual(r.after, { ok: PAGE });
  console.log(`# hostile servers (chromium): wasm memory ${(r.memoryBytes / (1 << 20)).toFixed(1)} MiB after the suite`);
  assert.ok(r.memoryBytes > 0 && r.memoryBytes < 24 << 20, `wasm memory ${r.memoryBytes} bytes stays under 24 MiB`);
  assert.deepEqual(problems, []);
});
