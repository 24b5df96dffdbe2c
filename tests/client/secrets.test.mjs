// Canary secrets (a bearer token, a token provider's token, a Digest private key, a
// service-account secret and the token issued for it, and every secret body field) pushed
// through every path that produces text: validation issues and AtlasValidationError,
// previews, built requests, API errors from a server that echoes the request (body and
// Authorization) into detail, parameters, badRequestDetail and reason, HTML pages that echo
// it, OAuth-style errors, network errors, timeouts, aborts, token-provider and token-exchange
// failures, and configuration errors. A canary must never appear in message, String(err),
// err.stack, JSON.stringify(err), util.inspect(err) or any issue. The "Regression" comments
// mark leaks this suite found and the client now closes.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { AtlasClient, buildRequest, previewCurl, validateBody, validateOperation } from 'atlas-integrations';
import { faultServers } from '../support/fault-server.mjs';
import { assertAtlasError, rejectsWith, throwsWith, trackUnhandledRejections, sleep } from './support/errors.mjs';
import { GROUP } from './support/bodies.mjs';

const unhandled = trackUnhandledRejections();
// Fixed values, so that every run checks the same strings (the library's generic scrubber
// depends on the shape of a value; a random canary could pass or fail by luck).
const tag = '5e7c1d';
// The '.' keeps credential canaries out of reach of the library's generic "long key-like
// run" scrubber, so these tests see whether the exact known value is removed.
const C = {
  token: `tok-CANARY-${tag}.bearer`,
  providerToken: `tok-CANARY-${tag}.provider`,
  issuedToken: `tok-CANARY-${tag}.issued`,
  digestPrivateKey: `dpk-CANARY-${tag}.private`,
  clientSecret: `sas-CANARY-${tag}.secret`,
  serviceKey: '3c9f0e7a5b1d4f28a6c0e9b7d3f1a5c2', // PagerDuty: 32 hex
  datadogKey: 'b7e4a1c9d2f60835e1a7c4b9f0d3e628', // Datadog: 32 hex
  slackToken: `xoxb-CANARY-${tag}.slack`,
  opsGenieKey: `og-CANARY-${tag}.key`,
  victorOpsKey: `vo-CANARY-${tag}.key`,
  webhookSecret: `whs-CANARY-${tag}.secret`,
  webhookPath: `whurl-CANARY-${tag}.path`,
  teamsPath: `teams-CANARY-${tag}.path`,
  promPassword: `pw-CANARY-${tag}.prom`,
};
const CLIENT_ID = 'mdb_sa_id_publicid';
const PUBLIC_KEY = 'pubkeyid';
const BASIC = Buffer.from(`${CLIENT_ID}:${C.clientSecret}`).toString('base64');

const BODIES = {
  PAGER_DUTY: { type: 'PAGER_DUTY', serviceKey: C.serviceKey, region: 'US' },
  DATADOG: { type: 'DATADOG', apiKey: C.datadogKey, region: 'EU' },
  SLACK: { type: 'SLACK', apiToken: C.slackToken, channelName: 'alerts', teamName: 'ops' },
  OPS_GENIE: { type: 'OPS_GENIE', apiKey: C.opsGenieKey, region: 'US' },
  VICTOR_OPS: { type: 'VICTOR_OPS', apiKey: C.victorOpsKey, routingKey: 'db' },
  WEBHOOK: { type: 'WEBHOOK', url: `https://hooks.example.com/services/${C.webhookPath}`, secret: C.webhookSecret },
  MICROSOFT_TEAMS: { type: 'MICROSOFT_TEAMS', microsoftTeamsWebhookUrl: `https://example.webhook.office.com/webhookb2/${C.teamsPath}` },
  PROMETHEUS: { type: 'PROMETHEUS', username: 'prom_user_1', password: C.promPassword, serviceDiscovery: 'http', enabled: true },
};
const BODY_CANARIES = {
  PAGER_DUTY: [C.serviceKey],
  DATADOG: [C.datadogKey],
  SLACK: [C.slackToken],
  OPS_GENIE: [C.opsGenieKey],
  VICTOR_OPS: [C.victorOpsKey],
  WEBHOOK: [C.webhookSecret, C.webhookPath],
  MICROSOFT_TEAMS: [C.teamsPath],
  PROMETHEUS: [C.promPassword],
};
const ALL = [...Object.values(C), BASIC];

