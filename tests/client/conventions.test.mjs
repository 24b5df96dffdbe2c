// Issue 19 points 3, 7 and 9: errors as JS users expect (classes for instanceof, abort
// cause, AbortSignal.timeout() as a timeout, the caller's frames in the stack), transport
// hooks (a custom fetch, onRequest/onResponse that see no secret, a default User-Agent), and
// secrets out of logs (plans, apply results and the client itself through util.inspect,
// console.log and JSON.stringify). Every server is on 127.0.0.1 (tests/support/fault-server.mjs).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { inspect, format } from 'node:util';
import { createRequire } from 'node:module';
import * as pkg from 'atlas-integrations';
import * as forms from 'atlas-integrations/forms';
import { faultServers } from '../support/fault-server.mjs';
import { rejectsWith, throwsWith } from './support/errors.mjs';
import { GROUP, PAGE } from './support/bodies.mjs';

const { AtlasClient } = pkg;
const TOKEN = 'conventions-canary-token-0123456789';
const SERVICE_KEY = 'deadbeefcafe0123456789abcdef0123'; // the canary secret (32 hex digits)
const servers = faultServers();
const server = servers.start;
after(servers.closeAll);

const NOT_CONFIGURED = { status: 404, json: { error: 404, errorCode: 'INTEGRATION_NOT_CONFIGURED', detail: 'No such integration.', parameters: [], reason: 'Not Found' } };

test('errors are instances of the exported classes, with AtlasError as their base, in every entry', async () => {
  const require = createRequire(import.meta.url);
  const cjs = require('atlas-integrations');
  const names = ['AtlasValidationError', 'AtlasApiError', 'AtlasNetworkError', 'AtlasTimeoutError', 'AtlasAbortError', 'AtlasResponseError', 'AtlasConfigError', 'AtlasAuthError'];
  for (const n of ['AtlasError', ...names]) {
    assert.equal(typeof pkg[n], 'function', `${n} is exported`);
    assert.equal(cjs[n], pkg[n], `${n}: the require and import entries export the same class`);
    if (n !== 'AtlasError') assert.ok(pkg[n].prototype instanceof pkg.AtlasError, `${n} extends AtlasError`);
  }
  const s = await server([NOT_CONFIGURED]);
  const client = new AtlasClient({ baseUrl: s.url, token: TOKEN });
  const api = await rejectsWith(client.get(GROUP, 'PAGER_DUTY'), 'AtlasApiError', 'api_error');
  assert.ok(api instanceof pkg.AtlasApiError && api instanceof pkg.AtlasError && api instanceof Error);
  assert.ok(!(api instanceof pkg.AtlasNetworkError));
  assert.equal(api.constructor, pkg.AtlasApiError);
  // Made by Rust at construction (the full module) and by the forms module.
  const config = throwsWith(() => new AtlasClient({ baseUrl: 'ftp://x' }), 'AtlasConfigError');
  assert.ok(config instanceof pkg.AtlasConfigError && config instanceof cjs.AtlasConfigError);
  const validation = throwsWith(() => pkg.buildRequest({ op: 'get', groupId: 'x', integrationType: 'NOPE' }), 'AtlasValidationError');
  assert.ok(validation instanceof pkg.AtlasValidationError);
  let formsError;
  try {
    forms.validateBody({ type: 'SLACK' }, { flavour: 'nope' });
  } catch (e) {
    formsError = e;
  }
  assert.ok(formsError instanceof pkg.AtlasConfigError, `the forms module's errors too: ${formsError}`);
  // Made by the glue: a call on a freed client.
  const freed = new AtlasClient({ baseUrl: s.url, token: TOKEN });
  freed.free();
  const misuse = await rejectsWith(freed.list(GROUP), 'AtlasConfigError', 'client_freed');
  assert.ok(misuse instanceof pkg.AtlasConfigError);
  // The guards still work on a plain Error named like one of ours.
  const named = Object.assign(new Error('x'), { name: 'AtlasApiError' });
  assert.equal(pkg.isAtlasApiError(named), true);
});

