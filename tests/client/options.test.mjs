// Issue 19 point 2: options are checked. An unknown key in the client's options or in a
// call's options is an AtlasConfigError (`invalid_option`) naming the key and the closest
// valid one; so are two credentials at once and a service account in a browser page.
// No request is sent by any of these tests: every refusal happens before the first fetch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AtlasClient, buildRequest, planChanges, previewCurl, standardSchema, validateBodies, validateBody, validateOperation } from 'atlas-integrations';
import { throwsWith, rejectsWith } from './support/errors.mjs';
import { GROUP } from './support/bodies.mjs';

const TOKEN = 'options-test-token-0123456789';
// Port 9 on loopback (discard): nothing is sent there, every call below fails earlier.
const BASE = 'http://127.0.0.1:9';
const client = () => new AtlasClient({ baseUrl: BASE, token: TOKEN });

test('a misspelt client option names the option meant (baseURL would send the token to production)', () => {
  for (const [typo, meant] of [['baseURL', 'baseUrl'], ['timeoutMS', 'timeoutMs'], ['flavor', 'flavour'], ['safeHeader', 'safeHeaders']]) {
    const err = throwsWith(() => new AtlasClient({ [typo]: BASE, token: TOKEN }), 'AtlasConfigError', 'invalid_option', typo);
    assert.match(err.message, new RegExp(`"${typo}".*did you mean ${meant}\\?`), err.message);
  }
  const unrelated = throwsWith(() => new AtlasClient({ baseUrl: BASE, token: TOKEN, proxy: 'x' }), 'AtlasConfigError', 'invalid_option');
  assert.doesNotMatch(unrelated.message, /did you mean/);
  assert.match(unrelated.message, /"proxy".*known: baseUrl/);
});

test('two credentials at once are refused, and the message quotes neither', () => {
  const cases = [
    { token: TOKEN, digest: { publicKey: 'pub-canary', privateKey: 'priv-canary-secret' } },
    { token: TOKEN, serviceAccount: { clientId: 'id-canary', clientSecret: 'sa-canary-secret' } },
    { digest: { publicKey: 'pub-canary', privateKey: 'priv-canary-secret' }, serviceAccount: { clientId: 'id', clientSecret: 'sa-canary-secret' } },
  ];
  for (const creds of cases) {
    const err = throwsWith(() => new AtlasClient({ baseUrl: BASE, ...creds }), 'AtlasConfigError', 'invalid_option', Object.keys(creds).join('+'));
    assert.match(err.message, /only one of token, digest and serviceAccount/);
    assert.doesNotMatch(err.message + JSON.stringify(err), /canary|options-test-token/);
  }
});

test('an unknown key in a call\'s options is refused per method, with the closest key', async () => {
  const c = client();
  const body = { type: 'PAGER_DUTY', serviceKey: 'a'.repeat(32), region: 'US' };
  const calls = [
    ['list', () => c.list(GROUP, { singal: AbortSignal.timeout(1000) }), 'singal', 'signal'],
    ['get', () => c.get(GROUP, 'PAGER_DUTY', { timeoutMS: 5 }), 'timeoutMS', 'timeoutMs'],
    ['delete', () => c.delete(GROUP, 'PAGER_DUTY', { pageNum: 2 }), 'pageNum', null],
    ['create', () => c.create(GROUP, body, { itemsPerPge: 5 }), 'itemsPerPge', 'itemsPerPage'],
    ['update', () => c.update(GROUP, body, { envelop: true }), 'envelop', 'envelope'],
    ['upsert', () => c.upsert(GROUP, body, { prety: true }), 'prety', 'pretty'],
    ['plan', () => c.plan(GROUP, body, { force: true }), 'force', null],
    ['apply', () => c.apply(GROUP, body, { forced: true }), 'forced', 'force'],
  ];
  for (const [method, call, key, meant] of calls) {
    const err = await rejectsWith(call(), 'AtlasConfigError', 'invalid_option', method);
    assert.match(err.message, new RegExp(`option of ${method}\\(\\) "${key}"`), err.message);
    if (meant) assert.match(err.message, new RegExp(`did you mean ${meant}\\?`), err.message);
    else assert.doesNotMatch(err.message, /did you mean/, err.message);
  }
});

