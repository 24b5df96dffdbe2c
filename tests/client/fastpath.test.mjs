// The client's two ways of driving a call (src/wasm/client/fast.rs): a call without options
// on a client with a fixed token (or none) takes the fast path that JS drives in
// synchronous Rust steps; a call with an options object, or on a client with a token
// provider, service account or Digest keys, takes the async Rust path. Both must come to
// exactly the same thing: each scenario below runs once per path against its own fault
// server with the same script, and the results (as JSON text, key order included), the
// errors (every own property, the URL's port aside) and the requests the server saw
// (method, path, body, Authorization, exact attempt counts) must be equal.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { AtlasClient } from 'atlas-integrations';
import { startFaultServer } from '../support/fault-server.mjs';
import { assertAtlasError, trackUnhandledRejections, sleep } from './support/errors.mjs';
import { GROUP, PAGE, fullBodies } from './support/bodies.mjs';

const unhandled = trackUnhandledRejections();
const servers = new Set();
const TOKEN = 'fastpath-suite-token-7a1c';
const BODIES = fullBodies();
const SLACK = BODIES.SLACK;
const ITEM = { type: 'SLACK', teamName: 'ops', id: '65a1b2c3d4e5f60718293a4b', apiToken: '******abcd', channelName: 'alerts' };
const api = (status, errorCode, detail) => ({ error: status, errorCode, detail, reason: 'Reason', parameters: [] });
const CONFLICT = api(409, 'INTEGRATION_ALREADY_CONFIGURED', 'SLACK is already configured.');

after(async () => {
  await Promise.all([...servers].map((s) => s.close()));
  await sleep(50);
  unhandled.stop();
  assert.deepEqual(unhandled.seen, []);
});

/** Which path a call takes: the fast path calls fetch before the method returns. */
function pathOf(call) {
  const real = globalThis.fetch;
  let sync = false;
  let calls = 0;
  globalThis.fetch = (...args) => {
    calls += 1;
    return real(...args);
  };
  let promise;
  try {
    promise = call();
    sync = calls > 0;
  } finally {
    globalThis.fetch = real;
  }
  return { promise, fast: sync };
}

/** Own properties of an error, as comparable data (the server's URL replaced). */
function errorData(err, url) {
  const out = {};
  for (const k of Object.getOwnPropertyNames(err)) {
    if (k === 'stack') continue;
    out[k] = JSON.parse(JSON.stringify(err[k] ?? null).split(url).join('URL/'));
  }
  return out;
}

async function outcome(script, options, call, fast) {
  const srv = await startFaultServer(script, { repeatLast: true });
  servers.add(srv);
  const client = new AtlasClient({ baseUrl: srv.url, token: TOKEN, timeoutMs: 5000, retries: { baseDelayMs: 10, maxDelayMs: 5000 }, ...options });
  const taken = pathOf(() => call(client, fast ? undefined : {}));
  let result;
  try {
    result = { value: JSON.stringify(await taken.promise) };
  } catch (err) {
    assert.ok(err instanceof Error, `rejects with an Error: ${String(err)}`);
    result = { error: errorData(err, srv.url) };
  }
  await sleep(30); // a late extra attempt would show in the count
  result.requests = srv.requests.map((r) => [r.method, r.url, r.body, r.headers.authorization]);
  client.free();
  return { result, fast: taken.fast };
}

async function same(label, script, call, options = {}) {
  const fast = await outcome(script, options, call, true);
  const slow = await outcome(script, options, call, false);
  // (A call refused before sending calls no fetch on either path.)
  if (fast.result.requests.length > 0) {
    assert.equal(fast.fast, true, `${label}: the call without options takes the fast path`);
    assert.equal(slow.fast, false, `${label}: the call with options takes the async path`);
  }
  assert.deepEqual(fast.result, slow.result, label);
  return fast.result;
}

