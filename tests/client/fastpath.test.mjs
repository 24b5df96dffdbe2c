// The client's two ways of driving a call (src/wasm/client/fast.rs): a call without options,
// or with an object literal of only `signal` and `timeoutMs`, on a client with a fixed
// token (or none) takes the fast path that JS drives in synchronous Rust steps; a call with
// other options (query options, or options that are not an object literal), or on a
// client with a token provider, service account or Digest keys, takes the async Rust path.
// Both must come to exactly the same thing: each scenario below runs once per path against
// its own fault server with the same script (the async path gets the same options in a
// class instance), and the results (as JSON text, key order included), the errors (every
// own property, the URL's port aside) and the requests the server saw (method, path, body,
// Authorization, exact attempt counts) must be equal.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AtlasClient, validateOperation } from 'atlas-integrations';
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

/** The same per-call options, not as an object literal: they keep the async path. */
class AsyncOptions {
  constructor(o) {
    Object.assign(this, o);
  }
}

/** Per-call options with a fresh signal that aborts (with `reason`) after `ms`. */
const abortAfter = (ms, reason, extra) => () => {
  const c = new AbortController();
  setTimeout(() => c.abort(reason), ms);
  return { signal: c.signal, ...extra };
};

async function outcome(script, options, call, fast, callOptions) {
  const srv = await startFaultServer(script, { repeatLast: true });
  servers.add(srv);
  const client = new AtlasClient({ baseUrl: srv.url, token: TOKEN, timeoutMs: 5000, retries: { baseDelayMs: 10, maxDelayMs: 5000 }, ...options });
  const o = callOptions === undefined ? undefined : callOptions();
  const taken = pathOf(() => call(client, fast ? o : new AsyncOptions(o)));
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

/**
 * Runs `call(client, options)` on both paths and asserts they agree. `callOptions` makes
 * the per-call options (once per path: each gets its own signal); none by default.
 */
async function same(label, script, call, options = {}, callOptions = undefined) {
  const fast = await outcome(script, options, call, true, callOptions);
  const slow = await outcome(script, options, call, false, callOptions);
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
  for (const o of [undefined, new AsyncOptions({})]) {
    const err = await c.get(GROUP, 'SLACK', o).then(() => assert.fail('resolved'), (e) => e);
    assertAtlasError(err, 'AtlasApiError', 'api_error');
    assert.equal(err.status, 404);
  }
  c.free();
});

test('a client freed while a call is in flight still finishes it, on both paths', async () => {
  const srv = await startFaultServer([{ delay: 50, json: ITEM }], { repeatLast: true });
  servers.add(srv);
  for (const o of [undefined, new AsyncOptions({})]) {
    const c = new AtlasClient({ baseUrl: srv.url, token: TOKEN });
    const pending = c.get(GROUP, 'SLACK', o);
    c.free();
    assert.equal((await pending).channelName, 'alerts');
    const err = await c.get(GROUP, 'SLACK', o).then(() => assert.fail('resolved'), (e) => e);
    assertAtlasError(err, 'AtlasConfigError', 'client_freed');
  }
});