test('a service account is refused in a browser page (window and document both defined)', () => {
  const account = { clientId: 'mdb_sa_id_canary', clientSecret: 'mdb_sa_sk_canary-secret' };
  // Outside a page the same options are accepted.
  assert.doesNotThrow(() => new AtlasClient({ baseUrl: BASE, serviceAccount: account }));
  globalThis.window = globalThis;
  globalThis.document = {};
  try {
    const err = throwsWith(() => new AtlasClient({ baseUrl: BASE, serviceAccount: account }), 'AtlasConfigError', 'invalid_option');
    assert.match(err.message, /serviceAccount/);
    assert.doesNotMatch(err.message + JSON.stringify(err), /canary/);
    // A token provider is the way for a page.
    assert.doesNotThrow(() => new AtlasClient({ baseUrl: BASE, token: () => TOKEN }));
  } finally {
    delete globalThis.window;
    delete globalThis.document;
  }
});

test('listAll and applyToProjects refuse unknown option keys too', async () => {
  const c = client();
  const iterate = async () => {
    for await (const _ of c.listAll(GROUP, { maxPage: 2 })) break;
  };
  const listErr = await rejectsWith(iterate(), 'AtlasConfigError', 'invalid_option', 'listAll');
  assert.match(listErr.message, /option of listAll\(\) "maxPage": did you mean maxPages\?/);
  const body = { type: 'PAGER_DUTY', serviceKey: 'a'.repeat(32), region: 'US' };
  const bulkErr = await rejectsWith(c.applyToProjects([GROUP], body, { dryrun: true }), 'AtlasConfigError', 'invalid_option', 'applyToProjects');
  assert.match(bulkErr.message, /option of applyToProjects\(\) "dryrun": did you mean dryRun\?/);
});

// A client whose fetch records every request: none may be sent when an option is refused.
function recording() {
  const sent = [];
  const fetch = (request) => {
    sent.push(`${request.method} ${request.url}`);
    return Promise.resolve(new Response('{"results":[],"totalCount":0}', { status: 200, headers: { 'content-type': 'application/json' } }));
  };
  return { c: new AtlasClient({ baseUrl: BASE, token: TOKEN, fetch }), sent };
}

test('applyToProjects checks every option value before any request (a dry run given as a string never writes)', async () => {
  const { c, sent } = recording();
  const body = { type: 'OPS_GENIE', apiKey: 'abcd1234' };
  const cases = [
    [{ dryRun: 'true' }, 'invalid_option', /dryRun must be a boolean/],
    [{ dryRun: 1 }, 'invalid_option', /dryRun must be a boolean/],
    [{ force: 'yes' }, 'invalid_option', /force must be a boolean/],
    [{ mode: 'Upsert' }, 'invalid_option', /mode must be "apply" or "upsert"/],
    [{ mode: 'create' }, 'invalid_option', /mode must be "apply" or "upsert"/],
    [{ concurrency: 0 }, 'invalid_option', /concurrency must be a whole number from 1 to 64/],
    [{ concurrency: 65 }, 'invalid_option', /concurrency must be a whole number from 1 to 64/],
    [{ concurrency: 2.5 }, 'invalid_option', /concurrency/],
    [{ concurrency: '4' }, 'invalid_option', /concurrency/],
    [{ maxRateLimitWaits: -1 }, 'invalid_option', /maxRateLimitWaits must be a whole number from 0 to 100/],
    [{ maxRateLimitWaits: 101 }, 'invalid_option', /maxRateLimitWaits/],
    [{ maxRateLimitWaits: 'x' }, 'invalid_option', /maxRateLimitWaits/],
    [{ onProgress: 'log' }, 'invalid_option', /onProgress must be a function/],
    [{ onRateLimit: {} }, 'invalid_option', /onRateLimit must be a function/],
    [{ signal: 'abort' }, 'invalid_option', /signal must be an AbortSignal/],
    [{ timeoutMs: -5 }, 'invalid_config', /timeoutMs must be a whole number of milliseconds from 0 to 2147483647/],
  ];
  for (const [options, code, message] of cases) {
    const err = await rejectsWith(c.applyToProjects([GROUP], body, options), 'AtlasConfigError', code, JSON.stringify(options));
    assert.match(err.message, message, JSON.stringify(options));
  }
  const notArray = await rejectsWith(c.applyToProjects(GROUP, body), 'AtlasConfigError', 'invalid_option', 'a string of ids');
  assert.match(notArray.message, /groupIds must be an array of at most 100000 project ids/);
  assert.deepEqual(sent, [], 'no request was sent');
  // The documented values still run: the edges of each range, and null as "not given".
  const ok = await c.applyToProjects([GROUP], body, { dryRun: true, mode: 'upsert', concurrency: 64, maxRateLimitWaits: 0, force: false, onProgress: null });
  assert.equal(ok.dryRun, true);
  assert.ok(sent.every((line) => line.startsWith('GET ')), `a dry run only reads: ${sent}`);
});