test('results are the same on both paths (key order included)', async () => {
  const got = await same('get', [{ json: ITEM }], (c, o) => c.get(GROUP, 'SLACK', o));
  assert.equal(got.value, JSON.stringify({ apiToken: '******abcd', channelName: 'alerts', id: ITEM.id, teamName: 'ops', type: 'SLACK' }));
  await same('list', [{ json: { ...PAGE, extra: 1 } }], (c, o) => c.list(GROUP, o));
  await same('create', [{ json: PAGE }], (c, o) => c.create(GROUP, SLACK, o));
  await same('update', [{ json: PAGE }], (c, o) => c.update(GROUP, SLACK, o));
  const deleted = await same('delete', [{ status: 204 }], (c, o) => c.delete(GROUP, 'SLACK', o));
  assert.equal(deleted.value, undefined);
  await same('envelope', [{ json: { status: 200, content: ITEM } }], (c, o) => c.get(GROUP, 'SLACK', o));
  await same('no credentials', [{ json: ITEM }], (c, o) => c.get(GROUP, 'SLACK', o), { token: undefined });
});

test('upsert: a create that finds the type configured becomes an update on both paths', async () => {
  const r = await same('409 then update', [{ status: 409, json: CONFLICT }, { json: PAGE }], (c, o) => c.upsert(GROUP, SLACK, o));
  assert.deepEqual(r.requests.map((x) => x[0]), ['POST', 'PUT']);
  const retried = await same('409, 503, then update', [{ status: 409, json: CONFLICT }, { status: 503, json: api(503, 'SERVICE_UNAVAILABLE', 'later') }, { json: PAGE }], (c, o) => c.upsert(GROUP, SLACK, o));
  assert.deepEqual(retried.requests.map((x) => x[0]), ['POST', 'PUT', 'PUT']);
  const failed = await same('409 then 400', [{ status: 409, json: CONFLICT }, { status: 400, json: api(400, 'INVALID_ATTRIBUTE', 'bad') }], (c, o) => c.upsert(GROUP, SLACK, o));
  assert.equal(failed.error.errorCode, 'INVALID_ATTRIBUTE');
});

test('retries: the same attempts, counted by the server, on both paths', async () => {
  const UNAVAILABLE = api(503, 'SERVICE_UNAVAILABLE', 'later');
  let r = await same('503, 503, 200', [{ status: 503, json: UNAVAILABLE }, { status: 503, json: UNAVAILABLE }, { json: ITEM }], (c, o) => c.get(GROUP, 'SLACK', o));
  assert.equal(r.requests.length, 3);
  r = await same('429 forever', [{ status: 429, headers: { 'Retry-After': '0' }, json: api(429, 'RATE_LIMITED', 'slow down') }], (c, o) => c.get(GROUP, 'SLACK', o), { retries: { max: 3, baseDelayMs: 10, maxDelayMs: 5000 } });
  assert.equal(r.requests.length, 4);
  assert.equal(r.error.retryAfterMs, 0);
  r = await same('Retry-After above the limit', [{ status: 429, headers: { 'Retry-After': '120' }, json: api(429, 'RATE_LIMITED', 'slow down') }], (c, o) => c.list(GROUP, o));
  assert.equal(r.requests.length, 1);
  r = await same('POST is never retried', [{ status: 503, json: UNAVAILABLE }], (c, o) => c.create(GROUP, SLACK, o));
  assert.equal(r.requests.length, 1);
  r = await same('resets', [{ fault: 'reset' }], (c, o) => c.get(GROUP, 'SLACK', o));
  assert.equal(r.requests.length, 3);
  assert.equal(r.error.name, 'AtlasNetworkError');
  r = await same('a body cut short, then an answer', [{ fault: 'truncate', json: ITEM }, { json: ITEM }], (c, o) => c.get(GROUP, 'SLACK', o));
  assert.equal(r.requests.length, 2);
  r = await same('retries off', [{ status: 503, json: UNAVAILABLE }], (c, o) => c.delete(GROUP, 'SLACK', o), { retries: { max: 0 } });
  assert.equal(r.requests.length, 1);
});