/** The 10-character pieces of each canary that no other canary shares: a partial leak counts too. */
const PIECES = new Map();
function piecesOf(c, canaries) {
  const key = `${c}\u0000${canaries.length}`;
  if (!PIECES.has(key)) {
    const others = canaries.filter((o) => o !== c);
    const pieces = [];
    for (let i = 0; i + 10 <= c.length; i += 1) {
      const piece = c.slice(i, i + 10);
      if (!others.some((o) => o.includes(piece))) pieces.push(piece);
    }
    PIECES.set(key, pieces.length ? pieces : [c]);
  }
  return PIECES.get(key);
}

function leaksIn(text, canaries = ALL) {
  return canaries.filter((c) => piecesOf(c, canaries).some((piece) => text.includes(piece)));
}

/** Every way an error becomes text. `cause` (the caller's own error) may be left out. */
function renderings(err, { withoutCause = false } = {}) {
  let subject = err;
  if (withoutCause && err && typeof err === 'object' && 'cause' in err) {
    subject = Object.assign(Object.create(Object.getPrototypeOf(err)), err);
    Object.defineProperty(subject, 'message', { value: err.message });
    Object.defineProperty(subject, 'stack', { value: err.stack });
    delete subject.cause;
  }
  const out = {
    message: String(err && err.message),
    'String(err)': String(err),
    stack: String(err && err.stack),
    'JSON.stringify(err)': JSON.stringify(subject) ?? '',
    'util.inspect(err)': util.inspect(subject, { depth: 10, showHidden: true }),
  };
  if (err && typeof err === 'object') {
    for (const k of Object.keys(err)) {
      if (withoutCause && k === 'cause') continue;
      out[`err.${k}`] = typeof err[k] === 'string' ? err[k] : JSON.stringify(err[k]) ?? String(err[k]);
    }
  }
  return out;
}

function assertNoLeak(err, label, options) {
  const problems = [];
  for (const [where, text] of Object.entries(renderings(err, options))) {
    const found = leaksIn(text);
    if (found.length) problems.push(`${where} contains ${found.join(', ')}:\n      ${text.slice(0, 600)}`);
  }
  assert.deepEqual(problems, [], `${label}: secrets leaked`);
}

function assertTextClean(text, label) {
  assert.deepEqual(leaksIn(text), [], `${label}: secrets leaked in\n${text}`);
}

const servers = faultServers();
const server = servers.start;
after(async () => {
  await servers.closeAll();
  await sleep(50);
  unhandled.stop();
});

// --- clients of every credential kind against an echoing server ---------------------------

const AUTH = {
  token: { token: C.token },
  provider: { token: async () => C.providerToken },
  digest: { digest: { publicKey: PUBLIC_KEY, privateKey: C.digestPrivateKey } },
  serviceAccount: { serviceAccount: { clientId: CLIENT_ID, clientSecret: C.clientSecret } },
};

/**
 * A server that answers the API with an error echoing the request. `into` lists the error
 * fields to put the echo in; `what` is 'body', 'authorization' or 'both'. Digest clients get
 * a challenge first; service accounts get a token (C.issuedToken) from /api/oauth/token.
 */
function echoScript({ into, what = 'both', status = 400, shape = 'api' }) {
  return (req) => {
    if (req.url.startsWith('/api/oauth/token')) return { json: { access_token: C.issuedToken, token_type: 'Bearer', expires_in: 3600 } };
    const auth = req.headers.authorization || '';
    if (!auth) {
      return { status: 401, headers: { 'WWW-Authenticate': 'Digest realm="MMS Public API", domain="", nonce="n0nce1", algorithm=MD5, qop="auth", stale=false' }, json: { error: 401, errorCode: 'UNAUTHORIZED', detail: 'Authenticate.', parameters: [] } };
    }
    const echo = what === 'body' ? req.body : what === 'authorization' ? auth : `${auth} ${req.body}`;
    if (shape === 'html') return { fault: 'html', status, body: `<html><body><p>echo: ${echo}</p></body></html>` };
    if (shape === 'oauth') return { status, json: { error: 'invalid_request', error_description: `echo: ${echo}` } };
    const json = { error: status, errorCode: 'INVALID_ATTRIBUTE', reason: 'Bad Request', detail: 'Invalid attribute.', parameters: [] };
    if (into.includes('detail')) json.detail = `Received ${echo}`;
    if (into.includes('reason')) json.reason = `Bad Request: ${echo}`;
    if (into.includes('parameters')) json.parameters = [echo, { value: echo, nested: [echo] }];
    if (into.includes('badRequestDetail')) json.badRequestDetail = { fields: [{ field: echo, description: `value ${echo} rejected` }] };
    return { status, json };
  };
}

