// Issue 19 point 2: options are checked. An unknown key in the client's options or in a
// call's options is an AtlasConfigError (`invalid_option`) naming the key and the closest
// valid one; so are two credentials at once and a service account in a browser page.
// No request is sent by any of these tests: every refusal happens before the first fetch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AtlasClient } from 'atlas-integrations';
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
