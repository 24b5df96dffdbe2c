// The client's options and transport decisions that issues 16 and 17 changed, each against
// a server on 127.0.0.1 (tests/support/fault-server.mjs) or at construction:
// - custom header values fetch would refuse are refused when the client is made;
// - unknown client options are refused, naming the key;
// - preview() redacts custom header values unless listed in `safeHeaders`;
// - listAll(g, null) and applyToProjects(ids, d, null) take null as "no options";
// - upsert is one PUT (retried like any PUT) on Atlas v1.0, Cloud and Ops Manager, and POST
//   then PUT on 409 INTEGRATION_ALREADY_CONFIGURED on Atlas v2;
// - a fetch that throws or gives no Response (a replaced global one, or the `fetch` option)
//   is a network failure, never a trap of the module.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { AtlasClient } from 'atlas-integrations';
import { faultServers } from '../support/fault-server.mjs';
import { rejectsWith, throwsWith } from './support/errors.mjs';
import { GROUP, PAGE, fullBodies } from './support/bodies.mjs';

const TOKEN = 'transport-test-token-0123456789';
const servers = faultServers();
const server = servers.start;
after(servers.closeAll);

test('header values and names fetch refuses are refused at construction (AtlasConfigError)', () => {
  const make = (headers) => () => new AtlasClient({ baseUrl: 'https://cloud.mongodb.com', token: TOKEN, headers });
  for (const headers of [
    { 'X-Note': 'a\u2028b' },
    { 'X-Note': 'caf\u0151' },
    { 'Content-Length': '10' },
    { 'Transfer-Encoding': 'chunked' },
    { Host: 'evil.example' },
    { 'Sec-Fetch-Site': 'none' },
  ]) {
    const err = throwsWith(make(headers), 'AtlasConfigError', 'invalid_config', JSON.stringify(headers));
    assert.match(err.message, new RegExp(Object.keys(headers)[0], 'i'));
    assert.doesNotMatch(err.message, /evil|chunked|\u2028/, 'the value is never quoted');
  }
  // Latin-1 is a valid header value for fetch.
  assert.doesNotThrow(make({ 'X-Note': 'caf\u00e9' }));
});

test('an unknown client option is refused, naming it (a typo never keeps a default silently)', () => {
  const err = throwsWith(() => new AtlasClient({ baseUrl: 'https://cloud.mongodb.com', token: TOKEN, timeoutMS: 5 }), 'AtlasConfigError', 'invalid_option');
  assert.match(err.message, /"timeoutMS"/);
  for (const maxResponseBytes of [0, 1023, 1.5, 2 ** 31, '4096']) {
    throwsWith(() => new AtlasClient({ baseUrl: 'https://cloud.mongodb.com', token: TOKEN, maxResponseBytes }), 'AtlasConfigError', 'invalid_option', String(maxResponseBytes));
  }
  throwsWith(() => new AtlasClient({ baseUrl: 'https://cloud.mongodb.com', token: TOKEN, safeHeaders: 'X-A' }), 'AtlasConfigError', 'invalid_option');
});

test('preview() redacts every custom header value unless safeHeaders lists it', () => {
  const headers = { 'X-Auth-Token': 'preview-secret-value-1', 'Api-Key': 'preview-secret-value-2', 'X-Request-Id': 'req-42' };
  const op = { op: 'list', groupId: GROUP };
  const plain = new AtlasClient({ baseUrl: 'https://cloud.mongodb.com', token: TOKEN, headers }).preview(op);
  assert.doesNotMatch(plain, /preview-secret-value|req-42/);
  assert.match(plain, /X-Auth-Token: <redacted>/);
  assert.match(plain, /X-Request-Id: <redacted>/);
  const marked = new AtlasClient({ baseUrl: 'https://cloud.mongodb.com', token: TOKEN, headers, safeHeaders: ['x-request-id'] }).preview(op);
  assert.match(marked, /X-Request-Id: req-42/);
  assert.doesNotMatch(marked, /preview-secret-value/);
});