function clientFor(srv, auth) {
  return new AtlasClient({ baseUrl: srv.url, ...AUTH[auth], timeoutMs: 5000, retries: { max: 0 } });
}

const SCRUBBED_FIELDS = ['detail', 'parameters', 'badRequestDetail'];

describe('API errors that echo the request body', () => {
  test('body secrets in detail, parameters and badRequestDetail are scrubbed (every type, create and update)', async () => {
    const srv = await server(echoScript({ into: SCRUBBED_FIELDS, what: 'body' }));
    const c = clientFor(srv, 'token');
    for (const [type, body] of Object.entries(BODIES)) {
      for (const op of ['create', 'update']) {
        const err = await rejectsWith(c[op](GROUP, body), 'AtlasApiError', 'api_error', `${type} ${op}`);
        assert.equal(err.status, 400);
        // The echo really carried the secrets: the server saw them.
        assert.ok(BODY_CANARIES[type].every((s) => srv.requests.at(-1).body.includes(s)), 'the request held the secrets');
        assert.match(err.detail, /^Received /);
        assertNoLeak(err, `${type} ${op}`);
      }
    }
  });

  test('upsert (409 then PUT) and apply errors are scrubbed too', async () => {
    let n = 0;
    const echo = echoScript({ into: SCRUBBED_FIELDS, what: 'body' });
    const srv = await server((req, i) => {
      n += 1;
      if (req.method === 'POST') return { status: 409, json: { error: 409, errorCode: 'INTEGRATION_ALREADY_CONFIGURED', detail: `exists: ${req.body}`, parameters: [req.body] } };
      if (req.method === 'GET') return { status: 404, json: { error: 404, errorCode: 'INTEGRATION_NOT_CONFIGURED', detail: 'none', parameters: [] } };
      return echo(req, i);
    });
    const c = clientFor(srv, 'token');
    const up = await rejectsWith(c.upsert(GROUP, BODIES.WEBHOOK), 'AtlasApiError', 'api_error');
    assert.equal(up.status, 400, 'the PUT after the 409 failed');
    assertNoLeak(up, 'upsert');
    const created = await rejectsWith(c.apply(GROUP, BODIES.PROMETHEUS), 'AtlasApiError', 'api_error');
    assert.equal(created.status, 409);
    assertNoLeak(created, 'apply (create)');
    assert.ok(n >= 4);
  });

  // Regression (was a leak): `reason` is only passed through the generic key-run scrubber, not the
  // exact-value scrub applied to detail/parameters/badRequestDetail.
  test('body secrets in reason are scrubbed', async () => {
    const srv = await server(echoScript({ into: ['reason'], what: 'body' }));
    const c = clientFor(srv, 'token');
    for (const [type, body] of Object.entries(BODIES)) {
      const err = await rejectsWith(c.create(GROUP, body), 'AtlasApiError', 'api_error', type);
      assertNoLeak(err, `${type} reason`);
    }
  });

  test('an OAuth-style error body ({error, error_description}) echoing the body is scrubbed', async () => {
    const srv = await server(echoScript({ into: [], what: 'body', shape: 'oauth', status: 400 }));
    const c = clientFor(srv, 'token');
    for (const [type, body] of Object.entries(BODIES)) {
      const err = await rejectsWith(c.update(GROUP, body), 'AtlasApiError', 'api_error', type);
      assert.equal(err.errorCode, 'INVALID_REQUEST');
      assertNoLeak(err, type);
    }
  });

  for (const [status, code] of [[502, 'http_error'], [200, 'unexpected_response']]) {
    test(`an HTML page (status ${status}) echoing the body: ${code} snippet is scrubbed`, async () => {
      const srv = await server(echoScript({ into: [], what: 'body', shape: 'html', status }));
      const c = clientFor(srv, 'token');
      for (const [type, body] of Object.entries(BODIES)) {
        const err = await rejectsWith(c.create(GROUP, body), 'AtlasResponseError', code, type);
        assert.match(err.bodySnippet, /^echo: /, 'the snippet shows the page');
        assertNoLeak(err, type);
      }
    });
  }
});