test('listAll refuses a maxPages that is not a whole number from 1 to 10000, as it refuses a bad itemsPerPage', async () => {
  const { c, sent } = recording();
  for (const maxPages of [0, -1, 'x', 1.5, 10_001, Infinity]) {
    const err = await rejectsWith(c.listAll(GROUP, { maxPages }).next(), 'AtlasConfigError', 'invalid_option', String(maxPages));
    assert.match(err.message, /maxPages must be a whole number from 1 to 10000/);
  }
  assert.deepEqual(sent, []);
  const items = [];
  for await (const item of c.listAll(GROUP, { maxPages: 1 })) items.push(item);
  assert.deepEqual(items, []);
  assert.match(sent[0], /itemsPerPage=500/, 'listAll asks for the most items per page by default');
});

test("the client's methods refuse options that are not an object", async () => {
  const err = await rejectsWith(client().list(GROUP, 'pageNum=2'), 'AtlasConfigError', 'invalid_option', 'a string');
  assert.match(err.message, /options of list\(\) must be an object/);
});

test('the stand-alone functions refuse an unknown option key, naming the one meant, and options that are not an object', () => {
  const body = { type: 'PAGER_DUTY', serviceKey: 'a'.repeat(32), region: 'US' };
  const op = { op: 'list', groupId: GROUP };
  const calls = [
    ['validateBody', (o) => validateBody(body, o), { flavor: 'opsManager' }, 'flavor', 'flavour'],
    ['validateBodies', (o) => validateBodies([body], o), { integrationTyp: 'SLACK' }, 'integrationTyp', 'integrationType'],
    ['validateOperation', (o) => validateOperation(op, o), { flavor: 'opsManager' }, 'flavor', 'flavour'],
    ['buildRequest', (o) => buildRequest(op, o), { baseURL: 'http://x' }, 'baseURL', 'baseUrl'],
    ['previewCurl', (o) => previewCurl(op, o), { publickey: 'pub' }, 'publickey', 'publicKey'],
    ['planChanges', (o) => planChanges(body, null, o), { flavor: 'x' }, 'flavor', 'flavour'],
    ['standardSchema', (o) => standardSchema('PAGER_DUTY', o), { flavor: 'x' }, 'flavor', 'flavour'],
  ];
  for (const [fn, call, options, key, meant] of calls) {
    const err = throwsWith(() => call(options), 'AtlasConfigError', 'invalid_option', fn);
    assert.match(err.message, new RegExp(`option of ${fn}\\(\\) "${key}": did you mean ${meant}\\?`), err.message);
    for (const notObject of ['atlasV2', 42, true]) {
      const e = throwsWith(() => call(notObject), 'AtlasConfigError', 'invalid_option', `${fn}(${notObject})`);
      assert.match(e.message, new RegExp(`options of ${fn}\\(\\) must be an object`), e.message);
    }
    // No options, and null, are none.
    assert.doesNotThrow(() => call(undefined), fn);
    assert.doesNotThrow(() => call(null), fn);
  }
  // A wrongly typed value of a known key is refused too.
  throwsWith(() => validateBody(body, { integrationType: 7 }), 'AtlasConfigError', 'invalid_option', 'integrationType: 7');
  throwsWith(() => buildRequest(op, { allowInsecureHttp: 'true' }), 'AtlasConfigError', 'invalid_option', 'allowInsecureHttp: "true"');
  throwsWith(() => previewCurl(op, { auth: 'digest', publicKey: 42 }), 'AtlasConfigError', 'invalid_option', 'publicKey: 42');
  // The body never makes validateBody throw; only its options may.
  for (const b of [undefined, null, 'x', 1n, [], () => 1]) assert.ok(Array.isArray(validateBody(b)), String(b));
});