test('listAll(g, null) and applyToProjects(ids, d, null): null means no options', async () => {
  const srv = await server([{ json: PAGE }, { status: 404, json: { error: 404, errorCode: 'INTEGRATION_NOT_CONFIGURED', parameters: [] } }, { json: PAGE }]);
  const client = new AtlasClient({ baseUrl: srv.url, token: TOKEN });
  const items = [];
  for await (const item of client.listAll(GROUP, null)) items.push(item);
  assert.deepEqual(items, PAGE.results);
  const report = await client.applyToProjects([GROUP], fullBodies().SLACK, null);
  assert.deepEqual(report.results.map((r) => r.outcome), ['created']);
  assert.deepEqual(srv.requests.map((r) => r.method), ['GET', 'GET', 'POST']);
});

for (const flavour of ['atlasV1', 'cloudManager', 'opsManager']) {
  test(`upsert on ${flavour}: one PUT, which creates or replaces (and is retried like any PUT)`, async () => {
    const srv = await server([{ status: 503, json: { error: 503, errorCode: 'SERVICE_UNAVAILABLE', parameters: [] } }, { json: PAGE }]);
    const client = new AtlasClient({ baseUrl: srv.url, flavour, digest: { publicKey: 'pubkey', privateKey: 'private-key-0123456789' }, allowInsecureHttp: true, retries: { max: 1, baseDelayMs: 1, maxDelayMs: 2 } });
    assert.deepEqual(await client.upsert(GROUP, fullBodies().SLACK), PAGE);
    assert.deepEqual(srv.requests.map((r) => r.method), ['PUT', 'PUT']);
  });
}

test('upsert on Atlas v2: POST, then PUT after 409 INTEGRATION_ALREADY_CONFIGURED; another 409 stays an error', async () => {
  const conflict = { status: 409, json: { error: 409, errorCode: 'INTEGRATION_ALREADY_CONFIGURED', parameters: [] } };
  const srv = await server([conflict, { json: PAGE }]);
  const client = new AtlasClient({ baseUrl: srv.url, token: TOKEN });
  assert.deepEqual(await client.upsert(GROUP, fullBodies().SLACK), PAGE);
  assert.deepEqual(srv.requests.map((r) => r.method), ['POST', 'PUT']);
  const other = await server([{ status: 409, json: { error: 409, errorCode: 'SOMETHING_ELSE', parameters: [] } }]);
  const err = await rejectsWith(new AtlasClient({ baseUrl: other.url, token: TOKEN }).upsert(GROUP, fullBodies().SLACK), 'AtlasApiError', 'api_error');
  assert.equal(err.errorCode, 'SOMETHING_ELSE');
  assert.deepEqual(other.requests.map((r) => r.method), ['POST']);
});

test('apply of a configured Prometheus integration may leave the password out (the server keeps it); a create may not', async () => {
  const current = { type: 'PROMETHEUS', username: 'prom', serviceDiscovery: 'http', enabled: true };
  const desired = { ...current, enabled: false };
  const srv = await server([{ json: current }, { json: { results: [desired], totalCount: 1 } }]);
  const client = new AtlasClient({ baseUrl: srv.url, token: TOKEN });
  const result = await client.apply(GROUP, desired);
  assert.equal(result.action, 'update');
  assert.deepEqual(srv.requests.map((r) => r.method), ['GET', 'PUT']);
  assert.equal(JSON.parse(srv.requests[1].body).password, undefined, 'no password sent');
  const none = await server([{ status: 404, json: { error: 404, errorCode: 'INTEGRATION_NOT_CONFIGURED', parameters: [] } }]);
  const err = await rejectsWith(new AtlasClient({ baseUrl: none.url, token: TOKEN }).apply(GROUP, desired), 'AtlasValidationError', 'validation_failed');
  assert.ok(err.issues.some((i) => i.path === 'password' && i.code === 'missing_field'), JSON.stringify(err.issues));
  assert.deepEqual(none.requests.map((r) => r.method), ['GET'], 'nothing written');
});