describe('API errors that echo the Authorization header', () => {
  // Which credential each kind of client puts on the wire (Digest sends only a hash).
  const cases = [
    ['token', {}],
    ['digest', {}],
    ['serviceAccount', {}],
    // Regression (was a leak): credentials() has nothing for a token provider, so the token it
    // returned is never scrubbed from what the server echoes.
    ['provider'],
  ];
  for (const [auth, opts] of cases) {
    test(`${auth}: detail, parameters and badRequestDetail are scrubbed on a later call`, opts, async () => {
      const srv = await server(echoScript({ into: SCRUBBED_FIELDS, what: 'authorization' }));
      const c = clientFor(srv, auth);
      // A first call (it also gets the service-account token or the Digest challenge).
      await c.get(GROUP, 'SLACK').catch(() => {});
      const err = await rejectsWith(c.get(GROUP, 'SLACK'), 'AtlasApiError', 'api_error');
      assert.ok(srv.requests.at(-1).headers.authorization, 'the request was authorised');
      assertNoLeak(err, auth);
    });
  }

  // Regression (was a leak): the secrets to scrub are collected before the call, when a service
  // account has no token yet, so the token issued during that call is echoed unscrubbed.
  test('serviceAccount: the token issued during the first call is scrubbed from that call\'s error', async () => {
    const srv = await server(echoScript({ into: SCRUBBED_FIELDS, what: 'authorization' }));
    const err = await rejectsWith(clientFor(srv, 'serviceAccount').get(GROUP, 'SLACK'), 'AtlasApiError', 'api_error');
    assert.equal(srv.requests[0].url.split('?')[0], '/api/oauth/token');
    assertNoLeak(err, 'serviceAccount first call');
  });

  // Regression (was a leak): reason gets no exact-value scrub at all.
  for (const auth of ['token', 'serviceAccount', 'provider']) {
    test(`${auth}: a credential echoed in reason is scrubbed`, async () => {
      const srv = await server(echoScript({ into: ['reason'], what: 'authorization' }));
      const c = clientFor(srv, auth);
      await c.get(GROUP, 'SLACK').catch(() => {});
      const err = await rejectsWith(c.get(GROUP, 'SLACK'), 'AtlasApiError', 'api_error');
      assertNoLeak(err, auth);
    });
  }

  test('digest: nothing secret even when reason echoes the Authorization header', async () => {
    const srv = await server(echoScript({ into: ['reason', ...SCRUBBED_FIELDS], what: 'authorization' }));
    const err = await rejectsWith(clientFor(srv, 'digest').get(GROUP, 'SLACK'), 'AtlasApiError', 'api_error');
    assert.match(srv.requests.at(-1).headers.authorization, /^Digest /);
    assertNoLeak(err, 'digest');
  });

  for (const [auth, opts] of [['token', {}], ['serviceAccount', {}], ['provider']]) {
    test(`${auth}: an HTML error page echoing the Authorization header`, opts, async () => {
      const srv = await server(echoScript({ into: [], what: 'authorization', shape: 'html', status: 502 }));
      const c = clientFor(srv, auth);
      await c.list(GROUP).catch(() => {});
      const err = await rejectsWith(c.list(GROUP), 'AtlasResponseError', 'http_error');
      assert.match(err.bodySnippet, /^echo: /);
      assertNoLeak(err, auth);
    });
  }
});

describe('errors without a response', () => {
  for (const auth of Object.keys(AUTH)) {
    test(`${auth}: network errors, timeouts and aborts carry no credential or body secret`, async () => {
      const reset = await server((req) => (req.url.startsWith('/api/oauth/token') ? { json: { access_token: C.issuedToken, expires_in: 3600 } } : { fault: 'reset' }));
      const c = new AtlasClient({ baseUrl: reset.url, ...AUTH[auth], timeoutMs: 5000, retries: { max: 1, baseDelayMs: 1 } });
      assertNoLeak(await rejectsWith(c.update(GROUP, BODIES.WEBHOOK), 'AtlasNetworkError', 'network_error'), `${auth} reset`);
      assertNoLeak(await rejectsWith(c.create(GROUP, BODIES.PROMETHEUS), 'AtlasNetworkError', 'network_error'), `${auth} reset POST`);

      const slow = await server((req) => (req.url.startsWith('/api/oauth/token') ? { json: { access_token: C.issuedToken, expires_in: 3600 } } : { delay: 2000, json: {} }));
      const s = new AtlasClient({ baseUrl: slow.url, ...AUTH[auth], timeoutMs: 100, retries: { max: 0 } });
      assertNoLeak(await rejectsWith(s.update(GROUP, BODIES.SLACK), 'AtlasTimeoutError', 'timeout'), `${auth} timeout`);
      const ac = new AbortController();
      setTimeout(() => ac.abort(new Error('stop')), 30);
      assertNoLeak(await rejectsWith(s.create(GROUP, BODIES.DATADOG, { signal: ac.signal, timeoutMs: 0 }), 'AtlasAbortError', 'aborted'), `${auth} abort`);
    });
  }
});