test('AtlasAbortError.cause is the signal\'s reason; AbortSignal.timeout() gives an AtlasTimeoutError', async () => {
  const s = await server(() => ({ delay: 5_000, json: PAGE }));
  const client = new AtlasClient({ baseUrl: s.url, token: TOKEN, retries: { max: 0 } });
  const controller = new AbortController();
  const reason = new Error('user navigated away');
  const pending = client.list(GROUP, { signal: controller.signal });
  // Aborted once the request has reached the server (no timing assumption).
  for (let i = 0; i < 500 && s.requests.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
  controller.abort(reason);
  const aborted = await rejectsWith(pending, 'AtlasAbortError', 'aborted');
  assert.equal(aborted.cause, reason);
  assert.ok(aborted instanceof pkg.AtlasAbortError);
  // Already aborted before the call: same cause.
  const early = new AbortController();
  early.abort('stop');
  const before = await rejectsWith(client.list(GROUP, { signal: early.signal }), 'AtlasAbortError', 'aborted');
  assert.equal(before.cause, 'stop');
  const timedOut = await rejectsWith(client.list(GROUP, { signal: AbortSignal.timeout(50) }), 'AtlasTimeoutError', 'timeout');
  assert.ok(timedOut instanceof pkg.AtlasTimeoutError);
  assert.equal(timedOut.cause?.name, 'TimeoutError');
  assert.equal(timedOut.method, 'GET');
  assert.match(timedOut.url, /\/groups\//);
});

test('an async error\'s stack has the caller\'s frames', async () => {
  const s = await server([NOT_CONFIGURED]);
  const client = new AtlasClient({ baseUrl: s.url, token: TOKEN });
  async function myDashboardLoader() {
    return client.get(GROUP, 'PAGER_DUTY');
  }
  const err = await rejectsWith(myDashboardLoader(), 'AtlasApiError');
  assert.match(err.stack, /myDashboardLoader/);
  assert.match(err.stack, /conventions\.test\.mjs/);
  assert.match(err.stack, /^AtlasApiError: /);
});

test('an async error\'s stack has the caller\'s frames several calls deep, not the module\'s', async () => {
  // The origin is made before wasm is entered: when Rust made it, the module's own frames
  // took most of V8's 10 and only the nearest caller was left.
  const s = await server([NOT_CONFIGURED]);
  const client = new AtlasClient({ baseUrl: s.url, token: TOKEN });
  const level4 = () => client.get(GROUP, 'PAGER_DUTY');
  const level3 = () => level4();
  const level2 = () => level3();
  const level1 = () => level2();
  const err = await rejectsWith(level1(), 'AtlasApiError');
  const called = err.stack.slice(err.stack.indexOf('--- called from ---'));
  for (const name of ['level4', 'level3', 'level2', 'level1']) assert.match(called, new RegExp(`\\b${name}\\b`), err.stack);
  assert.doesNotMatch(called, /wasm-function|wasm:\/\//, err.stack);
});

test('a custom fetch sends every request; what it throws is an AtlasNetworkError', async () => {
  const s = await server([{ json: PAGE }, { json: PAGE }]);
  const seen = [];
  const client = new AtlasClient({
    baseUrl: 'https://cloud.mongodb.com',
    token: TOKEN,
    // A proxy in miniature: sends the request to the local server instead.
    fetch: (request) => {
      seen.push(request);
      const url = new URL(request.url);
      return fetch(new Request(`${s.url}${url.pathname}${url.search}`, request));
    },
  });
  const page = await client.list(GROUP);
  assert.equal(page.totalCount, 1);
  assert.equal(seen.length, 1);
  assert.ok(seen[0] instanceof Request);
  assert.equal(seen[0].headers.get('authorization'), `Bearer ${TOKEN}`);
  assert.equal(s.requests.length, 1);
  for (const bad of [() => { throw new Error('boom'); }, async () => ({ status: 200 }), () => Promise.reject(new TypeError('x'))]) {
    const c = new AtlasClient({ baseUrl: 'https://cloud.mongodb.com', token: TOKEN, fetch: bad, retries: { max: 0 } });
    await rejectsWith(c.list(GROUP), 'AtlasNetworkError', 'network_error');
  }
  throwsWith(() => new AtlasClient({ baseUrl: s.url, token: TOKEN, fetch: 'no' }), 'AtlasConfigError', 'invalid_option');
});

test('onRequest and onResponse see method, URL, status and timing, never a secret', async () => {
  const s = await server([{ status: 503, json: { error: 503, errorCode: 'SERVICE_UNAVAILABLE' } }, { json: PAGE }, NOT_CONFIGURED, { json: PAGE }]);
  const events = [];
  const client = new AtlasClient({
    baseUrl: s.url,
    token: TOKEN,
    retries: { max: 2, baseDelayMs: 1, maxDelayMs: 5 },
    onRequest: (e) => events.push(['request', e]),
    onResponse: (e) => {
      events.push(['response', e]);
      throw new Error('a throwing hook is ignored');
    },
  });
  await client.list(GROUP);
  const body = { type: 'PAGER_DUTY', serviceKey: SERVICE_KEY, region: 'US' };
  await client.apply(GROUP, body);
  const kinds = events.map(([k, e]) => `${k} ${e.method} ${e.attempt}${e.status === undefined ? '' : ` ${e.status}`}`);
  assert.deepEqual(kinds, ['request GET 0', 'response GET 0 503', 'request GET 1', 'response GET 1 200', 'request GET 0', 'response GET 0 404', 'request POST 0', 'response POST 0 200']);
  for (const [, e] of events) {
    assert.ok(e.url.startsWith(new URL(`/api/atlas/v2/groups/${GROUP}/integrations`, s.url).href), e.url);
    if ('durationMs' in e) assert.ok(Number.isInteger(e.durationMs) && e.durationMs >= 0);
  }
  const everything = JSON.stringify(events) + inspect(events, { depth: 10 });
  assert.doesNotMatch(everything, /canary|deadbeefcafe/);
});

test('requests carry User-Agent: atlas-integrations/<version> in Node, unless the caller sets one', async () => {
  const s = await server([{ json: PAGE }, { json: PAGE }]);
  await new AtlasClient({ baseUrl: s.url, token: TOKEN }).list(GROUP);
  assert.equal(s.requests[0].headers['user-agent'], `atlas-integrations/${pkg.version()}`);
  await new AtlasClient({ baseUrl: s.url, token: TOKEN, headers: { 'User-Agent': 'my-tool/1' } }).list(GROUP);
  assert.equal(s.requests[1].headers['user-agent'], 'my-tool/1');
});

/** What console.log prints for `value`. */
function logged(value) {
  const lines = [];
  const original = console.log;
  console.log = (...args) => lines.push(format(...args));
  try {
    console.log(value);
  } finally {
    console.log = original;
  }
  return lines.join('\n');
}

test('plans and apply results show their secrets redacted in logs, yet plan.body reads them', async () => {
  const body = { type: 'PAGER_DUTY', serviceKey: SERVICE_KEY, region: 'US' };
  const offline = pkg.planChanges(body, null);
  const s = await server([NOT_CONFIGURED, NOT_CONFIGURED, { json: { ...PAGE, results: [] } }]);
  const client = new AtlasClient({ baseUrl: s.url, token: TOKEN });
  const plan = await client.plan(GROUP, body);
  const applied = await client.apply(GROUP, body);
  for (const [label, result] of [['planChanges', offline], ['plan', plan], ['apply', applied]]) {
    assert.equal(result.body.serviceKey, SERVICE_KEY, `${label}: body is readable`);
    assert.equal(result.action, label === 'apply' ? 'create' : 'create');
    for (const [how, text] of [['inspect', inspect(result, { depth: 10 })], ['JSON', JSON.stringify(result)], ['console.log', logged(result)]]) {
      assert.doesNotMatch(text, /deadbeefcafe/, `${label} through ${how}: ${text}`);
      assert.match(text, /serviceKey/, `${label} through ${how} still shows the field`);
      assert.match(text, /US/, `${label} through ${how} shows the other fields`);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(result)).body.type, 'PAGER_DUTY');
  }
  // The body sent was the real one.
  assert.equal(JSON.parse(s.requests[2].body).serviceKey, SERVICE_KEY);
});

test('console.log(client) shows flavour, base URL and kind of credential, never the credential', () => {
  const cases = [
    [{ token: TOKEN }, 'token'],
    [{ token: () => TOKEN }, 'tokenProvider'],
    [{ digest: { publicKey: 'canary-pub', privateKey: 'canary-priv' } }, 'digest'],
    [{ serviceAccount: { clientId: 'canary-id', clientSecret: 'canary-sa' } }, 'serviceAccount'],
    [{}, 'none'],
  ];
  for (const [creds, kind] of cases) {
    const client = new AtlasClient({ baseUrl: 'https://cloud.mongodb.com', flavour: 'atlasV2', ...creds });
    assert.equal(client.authKind, kind);
    for (const text of [logged(client), inspect(client), JSON.stringify(client)]) {
      assert.match(text, /atlasV2/);
      assert.match(text, /https:\/\/cloud\.mongodb\.com/);
      assert.match(text, new RegExp(kind));
      assert.doesNotMatch(text, /canary|__wbg_ptr/);
    }
    client.free();
    assert.match(inspect(client), /freed/);
  }
});
