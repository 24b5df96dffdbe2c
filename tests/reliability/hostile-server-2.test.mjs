// Hostile servers, second round (what issue 16's suite missed): a secret echoed in the forms
// HTML pages, Python and URL encoders write it in; one 429 whose bucket figures would stall
// every later call of the client; a service-account token the server stops accepting.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { AtlasClient } from 'atlas-integrations';
import { serve } from './support/hostile-servers.mjs';
import { GROUP } from '../client/support/bodies.mjs';

const PAGE = { results: [], totalCount: 0, links: [] };
const servers = [];
after(() => Promise.all(servers.map((s) => s.close())));
async function server(handler) {
  const s = await serve(handler);
  servers.push(s);
  return s;
}
const json = (res, status, value) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(typeof value === 'string' ? value : JSON.stringify(value));
};

/** Every text an error shows. */
function everyText(err) {
  const seen = [String(err), err?.message, err?.stack, JSON.stringify(err)];
  for (const key of Reflect.ownKeys(err ?? {})) {
    const v = err[key];
    seen.push(typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));
  }
  return seen.join('\n');
}

const SECRET = 'CANARYwh sec&"x"<y>\'/é+z!(1)*-42';
const WEBHOOK = { type: 'WEBHOOK', url: 'https://hooks.example.com/hook-0123', secret: SECRET };
const html = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');
const asciiJson = (s) => JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const ECHOES = {
  'an HTML 502 page (entities)': [502, 'text/html', (s) => `<html><body><h1>Bad Gateway</h1><p>${html(s)}</p></body></html>`],
  'an HTML-escaped JSON detail': [400, 'application/json', (s) => JSON.stringify({ error: 400, errorCode: 'INVALID', detail: `bad ${html(s)}` })],
  'form-urlencoded (+ for a space)': [500, 'text/plain', (s) => `secret=${new URLSearchParams({ s }).toString().slice(2)}`],
  'percent-encoded in lowercase hex': [500, 'text/plain', (s) => `q=${encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`],
  'encodeURIComponent': [500, 'text/plain', (s) => `q=${encodeURIComponent(s)}`],
  "Python's ASCII-only JSON in a text": [500, 'text/plain', (s) => `detail=${asciiJson(s)}`],
};
for (const [label, [status, type, echo]] of Object.entries(ECHOES)) {
  test(`a secret echoed as ${label} is scrubbed`, async () => {
    const srv = await server((req, res) => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(echo(SECRET));
    });
    const client = new AtlasClient({ baseUrl: srv.url, token: 'tok-0123456789', retries: { max: 0 } });
    const err = await client.update(GROUP, WEBHOOK).then(() => null, (e) => e);
    assert.ok(err instanceof Error && err.status === status, String(err));
    assert.doesNotMatch(everyText(err), /CANARY/);
  });
}

test('one 429 claiming a bucket slower than the wait cap does not stall every later call', { timeout: 30_000 }, async () => {
  let n = 0;
  const srv = await server((req, res) => {
    n += 1;
    if (n === 1) {
      return json(res, 429, { error: 429, errorCode: 'RATE_LIMITED_TOKEN_BUCKET', detail: 'slow down', parameters: ['api/atlas/v2', 0, 1, 1, 1_000_000] });
    }
    return json(res, 200, PAGE);
  });
  let waits = 0;
  // A cap of 20 ms: believed, the bucket made each later call wait 100 x 20 ms (with the
  // default cap, 100 x 30 s = 50 minutes).
  const client = new AtlasClient({ baseUrl: srv.url, token: 'tok-0123456789', retries: { max: 0, maxDelayMs: 20 }, pacing: { maxDelayMs: 20 }, onRateLimit: () => { waits += 1; } });
  await assert.rejects(client.list(GROUP), { name: 'AtlasApiError', status: 429 });
  waits = 0;
  for (let i = 0; i < 3; i += 1) assert.deepEqual(await client.list(GROUP), PAGE);
  assert.ok(waits <= 1, `at most the pause after the 429 (${waits} waits)`);
});

test('a service-account token the server refuses is exchanged again, once a call', async () => {
  let issued = 0;
  let refuseAll = false;
  const srv = await server((req, res) => {
    if (req.url.startsWith('/api/oauth/token')) {
      issued += 1;
      return json(res, 200, { access_token: `issued-token-${issued}-abcdef`, token_type: 'Bearer', expires_in: 3600 });
    }
    if (refuseAll || req.headers.authorization === 'Bearer issued-token-1-abcdef') {
      return json(res, 401, { error: 401, errorCode: 'NOT_AUTHORIZED', detail: 'token revoked' });
    }
    return json(res, 200, PAGE);
  });
  const client = new AtlasClient({ baseUrl: srv.url, serviceAccount: { clientId: 'mdb_sa_id_x', clientSecret: 'mdb_sa_sk_x-0123456' }, retries: { max: 0 } });
  assert.deepEqual(await client.list(GROUP), PAGE);
  assert.deepEqual(await client.list(GROUP), PAGE);
  assert.equal(issued, 2, 'the refused token was replaced once, then the new one kept');
  // A server refusing every token: one more exchange and attempt per call, then the 401.
  refuseAll = true;
  const before = srv.hits.length;
  await assert.rejects(client.list(GROUP), { name: 'AtlasApiError', status: 401 });
  assert.equal(srv.hits.length - before, 3, 'the refused call, the exchange, the second attempt');
});