describe('token providers and the service-account exchange', () => {
  test('a provider that throws: AtlasAuthError without the token it returned before', async () => {
    const srv = await server([{ json: { links: [], results: [], totalCount: 0 } }], { repeatLast: true });
    let calls = 0;
    const c = new AtlasClient({
      baseUrl: srv.url,
      token: () => {
        calls += 1;
        if (calls > 1) throw new Error('vault unavailable');
        return C.providerToken;
      },
      retries: { max: 0 },
    });
    await c.list(GROUP);
    assert.equal(srv.requests[0].headers.authorization, `Bearer ${C.providerToken}`);
    const err = await rejectsWith(c.list(GROUP), 'AtlasAuthError', 'token_provider_failed');
    assert.ok(err.cause instanceof Error && err.cause.message === 'vault unavailable', 'cause is the caller\'s error');
    assertNoLeak(err, 'throwing provider');
    assert.equal(srv.requests.length, 1, 'nothing sent without a token');
  });

  test('a provider that rejects with its own secret-bearing error: only `cause` may hold it', async () => {
    const srv = await server([{ json: {} }], { repeatLast: true });
    const c = new AtlasClient({ baseUrl: srv.url, token: () => Promise.reject(new Error(`refresh failed for ${C.providerToken}`)) });
    const err = await rejectsWith(c.get(GROUP, 'SLACK'), 'AtlasAuthError', 'token_provider_failed');
    assert.ok(String(err.cause.message).includes(C.providerToken), 'the cause is the caller\'s own error, untouched');
    assertNoLeak(err, 'rejecting provider', { withoutCause: true });
    assert.equal(srv.requests.length, 0);
  });

  test('a provider that returns an invalid token (with a space, or empty): the error does not show it', async () => {
    const srv = await server([{ json: {} }], { repeatLast: true });
    for (const bad of [`${C.providerToken} extra`, `${C.providerToken}\n`, '']) {
      const c = new AtlasClient({ baseUrl: srv.url, token: () => bad });
      const err = await rejectsWith(c.list(GROUP), 'AtlasAuthError', 'invalid_token', JSON.stringify(bad));
      assertNoLeak(err, `invalid token ${JSON.stringify(bad)}`);
    }
    assert.equal(srv.requests.length, 0, 'an invalid token is never sent');
  });

  test('the token endpoint refusing with an echo of the Basic credentials: AtlasAuthError without them', async () => {
    const srv = await server((req) => ({ status: 401, json: { error: 'invalid_client', error_description: `bad client ${req.headers.authorization} for ${req.body}` } }));
    const c = clientFor(srv, 'serviceAccount');
    const err = await rejectsWith(c.list(GROUP), 'AtlasAuthError', 'token_exchange_failed');
    assert.equal(srv.requests[0].headers.authorization, `Basic ${BASIC}`, 'the exchange used HTTP Basic');
    assert.equal(err.status, 401);
    assertNoLeak(err, 'token exchange 401');
    assert.equal(srv.requests.length, 1);
  });

  // Regression (was a leak): token-exchange errors get only the generic key-run scrubber, not the
  // exact client secret, so a secret that does not look like a long key survives.
  const exchangeEchoes = [
    ['an ApiError detail', { status: 400, json: { error: 400, errorCode: 'INVALID_CLIENT', detail: `unknown client secret ${C.clientSecret}`, parameters: [C.clientSecret] } }],
    ['an OAuth error_description', { status: 401, json: { error: 'invalid_client', error_description: `unknown client secret ${C.clientSecret}` } }],
    ['an HTML page', { fault: 'html', status: 502, body: `<html><body>bad secret ${C.clientSecret}</body></html>` }],
  ];
  for (const [label, entry] of exchangeEchoes) {
    test(`the token endpoint echoing the client secret in ${label}: AtlasAuthError without it`, async () => {
      const srv = await server([entry]);
      const err = await rejectsWith(clientFor(srv, 'serviceAccount').list(GROUP), 'AtlasAuthError', 'token_exchange_failed', label);
      assertNoLeak(err, `token exchange echo in ${label}`);
    });
  }

  test('a 200 from the token endpoint that is not a usable token: the error does not show the body', async () => {
    for (const json of [{ access_token: C.issuedToken, token_type: 'mac' }, { token: C.issuedToken }]) {
      const srv = await server([{ json }]);
      const err = await rejectsWith(clientFor(srv, 'serviceAccount').list(GROUP), 'AtlasAuthError', 'token_exchange_failed');
      assertNoLeak(err, JSON.stringify(Object.keys(json)));
    }
  });
});