test('a client freed while a call sent from a template is in flight still finishes it', async () => {
  const UNAVAILABLE = api(503, 'SERVICE_UNAVAILABLE', 'later');
  const other = GROUP.replace('5f', '6f');
  const srv = await startFaultServer([{ json: ITEM }, { delay: 50, status: 503, json: UNAVAILABLE }, { json: ITEM }, { status: 409, json: CONFLICT }, { json: PAGE }, { delay: 50, status: 409, json: CONFLICT }, { json: PAGE }]);
  servers.add(srv);
  const c = new AtlasClient({ baseUrl: srv.url, token: TOKEN, retries: { baseDelayMs: 10 } });
  await c.get(GROUP, 'SLACK'); // makes the template
  const pending = c.get(other, 'SLACK'); // sent from it: a 503 (after the free), then an answer
  c.free();
  assert.equal((await pending).channelName, 'alerts');
  const u = new AtlasClient({ baseUrl: srv.url, token: TOKEN });
  await u.upsert(GROUP, SLACK); // makes the template (a 409, then an update)
  const upsert = u.upsert(other, SLACK); // from it: a 409, then its update
  u.free();
  assert.equal((await upsert).results.length, PAGE.results.length);
  assert.deepEqual(srv.requests.map((r) => [r.method, r.url.split('/')[5]]), [['GET', GROUP], ['GET', other], ['GET', other], ['POST', GROUP], ['PUT', GROUP], ['POST', other], ['PUT', other]]);
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
  const run = async (fast, options) => {
    const srv = await startFaultServer(script);
    servers.add(srv);
    const c = new AtlasClient({ baseUrl: srv.url, token: TOKEN, retries: { baseDelayMs: 10 } });
    const o = fast ? options : new AsyncOptions(options);
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
  const signal = new AbortController().signal;
  assert.deepEqual(await run(true, { signal, timeoutMs: 2000 }), fast, 'with a signal and a timeout');
  assert.deepEqual(await run(false, { signal, timeoutMs: 2000 }), fast);
  assert.deepEqual(fast.requests.slice(0, 7).map((r) => r[0]), ['POST', 'POST', 'POST', 'PUT', 'POST', 'POST', 'POST']);
  const sentTo = [0, 1, 2, 2, 3, 4, 5].map((i) => projects[i]);
  assert.deepEqual(fast.requests.slice(0, 7).map((r) => r[1].split('/')[5]), sentTo);
  assert.equal(JSON.parse(fast.requests[7][2]).channelName, 'changed');
});

test('calls with a signal or timeoutMs: the same results on both paths', async () => {
  const live = () => ({ signal: new AbortController().signal });
  const variants = [live, () => ({ timeoutMs: 1000 }), () => ({ timeoutMs: 0 }), () => ({ ...live(), timeoutMs: 0 }), () => ({ signal: null, timeoutMs: null }), () => ({ timeoutMs: -0 }), () => ({})];
  for (const [i, o] of variants.entries()) {
    await same(`get ${i}`, [{ json: ITEM }], (c, x) => c.get(GROUP, 'SLACK', x), {}, o);
    await same(`list ${i}`, [{ json: PAGE }], (c, x) => c.list(GROUP, x), {}, o);
    await same(`delete ${i}`, [{ status: 204 }], (c, x) => c.delete(GROUP, 'SLACK', x), {}, o);
    const up = await same(`upsert ${i}`, [{ status: 409, json: CONFLICT }, { json: PAGE }], (c, x) => c.upsert(GROUP, SLACK, x), {}, o);
    assert.deepEqual(up.requests.map((x) => x[0]), ['POST', 'PUT']);
  }
  const UNAVAILABLE = api(503, 'SERVICE_UNAVAILABLE', 'later');
  const r = await same('retries with a signal', [{ status: 503, json: UNAVAILABLE }, { status: 503, json: UNAVAILABLE }, { json: ITEM }], (c, x) => c.get(GROUP, 'SLACK', x), {}, live);
  assert.equal(r.requests.length, 3);
});

test('aborts: before, during a request, during a retry wait, on both paths', async () => {
  const get = (c, x) => c.get(GROUP, 'SLACK', x);
  const aborted = (reason) => () => {
    const c = new AbortController();
    c.abort(reason);
    return { signal: c.signal };
  };
  const cases = [
    ['already aborted', [{ json: ITEM }], get, aborted(), 0],
    ['already aborted with a reason', [{ json: ITEM }], get, aborted(new Error('stop')), 0],
    ['already aborted, no timeout', [{ json: ITEM }], get, () => ({ ...aborted()(), timeoutMs: 0 }), 0],
    ['already aborted, upsert', [{ json: PAGE }], (c, x) => c.upsert(GROUP, SLACK, x), aborted(), 0],
    ['during a request', [{ delay: 400, json: ITEM }], get, abortAfter(60), 1],
    ['during a request, no timeout', [{ delay: 400, json: ITEM }], get, abortAfter(60, 'why', { timeoutMs: 0 }), 1],
    ['a TimeoutError as the reason', [{ delay: 400, json: ITEM }], get, abortAfter(60, new DOMException('t', 'TimeoutError')), 1],
    ['AbortSignal.timeout as the signal', [{ delay: 400, json: ITEM }], get, () => ({ signal: AbortSignal.timeout(60) }), 1],
    ['during a delete', [{ delay: 400, status: 204 }], (c, x) => c.delete(GROUP, 'SLACK', x), abortAfter(60), 1],
    ['during a retry wait', [{ status: 503, json: api(503, 'SERVICE_UNAVAILABLE', 'later') }, { json: ITEM }], get, abortAfter(150), 1, { retries: { baseDelayMs: 1000, maxDelayMs: 1000 } }],
    ['during a Retry-After wait', [{ status: 429, headers: { 'Retry-After': '1' }, json: api(429, 'RATE_LIMITED', 'slow') }, { json: ITEM }], get, abortAfter(150), 1],
    ['during an upsert\'s update', [{ status: 409, json: CONFLICT }, { delay: 400, json: PAGE }], (c, x) => c.upsert(GROUP, SLACK, x), abortAfter(150), 2],
  ];
  for (const [label, script, call, o, attempts, options] of cases) {
    const r = await same(label, script, call, options, o);
    assert.equal(r.error?.name, 'AtlasAbortError', `${label}: ${JSON.stringify(r)}`);
    assert.equal(r.requests.length, attempts, `${label}: attempts`);
  }
});

test('per-call timeouts on both paths', async () => {
  const get = (c, x) => c.get(GROUP, 'SLACK', x);
  let r = await same('timeoutMs 60', [{ delay: 1000, json: ITEM }], get, {}, () => ({ timeoutMs: 60 }));
  assert.equal(r.error.name, 'AtlasTimeoutError');
  assert.equal(r.error.timeoutMs, 60);
  assert.equal(r.requests.length, 1, 'a timeout is not retried');
  r = await same('timeoutMs 60 with a signal', [{ delay: 1000, json: ITEM }], get, {}, abortAfter(5000, undefined, { timeoutMs: 60 }));
  assert.equal(r.error.timeoutMs, 60);
  r = await same('the client timeout', [{ delay: 1000, json: ITEM }], get, { timeoutMs: 60 }, () => ({ signal: new AbortController().signal }));
  assert.equal(r.error.timeoutMs, 60);
  r = await same('timeoutMs 0: none', [{ delay: 150, json: ITEM }], get, { timeoutMs: 60 }, () => ({ timeoutMs: 0 }));
  assert.ok(r.value);
  r = await same('timeoutMs above the client\'s', [{ delay: 150, json: ITEM }], get, { timeoutMs: 60 }, () => ({ timeoutMs: 2000 }));
  assert.ok(r.value);
  r = await same('a timeout in an upsert\'s update', [{ status: 409, json: CONFLICT }, { delay: 1000, json: PAGE }], (c, x) => c.upsert(GROUP, SLACK, x), {}, () => ({ timeoutMs: 100 }));
  assert.equal(r.error.timeoutMs, 100);
  assert.deepEqual(r.requests.map((x) => x[0]), ['POST', 'PUT']);
});

test('invalid options are reported as on the async path, before or after the arguments', async () => {
  const get = (g) => (c, x) => c.get(g, 'SLACK', x);
  const bad = [{ signal: 5 }, { signal: {} }, { signal: new EventTarget() }, { timeoutMs: -1 }, { timeoutMs: 1.5 }, { timeoutMs: '5' }, { timeoutMs: NaN }, { timeoutMs: 2 ** 31 }];
  for (const o of bad) {
    const label = `options ${String(o.signal)} ${String(o.timeoutMs)}`;
    await same(label, [{ json: ITEM }], get(GROUP), {}, () => o);
    await same(`${label}, invalid project`, [{ json: ITEM }], get('nothex'), {}, () => o);
    await same(`${label}, body not JSON`, [{ json: PAGE }], (c, x) => c.create(GROUP, { type: 'SLACK', n: 1n }, x), {}, () => o);
  }
});

test('query options, and options that are not object literals, keep the async path; each option is read once', async () => {
  const srv = await startFaultServer([{ json: ITEM }], { repeatLast: true });
  servers.add(srv);
  const c = new AtlasClient({ baseUrl: srv.url, token: TOKEN });
  const reads = [];
  const counted = (values) => Object.defineProperties({}, Object.fromEntries(['pretty', 'envelope', 'signal', 'timeoutMs'].map((k) => [k, { get: () => (reads.push(k), values[k]), enumerable: true }])));
  for (const [label, o, fast] of [
    ['pretty', { pretty: true }, false],
    ['envelope false', { envelope: false }, false],
    ['a class instance', new AsyncOptions({ timeoutMs: 100 }), false],
    ['a null-prototype object', Object.assign(Object.create(null), { timeoutMs: 100 }), false],
    ['getters, fast', counted({ timeoutMs: 100 }), true],
    ['getters, a query option', counted({ pretty: true, timeoutMs: 100 }), false],
    ['getters, an invalid timeout', counted({ timeoutMs: -5 }), false],
  ]) {
    reads.length = 0;
    const taken = pathOf(() => c.get(GROUP, 'SLACK', o));
    assert.equal(taken.fast, fast, label);
    await taken.promise.catch(() => {});
    if (reads.length) assert.deepEqual(reads, ['pretty', 'envelope', 'signal', 'timeoutMs'], `${label}: each option read once, in order`);
  }
  const urls = srv.requests.map((r) => r.url.split('?')[1] ?? '');
  assert.deepEqual(urls, ['pretty=true', 'envelope=false', '', '', '', 'pretty=true']);
  c.free();
});

test('applyToProjects with a signal takes the fast path and ends as the async path does', async () => {
  const projects = Array.from({ length: 6 }, (_, i) => (0xdef000 + i).toString(16).padStart(24, '0'));
  const run = async (token) => {
    const controller = new AbortController();
    // The fourth project's request aborts the run while it is in flight.
    const srv = await startFaultServer((req) => {
      if (req.url.includes(projects[3])) controller.abort();
      return req.url.includes(projects[1]) ? { status: 400, json: api(400, 'INVALID_ATTRIBUTE', 'bad') } : { delay: 20, json: PAGE };
    });
    servers.add(srv);
    const c = new AtlasClient({ baseUrl: srv.url, token });
    const taken = pathOf(() => c.applyToProjects(projects, SLACK, { concurrency: 1, mode: 'upsert', signal: controller.signal }));
    const results = (await taken.promise).results.map((x) => (x.ok ? x : { ...x, error: errorData(x.error, srv.url) }));
    c.free();
    return { results, requests: srv.requests.map((r) => [r.method, r.url, r.body]), fast: taken.fast };
  };
  const fast = await run(TOKEN);
  const slow = await run(() => TOKEN); // a token provider: always the async path
  assert.equal(fast.fast, true);
  assert.equal(slow.fast, false);
  assert.deepEqual({ ...fast, fast: 0 }, { ...slow, fast: 0 });
  assert.deepEqual(fast.results.map((x) => x.ok || x.error.name), [true, 'AtlasApiError', true, 'AtlasAbortError', 'AtlasAbortError', 'AtlasAbortError']);
  assert.equal(fast.requests.length, 4);
});

test('a template never sends a request for a project id that Rust refuses, and sends every one it accepts', async () => {
  // fast.js recognises the project ids it may put into a template's URL itself (so that a
  // bulk run never enters wasm); Rust's validateOperation is the rule it must not widen.
  const real = globalThis.fetch;
  const sent = [];
  globalThis.fetch = async (url) => {
    sent.push(String(url));
    return new Response(JSON.stringify(ITEM), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  try {
    const client = new AtlasClient({ baseUrl: 'http://127.0.0.1:9', token: TOKEN, retries: { max: 0 } });
    await client.get(GROUP, 'SLACK'); // makes the template
    let seed = 7;
    const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const chars = ['0', '7', '9', 'a', 'f', 'A', 'F', 'g', 'z', ' ', '\n', '/', '%', '\u0660', '\uff10', 'é', '😀'];
    const ids = [GROUP, GROUP.toUpperCase(), `${GROUP} `, GROUP.slice(1), `${GROUP}0`, ''];
    for (let k = 0; k < 1500; k += 1) {
      const base = [...GROUP];
      for (let m = Math.floor(r() * 3); m > 0; m -= 1) base[Math.floor(r() * base.length)] = chars[Math.floor(r() * chars.length)];
      if (r() < 0.2) base.splice(Math.floor(r() * base.length), r() < 0.5 ? 1 : 0, '0');
      ids.push(k % 3 === 0 ? Array.from({ length: 24 }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('') : base.join(''));
    }
    let accepted = 0;
    for (const id of ids) {
      const rustAccepts = !validateOperation({ op: 'get', groupId: id, integrationType: 'SLACK' }).some((i) => i.severity === 'error');
      const before = sent.length;
      const outcome = await client.get(id, 'SLACK').then(() => 'ok', (e) => e.name);
      const didSend = sent.length > before;
      assert.equal(didSend, rustAccepts, `${JSON.stringify(id)}: sent ${didSend}, Rust accepts ${rustAccepts} (${outcome})`);
      if (didSend) {
        accepted += 1;
        assert.equal(sent.at(-1), `http://127.0.0.1:9/api/atlas/v2/groups/${id}/integrations/SLACK`);
      } else {
        assert.equal(outcome, 'AtlasValidationError', JSON.stringify(id));
      }
    }
    assert.ok(accepted >= 400 && accepted < ids.length, `both kinds of id were tried (${accepted} of ${ids.length} accepted)`);
  } finally {
    globalThis.fetch = real;
  }
});

test('every query option of the shipped declarations sends a list down the async path', async () => {
  // fast.js lists the query options it leaves to the async path (PAGED, SINGLE, as in
  // src/wasm/client.rs); one it did not know would be dropped silently on the fast path.
  const dts = readFileSync(new URL('../../pkg/web/atlas_integrations.d.ts', import.meta.url), 'utf8');
  const query = /^export interface Query \{([\s\S]*?)^\}/m.exec(dts)?.[1] ?? '';
  const keys = [...query.matchAll(/^ +(\w+)\?:/gm)].map((m) => m[1]);
  assert.ok(keys.length >= 5, `Query options read from the declarations: ${keys}`);
  const real = globalThis.fetch;
  globalThis.fetch = async () => new Response(JSON.stringify(PAGE), { status: 200, headers: { 'content-type': 'application/json' } });
  try {
    const client = new AtlasClient({ baseUrl: 'http://127.0.0.1:9', token: TOKEN });
    assert.equal(pathOf(() => client.list(GROUP, {})).fast, true, 'a list with no query option takes the fast path');
    for (const key of keys) {
      const value = key === 'pageNum' || key === 'itemsPerPage' ? 1 : true;
      const { promise, fast } = pathOf(() => client.list(GROUP, { [key]: value }));
      await promise;
      assert.equal(fast, false, `list with ${key} takes the async path`);
    }
  } finally {
    globalThis.fetch = real;
  }
});
