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

/** A result as JSON text, keeping -0 apart from 0. */
const text = (v) => JSON.stringify(v, (_, x) => (Object.is(x, -0) ? '-0 (negative zero)' : x));

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
    result = { value: text(await taken.promise) };
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

test('success replies JS reads itself and those it leaves to Rust agree with the async path', async () => {
  const item = (extra) => `{"type":"SLACK","channelName":"alerts",${extra}}`;
  const deep = (n) => `${'['.repeat(n)}1${']'.repeat(n)}`;
  const items = [
    item('"n":1.0,"m":1e2,"o":-0,"p":0.1,"q":123456789012345678,"r":-12,"s":1E400'),
    item('"n":-0.0'),
    item('"o":-0'),
    item('"e":"\\u00e9\\ud83d\\ude00","t":"tab\\there","q":"quote\\"d\\\\"'),
    item('"lone":"\\ud800x"'),
    item('"__proto__":{"polluted":true},"z":1'),
    item('"k":1,"k":2'),
    item('"10":1,"9":2,"a":3,"B":4,"_":5,"é":6,"😀":7,"\\uffff":8'),
    item(`"deep":${deep(99)}`),
    item(`"deep":${deep(130)}`),
    item('"nested":{"b":[{"z":1,"a":null}],"a":{"y":true,"x":false}}'),
    item('"big":9007199254740993,"safe":999999999999999,"neg":-999999999999999'),
    item('"huge":123456789012345678901234567890123,"low":-9223372036854775809,"u":18446744073709551616'),
    '{"type":5}',
    '["SLACK"]',
    '{"status":200,"content":{"type":"SLACK","b":1,"a":2}}',
    '{"status":"ok","type":"SLACK"}',
    '  {"type":"SLACK"}  ',
    '{"type":"SLACK"} x',
    '',
    'null',
  ];
  for (const body of items) {
    await same(`get ${body.slice(0, 60)}`, [{ body, headers: { 'Content-Type': 'application/json' } }], (c, o) => c.get(GROUP, 'SLACK', o));
  }
  const r = (x) => `{"id":"x","type":"SLACK"${x}}`;
  const pages = [
    `{"results":[${r('')}],"totalCount":1,"links":[{"href":"h","rel":"self","x":1}]}`,
    `{"links":[{"href":"h"}],"results":[${r(',"b":1,"a":2')},${r(',"n":1.5')}]}`,
    `{"results":[],"totalCount":null,"links":null,"extra":{"z":1}}`,
    `{"results":[],"totalCount":-1}`,
    `{"results":[],"totalCount":1.5}`,
    `{"results":[],"totalCount":"1"}`,
    `{"results":[],"links":[{"rel":"self"}]}`,
    `{"results":[],"links":[{"href":"h","rel":7}]}`,
    `{"results":[],"links":{"href":"h"}}`,
    `{"results":[],"links":["h"]}`,
    `{"results":[{"id":"x"}]}`,
    `{"results":[["SLACK"]]}`,
    `{"results":{"type":"SLACK"}}`,
    `{"status":200,"results":[${r('')}],"totalCount":1}`,
    `{"status":404,"content":{"errorCode":"X","detail":"d"}}`,
    `{"totalCount":0}`,
  ];
  for (const body of pages) {
    await same(`list ${body.slice(0, 60)}`, [{ body, headers: { 'Content-Type': 'application/json' } }], (c, o) => c.list(GROUP, o));
    await same(`upsert ${body.slice(0, 60)}`, [{ body, headers: { 'Content-Type': 'application/json' } }], (c, o) => c.upsert(GROUP, SLACK, o));
  }
  for (const body of ['', '{}', 'not json', '{"status":404,"content":{"errorCode":"INTEGRATION_NOT_CONFIGURED"}}', '{"status":"x"}']) {
    await same(`delete ${body}`, [{ body, headers: { 'Content-Type': 'application/json' } }], (c, o) => c.delete(GROUP, 'SLACK', o));
  }
});

test('one operation to many projects: each request built for its own project', async () => {
  const projects = Array.from({ length: 6 }, (_, i) => (0xabc000 + i).toString(16).padStart(24, '0'));
  const script = (req) => (req.method === 'POST' && req.url.endsWith('/SLACK') && req.url.includes(projects[2]) ? { status: 409, json: CONFLICT } : { json: PAGE });
  const run = async (fast) => {
    const srv = await startFaultServer(script);
    servers.add(srv);
    const c = new AtlasClient({ baseUrl: srv.url, token: TOKEN, retries: { baseDelayMs: 10 } });
    const o = fast ? undefined : {};
    const body = { ...SLACK };
    const out = [];
    const settle = (p) => p.then(text, (e) => errorData(e, srv.url));
    for (const g of projects) out.push(await settle(c.upsert(g, body, o)));
    out.push(await settle(c.upsert('NOT-A-PROJECT', body, o)));
    body.channelName = 'changed'; // the same object, changed: a new request
    out.push(await settle(c.create(projects[0], body, o)));
    out.push(await settle(c.create(projects[0], { ...body, apiToken: '******abcd' }, o)));
    for (const g of projects.slice(0, 3)) out.push(await settle(c.get(g, 'SLACK', o)), await settle(c.delete(g, 'SLACK', o)));
    out.push(await settle(c.get(projects[0], 'NOPE', o)), await settle(c.get(projects[0].toUpperCase(), 'SLACK', o)));
    c.free();
    return { out, requests: srv.requests.map((r) => [r.method, r.url, r.body]) };
  };
  const fast = await run(true);
  const slow = await run(false);
  assert.deepEqual(fast, slow);
  assert.deepEqual(fast.requests.slice(0, 7).map((r) => r[0]), ['POST', 'POST', 'POST', 'PUT', 'POST', 'POST', 'POST']);
  const sentTo = [0, 1, 2, 2, 3, 4, 5].map((i) => projects[i]);
  assert.deepEqual(fast.requests.slice(0, 7).map((r) => r[1].split('/')[5]), sentTo);
  assert.equal(JSON.parse(fast.requests[7][2]).channelName, 'changed');
});