describe('validation, previews and built requests', () => {
  const MALFORMED = [
    { type: 'PAGER_DUTY', serviceKey: `sk-${C.slackToken}` },
    { type: 'PAGER_DUTY', serviceKey: C.serviceKey.slice(0, 31) },
    { type: 'DATADOG', apiKey: `${C.datadogKey}00` },
    { type: 'PROMETHEUS', username: 'u', password: C.promPassword, serviceDiscovery: 'nope', enabled: 'yes' },
    { type: 'SLACK', apiToken: C.slackToken, channelName: '', apiSecret: C.opsGenieKey },
    { type: 'OPS_GENIE', apiKey: C.opsGenieKey, region: 'MARS' },
    { type: 'VICTOR_OPS', apiKey: 42, routingKey: C.victorOpsKey },
    { type: 'NEW_RELIC', accountId: C.serviceKey, licenseKey: C.datadogKey, readToken: C.promPassword, writeToken: C.slackToken },
    { type: 'HIP_CHAT', notificationToken: C.slackToken, roomName: 'r' },
  ];
  // Valid apart from warnings: unknown fields with secret-looking names; malformed URLs
  // (`invalid_url` is a warning: no source says the server refuses a URL shape).
  const WARNED = [
    { type: 'DATADOG', apiKey: C.datadogKey, password: C.promPassword, nested: { token: C.token }, apiSecret: C.clientSecret },
    { type: 'WEBHOOK', url: `not a url ${C.webhookPath}`, secret: C.webhookSecret },
    { type: 'WEBHOOK', url: `ftp://hooks.example.com/${C.webhookPath}` },
    { type: 'MICROSOFT_TEAMS', microsoftTeamsWebhookUrl: `https:// ${C.teamsPath}` },
  ];
  // Masked values as the API returns them (must be refused, and the refusal must not echo them).
  const MASKED = [
    { type: 'PAGER_DUTY', serviceKey: `${'*'.repeat(28)}${C.serviceKey.slice(-4)}` },
    { type: 'SLACK', apiToken: `${'*'.repeat(70)}abcd`, channelName: 'a' },
    { type: 'WEBHOOK', url: 'https://webhook.com/****', secret: '******' },
    { type: 'MICROSOFT_TEAMS', microsoftTeamsWebhookUrl: 'https://webhook.com/****' },
  ];

  test('validateBody and validateOperation issues never hold a canary (malformed and masked values)', () => {
    for (const body of [...MALFORMED, ...MASKED, ...WARNED]) {
      for (const flavour of ['atlasV2', 'cloudManager']) {
        const issues = validateBody(body, { flavour });
        if (flavour === 'atlasV2' && !WARNED.includes(body)) assert.ok(issues.some((i) => i.severity === 'error'), `refused: ${JSON.stringify(body).slice(0, 60)}`);
        assertTextClean(JSON.stringify(issues), `validateBody ${body.type} ${flavour}`);
        for (const i of issues) assert.ok(!i.message.includes('****'), `masked value not quoted: ${i.message}`);
        const opIssues = validateOperation({ op: 'update', groupId: GROUP, integrationType: body.type, body }, { flavour });
        assertTextClean(JSON.stringify(opIssues), `validateOperation ${body.type} ${flavour}`);
      }
    }
    assert.ok(validateBody(WARNED[0]).some((i) => i.severity === 'warning'), 'unknown fields are warned about');
    // (groupId and integrationType are identifiers and may be quoted back; query values are not secrets either, but are checked anyway.)
    const wrongPath = validateOperation({ op: 'create', groupId: 'nope', integrationType: 'SLACK', body: BODIES.SLACK, query: { itemsPerPage: C.promPassword, pageNum: C.token } });
    assert.ok(wrongPath.some((i) => i.severity === 'error'));
    assertTextClean(JSON.stringify(wrongPath), 'validateOperation with secrets in path and query');
  });

  test('AtlasValidationError from the client, buildRequest, previewCurl and preview holds no canary', async () => {
    const c = new AtlasClient({ baseUrl: 'http://127.0.0.1:9/', token: C.token });
    for (const body of [...MALFORMED, ...MASKED]) {
      const op = { op: 'update', groupId: GROUP, integrationType: body.type, body };
      for (const [label, run] of [
        ['create', () => c.create(GROUP, body)],
        ['update', () => c.update(GROUP, body)],
        ['upsert', () => c.upsert(GROUP, body)],
        ['plan', () => c.plan(GROUP, body)],
        ['apply', () => c.apply(GROUP, body)],
      ]) {
        const err = await rejectsWith(run(), 'AtlasValidationError', 'validation_failed', `${label} ${body.type}`);
        assert.ok(Array.isArray(err.issues) && err.issues.length > 0);
        assertNoLeak(err, `${label} ${body.type}`);
      }
      for (const [label, run] of [
        ['buildRequest', () => buildRequest(op)],
        ['previewCurl', () => previewCurl(op)],
        ['client.preview', () => c.preview(op)],
      ]) {
        assertNoLeak(throwsWith(run, 'AtlasValidationError', 'validation_failed', `${label} ${body.type}`), `${label} ${body.type}`);
      }
    }
  });

  test('previewCurl shows neither credentials nor secret fields, for every type and operation', () => {
    let previews = 0;
    for (const [type, body] of Object.entries(BODIES)) {
      for (const op of [{ op: 'create', groupId: GROUP, body }, { op: 'update', groupId: GROUP, integrationType: type, body }, { op: 'get', groupId: GROUP, integrationType: type }]) {
        for (const opts of [{}, { auth: 'bearer' }, { auth: 'digest', publicKey: PUBLIC_KEY }, { auth: 'none' }, { flavour: 'cloudManager', auth: 'digest' }]) {
          if (validateOperation(op, { flavour: opts.flavour }).some((i) => i.severity === 'error')) continue; // e.g. region or Datadog in Cloud Manager
          previews += 1;
          const curl = previewCurl(op, opts);
          assert.match(curl, /^curl /);
          assertTextClean(curl, `previewCurl ${type} ${op.op} ${JSON.stringify(opts)}`);
          if (op.body) assert.match(curl, /<redacted>/, 'secret fields are shown as <redacted>');
        }
      }
    }
    assert.ok(previews >= 9 * 3 * 4, `previews made: ${previews}`);
    // Bodies with unknown secret-looking fields are previewed without them too.
    assertTextClean(previewCurl({ op: 'create', groupId: GROUP, body: WARNED[0] }), 'previewCurl with unknown secret-looking fields');
  });

  test('client.preview hides the client credentials and the secret fields', () => {
    const clients = {
      token: new AtlasClient({ token: C.token }),
      provider: new AtlasClient({ token: () => C.providerToken }),
      digest: new AtlasClient({ digest: { publicKey: PUBLIC_KEY, privateKey: C.digestPrivateKey } }),
      serviceAccount: new AtlasClient({ serviceAccount: { clientId: CLIENT_ID, clientSecret: C.clientSecret } }),
    };
    for (const [auth, c] of Object.entries(clients)) {
      for (const [type, body] of Object.entries(BODIES)) {
        const curl = c.preview({ op: 'update', groupId: GROUP, integrationType: type, body });
        assertTextClean(curl, `${auth} preview ${type}`);
        if (auth === 'digest') assert.ok(curl.includes(PUBLIC_KEY), 'the public key is an identifier and is shown');
        else assert.match(curl, /Authorization: Bearer <redacted>/);
      }
    }
  });

  test('buildRequest carries the body secrets (it is the request) but never an Authorization header', () => {
    let built = 0;
    for (const [type, body] of Object.entries(BODIES)) {
      for (const flavour of ['atlasV2', 'atlasV1', 'opsManager']) {
        const opts = flavour === 'opsManager' ? { flavour, baseUrl: 'https://opsmanager.example.com:8443' } : { flavour };
        const op = { op: 'create', groupId: GROUP, body };
        if (validateOperation(op, { flavour }).some((i) => i.severity === 'error')) continue; // a field or type the flavour lacks
        built += 1;
        const req = buildRequest({ op: 'create', groupId: GROUP, body }, opts);
        assert.deepEqual(JSON.parse(req.body), body, `${type} ${flavour}: the body is the body given`);
        assert.deepEqual(Object.keys(req.headers).filter((h) => /^(proxy-)?authorization$/i.test(h)), [], `${type} ${flavour}: no Authorization header`);
        assertTextClean(JSON.stringify(req.headers) + req.url, `${type} ${flavour} headers and url`);
      }
    }
    assert.ok(built >= 9 + 9, `requests built: ${built}`);
  });
});