test('an HTTP Digest challenge without qop (RFC 2069) is a downgrade: refused by name, answered only with allowLegacyDigest', async () => {
  const legacy = { status: 401, headers: { 'WWW-Authenticate': 'Digest realm="MMS Public API", nonce="n0nce-legacy", algorithm=MD5' }, json: { error: 401, errorCode: 'USER_UNAUTHORIZED', parameters: [] } };
  const digest = { publicKey: 'legacypub', privateKey: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' };
  const refused = await server([legacy]);
  const err = await rejectsWith(new AtlasClient({ baseUrl: refused.url, flavour: 'cloudManager', digest }).list(GROUP), 'AtlasAuthError', 'legacy_digest_challenge');
  assert.equal(err.status, 401);
  assert.equal(refused.requests.length, 1, 'no answer sent to the legacy challenge');
  assert.ok(!JSON.stringify(err).includes(digest.privateKey) && !err.message.includes(digest.privateKey));
  const allowed = await server([legacy, { json: PAGE }]);
  const page = await new AtlasClient({ baseUrl: allowed.url, flavour: 'cloudManager', digest, allowLegacyDigest: true }).list(GROUP);
  assert.deepEqual(page, PAGE);
  assert.match(allowed.requests[1].headers.authorization, /^Digest .*username="legacypub"/);
  assert.doesNotMatch(allowed.requests[1].headers.authorization, /\bnc=|cnonce=/, 'RFC 2069: no count, no client nonce');
  assert.throws(() => new AtlasClient({ baseUrl: allowed.url, digest, allowLegacyDigest: 'yes' }), (e) => e.name === 'AtlasConfigError' && e.code === 'invalid_option');
});

test('an HTTP Digest challenge the client cannot answer is named, not a plain 401', async () => {
  const digest = { publicKey: 'unsupportedpub', privateKey: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' };
  for (const challenge of ['Digest realm="r", nonce="n1", algorithm=SHA-512-256, qop="auth"', 'Digest realm="r", nonce="n2", algorithm=MD5, qop="auth-int"', 'Digest realm="r", algorithm=MD5, qop="auth"']) {
    const srv = await server([{ status: 401, headers: { 'WWW-Authenticate': challenge }, json: { error: 401, errorCode: 'USER_UNAUTHORIZED', parameters: [] } }]);
    const err = await rejectsWith(new AtlasClient({ baseUrl: srv.url, flavour: 'cloudManager', digest }).list(GROUP), 'AtlasAuthError', 'unsupported_digest_challenge');
    assert.equal(err.status, 401, challenge);
    assert.equal(srv.requests.length, 1, `${challenge}: no answer sent`);
    assert.ok(!err.message.includes(digest.privateKey));
  }
});

test('a replaced global fetch that throws or gives no Response is an AtlasNetworkError, and the client keeps working', { timeout: 20_000 }, async () => {
  const srv = await server([{ json: PAGE }, { json: PAGE }]);
  const client = new AtlasClient({ baseUrl: srv.url, token: TOKEN, retries: { max: 0 } });
  // What a test's stub or another realm's polyfill gives: gloo-net, which sends the requests
  // with the global fetch, panicked on the first (a trap: the process died with "RuntimeError:
  // unreachable") and let the second unwind through the module.
  const stubs = {
    'a plain object': async () => ({ ok: true, status: 200, json: async () => PAGE }),
    'a synchronous throw': () => {
      throw new TypeError('stub: no network in this test');
    },
    'no fetch at all': undefined,
    'a getter that throws': { get() { throw new Error('stub: fetch is not available here'); } },
  };
  const ownDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  try {
    for (const [label, stub] of Object.entries(stubs)) {
      if (label === 'a getter that throws') Object.defineProperty(globalThis, 'fetch', { ...stub, configurable: true });
      else globalThis.fetch = stub;
      const err = await rejectsWith(client.list(GROUP), 'AtlasNetworkError', 'network_error', label);
      assert.match(err.message, /gave no `Response`/, label);
    }
  } finally {
    Object.defineProperty(globalThis, 'fetch', ownDescriptor);
  }
  // The module still works: the same client, and one with the same stub as its `fetch` option.
  assert.deepEqual(await client.list(GROUP), PAGE);
  const viaOption = new AtlasClient({ baseUrl: srv.url, token: TOKEN, fetch: stubs['a plain object'] });
  await rejectsWith(viaOption.list(GROUP), 'AtlasNetworkError', 'network_error', 'the fetch option');
  assert.deepEqual(await client.list(GROUP), PAGE);
  assert.deepEqual(srv.requests.map((r) => r.method), ['GET', 'GET']);
});