test('an operation key that is not op, groupId, integrationType, body or query is an error naming the key meant', () => {
  const op = { op: 'list', groupId: GROUP, qurey: { pageNum: 2 } };
  const err = throwsWith(() => buildRequest(op), 'AtlasValidationError', 'validation_failed', 'qurey');
  assert.deepEqual(err.issues.map((i) => [i.path, i.code]), [['qurey', 'unsupported_parameter']]);
  assert.match(err.issues[0].message, /"qurey": did you mean query\?/);
  assert.deepEqual(validateOperation(op).map((i) => i.path), ['qurey']);
  assert.throws(() => client().preview(op), /qurey/);
});

test('planChanges refuses a current integration that is not an object; null and undefined mean not configured', () => {
  const desired = { type: 'PAGER_DUTY', serviceKey: 'a'.repeat(32), region: 'US' };
  for (const current of ['garbage', 42, true, []]) {
    const err = throwsWith(() => planChanges(desired, current), 'AtlasValidationError', 'validation_failed', JSON.stringify(current));
    assert.deepEqual(err.issues.map((i) => [i.path, i.code]), [['current', 'not_an_object']]);
  }
  assert.equal(planChanges(desired, null).action, 'create');
  assert.equal(planChanges(desired, undefined).action, 'create');
});

test('a timeout out of range is refused with the range in the message (2^31 is a whole number too)', async () => {
  for (const timeoutMs of [2 ** 31, 1e12, Infinity, -1, 1.5]) {
    const err = throwsWith(() => new AtlasClient({ baseUrl: BASE, token: TOKEN, timeoutMs }), 'AtlasConfigError', 'invalid_config', String(timeoutMs));
    assert.match(err.message, /timeoutMs must be a whole number of milliseconds from 0 to 2147483647 \(0 disables it\)/);
    const call = await rejectsWith(client().list(GROUP, { timeoutMs }), 'AtlasConfigError', 'invalid_config', `list ${timeoutMs}`);
    assert.match(call.message, /from 0 to 2147483647/);
  }
  assert.doesNotThrow(() => new AtlasClient({ baseUrl: BASE, token: TOKEN, timeoutMs: 2 ** 31 - 1 }));
});

test("a call's timeoutMs is documented as a limit on each attempt, not on the whole call", () => {
  const api = readFileSync(new URL('../../docs/API.md', import.meta.url), 'utf8');
  const section = api.slice(api.indexOf('### `RequestOptions`'), api.indexOf('### ', api.indexOf('### `RequestOptions`') + 5));
  assert.match(section, /each attempt/);
  assert.match(section, /AbortSignal\.timeout/);
  assert.doesNotMatch(section, /Overrides the client's timeout for this call/);
});