describe('configuration errors', () => {
  test('refused credentials and headers are not quoted back', () => {
    const cases = [
      { token: `${C.token} with space` },
      { token: `${C.token}\n` },
      { digest: { publicKey: PUBLIC_KEY, privateKey: `${C.digestPrivateKey} x` } },
      { serviceAccount: { clientId: CLIENT_ID, clientSecret: `${C.clientSecret}\t` } },
      { token: C.token, digest: { publicKey: PUBLIC_KEY, privateKey: C.digestPrivateKey } },
      { token: C.token, headers: { Authorization: `Bearer ${C.token}` } },
      { token: C.token, headers: { 'X-Extra': `${C.providerToken}\r\nX-Injected: 1` } },
      { token: C.token, headers: { [`X ${C.providerToken}`]: 'v' } },
      { token: C.token, headers: { 'X-Number': Number(C.serviceKey.slice(0, 8)) || 1 } },
      { token: C.token, baseUrl: `http://user:${C.clientSecret}@example.com/` },
      { token: C.token, retries: { max: 99, secret: C.promPassword } },
    ];
    for (const options of cases) {
      const err = throwsWith(() => new AtlasClient(options), 'AtlasConfigError', undefined, JSON.stringify(Object.keys(options)));
      assertNoLeak(err, `config ${JSON.stringify(options).slice(0, 80)}`);
    }
  });
});