test('errors are the same on both paths, secrets redacted', async () => {
  const secret = SLACK.apiToken;
  const cases = [
    ['404', [{ status: 404, json: api(404, 'INTEGRATION_NOT_CONFIGURED', 'None.') }], (c, o) => c.get(GROUP, 'SLACK', o)],
    ['400 echoing the secrets', [{ status: 400, json: api(400, 'INVALID_ATTRIBUTE', `bad ${secret} with Bearer ${TOKEN}`) }], (c, o) => c.create(GROUP, SLACK, o)],
    ['proxy page', [{ fault: 'html' }], (c, o) => c.list(GROUP, o)],
    ['not JSON', [{ body: 'oops' }], (c, o) => c.get(GROUP, 'SLACK', o)],
    ['empty', [{ fault: 'empty' }], (c, o) => c.list(GROUP, o)],
    ['envelope error', [{ json: { status: 404, content: api(404, 'INTEGRATION_NOT_CONFIGURED', 'None.') } }], (c, o) => c.get(GROUP, 'SLACK', o)],
    ['timeout', [{ delay: 2000, json: ITEM }], (c, o) => c.get(GROUP, 'SLACK', o), { timeoutMs: 50, retries: { max: 0 } }],
    ['invalid project id', [], (c, o) => c.get('nothex', 'SLACK', o)],
    ['unknown type', [], (c, o) => c.delete(GROUP, 'NOPE', o)],
    ['masked secret', [], (c, o) => c.update(GROUP, { ...SLACK, apiToken: '******abcd' }, o)],
    ['not JSON-able', [], (c, o) => c.create(GROUP, { type: 'SLACK', n: 1n }, o)],
  ];
  for (const [label, script, call, options] of cases) {
    const r = await same(label, script, call, options);
    assert.ok(r.error, `${label} rejects`);
    const text = JSON.stringify(r.error);
    assert.ok(!text.includes(secret) && !text.includes(TOKEN), `${label}: no secret in ${text}`);
  }
});

test('calls on both paths reject with real Atlas errors', async () => {
  const srv = await startFaultServer([{ status: 404, json: api(404, 'INTEGRATION_NOT_CONFIGURED', 'None.') }], { repeatLast: true });
  servers.add(srv);
  const c = new AtlasClient({ baseUrl: srv.url, token: TOKEN });
  for (const o of [undefined, {}]) {
    const err = await c.get(GROUP, 'SLACK', o).then(() => assert.fail('resolved'), (e) => e);
    assertAtlasError(err, 'AtlasApiError', 'api_error');
    assert.equal(err.status, 404);
  }
  c.free();
});

test('a client freed while a call is in flight still finishes it, on both paths', async () => {
  const srv = await startFaultServer([{ delay: 50, json: ITEM }], { repeatLast: true });
  servers.add(srv);
  for (const o of [undefined, {}]) {
    const c = new AtlasClient({ baseUrl: srv.url, token: TOKEN });
    const pending = c.get(GROUP, 'SLACK', o);
    c.free();
    assert.equal((await pending).channelName, 'alerts');
    const err = await c.get(GROUP, 'SLACK', o).then(() => assert.fail('resolved'), (e) => e);
    assertAtlasError(err, 'AtlasConfigError', 'client_freed');
  }
});

test('token providers, service accounts and Digest keep the async path', async () => {
  const srv = await startFaultServer([{ json: ITEM }], { repeatLast: true });
  servers.add(srv);
  const provider = new AtlasClient({ baseUrl: srv.url, token: () => TOKEN });
  const digest = new AtlasClient({ baseUrl: srv.url, digest: { publicKey: 'pub', privateKey: 'priv-key-1' } });
  for (const c of [provider, digest]) {
    const taken = pathOf(() => c.get(GROUP, 'SLACK'));
    assert.equal(taken.fast, false);
    assert.equal((await taken.promise).channelName, 'alerts');
    c.free();
  }
});