// Regression (was a leak): the plan's GET sends no body, so its errors were scrubbed of the
// credentials only; a server echoing the stored secret (the one the caller is about to send
// again) into the error leaked it.
test('plan and apply: errors of their GET are scrubbed of the desired body\'s secrets', async () => {
  for (const [type, body] of Object.entries(BODIES)) {
    // The stored values of the secret fields, as the server holds them (a URL secret whole).
    const echoed = Object.values(body).filter((v) => typeof v === 'string' && BODY_CANARIES[type].some((c) => v.includes(c))).join(' ');
    const reply = { status: 500, json: { error: 500, errorCode: 'UNEXPECTED_ERROR', detail: `stored: ${echoed}`, reason: echoed, parameters: [echoed] } };
    for (const op of ['plan', 'apply']) {
      const srv = await server(() => reply);
      const c = clientFor(srv, 'token');
      const err = await rejectsWith(c[op](GROUP, body), 'AtlasApiError', 'api_error');
      assert.equal(err.status, 500);
      assert.deepEqual(srv.requests.map((r) => r.method), ['GET'], `${type} ${op}: only the GET`);
      assertNoLeak(err, `${type} ${op}`);
    }
  }
});

// The plan's GET: a 404 `INTEGRATION_NOT_CONFIGURED` (however it comes: an API error, an
// envelope, an OAuth-shaped body) means "none yet", recognised before an error is made of
// it (src/wasm/client.rs `Inner::current`); any other failure is the error.
test('apply: which failures of its GET mean "not configured yet"', async () => {
  const none = [
    { status: 404, json: { error: 404, errorCode: 'INTEGRATION_NOT_CONFIGURED', detail: 'none', parameters: [] } },
    { json: { status: 404, content: { error: 404, errorCode: 'INTEGRATION_NOT_CONFIGURED', detail: 'none', parameters: [] } } },
    { status: 404, json: { error: 'integration_not_configured' } },
  ];
  for (const reply of none) {
    const srv = await server((req) => (req.method === 'GET' ? reply : { json: { results: [], totalCount: 0, links: [] } }));
    const result = await clientFor(srv, 'token').apply(GROUP, BODIES.PROMETHEUS);
    assert.equal(result.action, 'create', JSON.stringify(reply));
    assert.deepEqual(srv.requests.map((r) => r.method), ['GET', 'POST']);
  }
  // Any 404 to the GET means "not configured" (issue 17 point 12: Cloud and Ops Manager
  // versions and proxies answer 404 with other codes, or none).
  for (const reply of [
    { status: 404, json: { error: 404, errorCode: 'GROUP_NOT_FOUND', detail: 'No project.', parameters: [] } },
    { fault: 'html', status: 404, body: '<html>Not Found</html>' },
  ]) {
    const srv = await server((req) => (req.method === 'GET' ? reply : { json: { results: [], totalCount: 0, links: [] } }));
    const result = await clientFor(srv, 'token').apply(GROUP, BODIES.PROMETHEUS);
    assert.equal(result.action, 'create', JSON.stringify(reply));
    assert.deepEqual(srv.requests.map((r) => r.method), ['GET', 'POST']);
  }
  const other = { status: 401, json: { error: 401, errorCode: 'USER_UNAUTHORIZED', detail: 'No.', parameters: [] } };
  const srv = await server([other]);
  const err = await rejectsWith(clientFor(srv, 'token').apply(GROUP, BODIES.PROMETHEUS), 'AtlasApiError', 'api_error');
  assert.equal(err.errorCode, 'USER_UNAUTHORIZED');
  assert.deepEqual(srv.requests.map((r) => r.method), ['GET']);
});

test('no unhandled rejections during the suite', async () => {
  await sleep(100);
  assert.deepEqual(unhandled.seen.map(String), []);
});
