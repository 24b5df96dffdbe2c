// Behaviour of the stand-in Atlas server (www/server/standin.mjs).
// Every server here is started on 127.0.0.1:0 by the test itself.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { startStandIn } from '../../www/server/standin.mjs';
import { startFaultServer } from '../support/fault-server.mjs';
import { request, digestResponse, challengeParams } from '../support/http.mjs';

const G = '5f0c1e2d3b4a59687766554a';
const G2 = '0123456789abcdef01234567';
const V2 = 'application/vnd.atlas.2023-01-01+json';
const PREFIX = { v2: '/api/atlas/v2', v1: '/api/atlas/v1.0', public: '/api/public/v1.0' };
const PD_KEY = '0123456789abcdef0123456789abcdef';
const DD_KEY = 'fedcba9876543210fedcba9876543210';
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function call(s, method, rel, { flavour = 'v2', body, headers = {}, token = 'demo-token', group = G } = {}) {
  const h = {};
  if (token) h.Authorization = `Bearer ${token}`;
  if (flavour === 'v2') h.Accept = V2;
  else h.Accept = 'application/json';
  if (body !== undefined) h['Content-Type'] = flavour === 'v2' ? V2 : 'application/json';
  Object.assign(h, headers);
  for (const k of Object.keys(h)) if (h[k] === null) delete h[k];
  return request(s.url, `${PREFIX[flavour]}/groups/${group}/integrations${rel}`, { method, headers: h, body });
}

function assertApiError(r, status, errorCode) {
  assert.equal(r.status, status, `status (body: ${r.text})`);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.json.error, status);
  assert.equal(r.json.errorCode, errorCode);
  assert.equal(typeof r.json.detail, 'string');
  assert.equal(typeof r.json.reason, 'string');
  assert.ok(Array.isArray(r.json.parameters));
}

describe('integrations resource (bearer token, in memory)', () => {
  let s;
  const lines = [];
  before(async () => {
    s = await startStandIn({ log: (l) => lines.push(l) });
  });
  after(() => s.close());

  test('empty list: paginated shape, v2 media type, rate-limit headers', async () => {
    const r = await call(s, 'GET', '');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], V2);
    assert.deepEqual(r.json.results, []);
    assert.equal(r.json.totalCount, 0);
    assert.equal(r.json.links[0].rel, 'self');
    assert.equal(r.json.links[0].href, `${s.url.slice(0, -1)}${PREFIX.v2}/groups/${G}/integrations?pageNum=1&itemsPerPage=100`);
    assert.match(r.headers['ratelimit-limit'], /^\d+$/);
    assert.match(r.headers['ratelimit-remaining'], /^\d+$/);
    assert.ok(Number(r.headers['ratelimit-remaining']) < Number(r.headers['ratelimit-limit']));
  });

  test('POST creates and answers 200 with the list of ALL integrations; duplicate is 409', async () => {
    let r = await call(s, 'POST', '/PAGER_DUTY', { body: { type: 'PAGER_DUTY', serviceKey: PD_KEY, region: 'EU' } });
    assert.equal(r.status, 200);
    assert.equal(r.json.totalCount, 1);
    assert.match(r.json.results[0].id, /^[a-f0-9]{24}$/);
    r = await call(s, 'POST', '/OPS_GENIE', { body: { type: 'OPS_GENIE', apiKey: 'opsgenie-key-0000-1111-2222-abcd', region: 'US' } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.results.map((x) => x.type), ['PAGER_DUTY', 'OPS_GENIE']);
    assert.equal(r.json.totalCount, 2);
    r = await call(s, 'POST', '/PAGER_DUTY', { body: { type: 'PAGER_DUTY', serviceKey: PD_KEY } });
    assertApiError(r, 409, 'INTEGRATION_ALREADY_CONFIGURED');
    assert.equal(s.state.get(G, 'PAGER_DUTY').region, 'EU', 'the 409 changed nothing');
  });

  test('GET one returns the masked object; unknown type configured → 404 INTEGRATION_NOT_CONFIGURED', async () => {
    const r = await call(s, 'GET', '/PAGER_DUTY');
    assert.equal(r.status, 200);
    assert.equal(r.json.type, 'PAGER_DUTY');
    assert.equal(r.json.serviceKey, '*'.repeat(28) + 'cdef');
    assert.equal(r.json.region, 'EU');
    assertApiError(await call(s, 'GET', '/SLACK'), 404, 'INTEGRATION_NOT_CONFIGURED');
  });

  test('paging: pageNum, itemsPerPage, links, includeCount=false, envelope, pretty', async () => {
    await call(s, 'POST', '/VICTOR_OPS', { body: { type: 'VICTOR_OPS', apiKey: 'victor-ops-api-key-123456', routingKey: 'rk-1' } });
    let r = await call(s, 'GET', '?itemsPerPage=2&pageNum=2');
    assert.equal(r.status, 200);
    assert.equal(r.json.results.length, 1);
    assert.equal(r.json.results[0].type, 'VICTOR_OPS');
    assert.equal(r.json.totalCount, 3);
    assert.deepEqual(r.json.links.map((l) => l.rel), ['self', 'previous']);
    assert.match(r.json.links[0].href, /\?pageNum=2&itemsPerPage=2$/);
    r = await call(s, 'GET', '?itemsPerPage=2');
    assert.deepEqual(r.json.links.map((l) => l.rel), ['self', 'next']);
    r = await call(s, 'GET', '?pageNum=9');
    assert.deepEqual(r.json.results, []);
    assert.equal(r.json.totalCount, 3);
    r = await call(s, 'GET', '?includeCount=false');
    assert.equal(r.status, 200);
    assert.ok(!('totalCount' in r.json));
    assert.equal(r.json.results.length, 3);
    r = await call(s, 'GET', '?envelope=true');
    assert.equal(r.json.status, 200);
    assert.equal(r.json.results.length, 3);
    r = await call(s, 'GET', '/VICTOR_OPS?envelope=true');
    assert.equal(r.json.status, 200);
    assert.equal(r.json.content.type, 'VICTOR_OPS');
    assert.equal(r.json.content.routingKey, 'rk-1', 'routingKey is not a secret');
    r = await call(s, 'GET', '?pretty=true');
    assert.match(r.text, /^\{\n {2}"links"/);
    r = await call(s, 'GET', '?pretty=false');
    assert.ok(!r.text.includes('\n'));
    // POST/PUT honour the list parameters too
    r = await call(s, 'PUT', '/VICTOR_OPS?itemsPerPage=1&includeCount=false', { body: { type: 'VICTOR_OPS', apiKey: 'victor-ops-api-key-123456' } });
    assert.equal(r.status, 200);
    assert.equal(r.json.results.length, 1);
    assert.ok(!('totalCount' in r.json));
  });

  test('bad query parameters → 400 INVALID_QUERY_PARAMETER', async () => {
    for (const q of ['itemsPerPage=0', 'itemsPerPage=501', 'itemsPerPage=abc', 'itemsPerPage=-1', 'pageNum=0', 'pageNum=1.5', 'includeCount=maybe', 'envelope=1', 'pretty=yes']) {
      assertApiError(await call(s, 'GET', `?${q}`), 400, 'INVALID_QUERY_PARAMETER');
    }
    assert.equal((await call(s, 'GET', '?itemsPerPage=500&pageNum=1')).status, 200);
    assert.equal((await call(s, 'GET', '?itemsPerPage=1')).status, 200);
  });

  test('PUT replaces the whole configuration and keeps the id; v2 PUT of an absent type → 404', async () => {
    const before_ = await call(s, 'GET', '/PAGER_DUTY');
    const key2 = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa9999';
    const r = await call(s, 'PUT', '/PAGER_DUTY', { body: { type: 'PAGER_DUTY', serviceKey: key2 } });
    assert.equal(r.status, 200);
    assert.ok(Array.isArray(r.json.results));
    const after_ = await call(s, 'GET', '/PAGER_DUTY');
    assert.equal(after_.json.id, before_.json.id);
    assert.equal(after_.json.serviceKey, '*'.repeat(28) + '9999');
    assert.ok(!('region' in after_.json), 'region was replaced away');
    assert.equal(s.state.get(G, 'PAGER_DUTY').serviceKey, key2);
    assertApiError(await call(s, 'PUT', '/DATADOG', { body: { type: 'DATADOG', apiKey: DD_KEY } }), 404, 'INTEGRATION_NOT_CONFIGURED');
    assert.equal(s.state.get(G, 'DATADOG'), undefined);
  });

  test('PUT is an upsert on v1.0 and on the CM/OM public API', async () => {
    let r = await call(s, 'PUT', '/DATADOG', { flavour: 'v1', group: G2, body: { type: 'DATADOG', apiKey: DD_KEY, region: 'US3' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.json.results[0].apiKey, '*'.repeat(28) + '3210');
    r = await call(s, 'PUT', '/OPS_GENIE', { flavour: 'public', group: G2, body: { type: 'OPS_GENIE', apiKey: 'k'.repeat(36) } });
    assert.equal(r.status, 200);
    assert.equal(r.json.totalCount, 2);
  });

  test('one state per project across the three prefixes', async () => {
    const a = await call(s, 'GET', '/DATADOG', { group: G2 });
    const b = await call(s, 'GET', '/DATADOG', { group: G2, flavour: 'v1' });
    assert.equal(a.status, 200);
    assert.deepEqual(a.json, b.json);
    const c = await call(s, 'GET', '', { group: G2, flavour: 'public' });
    assert.deepEqual(c.json.results.map((x) => x.type), ['DATADOG', 'OPS_GENIE']);
  });

  test('DELETE → 204 without a body, then 404', async () => {
    let r = await call(s, 'DELETE', '/OPS_GENIE', { group: G2 });
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    assert.match(r.headers['ratelimit-remaining'], /^\d+$/);
    assertApiError(await call(s, 'GET', '/OPS_GENIE', { group: G2 }), 404, 'INTEGRATION_NOT_CONFIGURED');
    assertApiError(await call(s, 'DELETE', '/OPS_GENIE', { group: G2 }), 404, 'INTEGRATION_NOT_CONFIGURED');
  });

  test('path parameters: groupId pattern, integrationType enum', async () => {
    for (const g of ['5f0c1e2d3b4a59687766554', '5F0C1E2D3B4A59687766554A', 'zzzzzzzzzzzzzzzzzzzzzzzz', 'not-a-group']) {
      assertApiError(await call(s, 'GET', '', { group: g }), 404, 'INVALID_GROUP_ID');
    }
    for (const t of ['FLOWDOCK', 'pager_duty', 'S3_LOG_EXPORT', 'NOPE']) {
      assertApiError(await call(s, 'GET', `/${t}`), 400, 'INVALID_PATH_PARAMETER');
    }
    // HIP_CHAT is in the path enum: reading it is fine, configuring it on Atlas is not
    assertApiError(await call(s, 'GET', '/HIP_CHAT'), 404, 'INTEGRATION_NOT_CONFIGURED');
  });

  test('body checks', async () => {
    let r = await call(s, 'POST', '/SLACK', { body: { type: 'WEBHOOK', url: 'https://x.example/h' } });
    assertApiError(r, 400, 'INVALID_INTEGRATION_SETTINGS');
    assert.equal(r.json.badRequestDetail.fields[0].field, 'type');
    assertApiError(await call(s, 'POST', '/WEBHOOK', { body: { url: 'https://x.example/h' } }), 400, 'MISSING_ATTRIBUTE');
    assertApiError(await call(s, 'POST', '/WEBHOOK', { body: { type: 'WEBHOOKS', url: 'https://x.example/h' } }), 400, 'INVALID_ENUM_VALUE');

    r = await call(s, 'POST', '/MICROSOFT_TEAMS', { body: { type: 'MICROSOFT_TEAMS' } });
    assertApiError(r, 400, 'MISSING_ATTRIBUTE');
    assert.deepEqual(r.json.parameters, ['microsoftTeamsWebhookUrl']);
    assert.deepEqual(r.json.badRequestDetail.fields.map((f) => f.field), ['microsoftTeamsWebhookUrl']);
    r = await call(s, 'POST', '/MICROSOFT_TEAMS', { flavour: 'v1', body: { type: 'MICROSOFT_TEAMS' } });
    assertApiError(r, 400, 'MISSING_ATTRIBUTE');
    assert.ok(!('badRequestDetail' in r.json), 'badRequestDetail is a v2 feature');

    r = await call(s, 'POST', '/PAGER_DUTY', { group: G2, body: { type: 'PAGER_DUTY', serviceKey: 'not-hex-not-32' } });
    assertApiError(r, 400, 'INVALID_PAGER_DUTY_SERVICE_KEY');
    assert.ok(!r.text.includes('not-hex-not-32'), 'the rejected secret is not echoed');
    r = await call(s, 'POST', '/DATADOG', { body: { type: 'DATADOG', apiKey: 'g'.repeat(32) } });
    assertApiError(r, 400, 'INVALID_DATADOG_API_KEY');
    assertApiError(await call(s, 'POST', '/DATADOG', { body: { type: 'DATADOG', apiKey: DD_KEY, region: 'MARS' } }), 400, 'INVALID_ENUM_VALUE');
    assertApiError(await call(s, 'POST', '/DATADOG', { body: { type: 'DATADOG', apiKey: DD_KEY, sendDatabaseMetrics: 'yes' } }), 400, 'INVALID_ATTRIBUTE');
    assertApiError(await call(s, 'POST', '/PROMETHEUS', { body: { type: 'PROMETHEUS', username: 'u', serviceDiscovery: 'dns', enabled: true } }), 400, 'INVALID_ENUM_VALUE');
    assertApiError(await call(s, 'POST', '/WEBHOOK', { body: { type: 'WEBHOOK', url: 'ftp://x.example/' } }), 400, 'INVALID_ATTRIBUTE');
    assertApiError(await call(s, 'POST', '/NEW_RELIC', { body: { type: 'NEW_RELIC', accountId: 'A'.repeat(40), licenseKey: 'a'.repeat(40), readToken: 'r', writeToken: 'w' } }), 400, 'INVALID_ATTRIBUTE');
    assertApiError(await call(s, 'POST', '/SLACK', { body: { type: 'SLACK', apiToken: 'xoxb-1', channelName: 'c'.repeat(81) } }), 400, 'INVALID_ATTRIBUTE');
    assertApiError(await call(s, 'POST', '/SLACK', { body: { type: 'SLACK', apiToken: 'xoxb-1' } }), 400, 'MISSING_ATTRIBUTE');
    // Atlas v1.0 documents channelName as optional (the package only recommends it there);
    // its 80-character limit still holds.
    r = await call(s, 'POST', '/SLACK', { flavour: 'v1', group: G2, body: { type: 'SLACK', apiToken: 'xoxb-v1-abcd' } });
    assert.equal(r.status, 200, r.text);
    assertApiError(await call(s, 'PUT', '/SLACK', { flavour: 'v1', group: G2, body: { type: 'SLACK', apiToken: 'xoxb-1', channelName: 'c'.repeat(81) } }), 400, 'INVALID_ATTRIBUTE');
    assert.equal((await call(s, 'DELETE', '/SLACK', { flavour: 'v1', group: G2 })).status, 204);
    assertApiError(await call(s, 'POST', '/SLACK', { body: [] }), 400, 'INVALID_JSON');

    const secret = 'a-secret-inside-broken-json';
    r = await call(s, 'POST', '/WEBHOOK', { body: `{"type":"WEBHOOK","secret":"${secret}",` });
    assertApiError(r, 400, 'MALFORMED_JSON');
    assert.ok(!r.text.includes(secret));
    assertApiError(await call(s, 'POST', '/WEBHOOK', { body: '' }), 400, 'MALFORMED_JSON');
  });

  test('HipChat is refused on Atlas; Datadog is refused on Cloud Manager', async () => {
    const hip = { type: 'HIP_CHAT', notificationToken: 'hipchat-token-12345', roomName: 'ops' };
    assertApiError(await call(s, 'POST', '/HIP_CHAT', { body: hip }), 400, 'HIPCHAT_NOT_SUPPORTED');
    assertApiError(await call(s, 'PUT', '/HIP_CHAT', { flavour: 'v1', body: hip }), 400, 'HIPCHAT_NOT_SUPPORTED');
    assertApiError(await call(s, 'POST', '/HIP_CHAT', { flavour: 'public', body: hip }), 400, 'HIPCHAT_NOT_SUPPORTED');
    assertApiError(await call(s, 'POST', '/DATADOG', { flavour: 'public', body: { type: 'DATADOG', apiKey: DD_KEY } }), 400, 'DATADOG_NOT_SUPPORTED_FOR_CLOUD_MANAGER');
  });

  test('v2 media types: versioned Accept required (406), later dates map to 2023-01-01, body Content-Type checked (415)', async () => {
    for (const accept of [null, 'application/json', '*/*', 'application/vnd.atlas.2022-12-31+json', 'application/vnd.atlas.2023-02-30+json', 'application/vnd.atlas.preview+json']) {
      const r = await call(s, 'GET', '', { headers: { Accept: accept } });
      assertApiError(r, 406, 'INVALID_VERSION_DATE');
    }
    let r = await call(s, 'GET', '', { headers: { Accept: 'application/vnd.atlas.2025-03-12+json' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], V2);
    r = await call(s, 'GET', '', { headers: { Accept: 'application/json, application/vnd.atlas.2023-01-01+json;q=0.9' } });
    assert.equal(r.status, 200);
    const mt = { type: 'MICROSOFT_TEAMS', microsoftTeamsWebhookUrl: 'https://teams.example.com/webhook/abc' };
    r = await call(s, 'POST', '/MICROSOFT_TEAMS', { body: mt, headers: { 'Content-Type': 'text/plain' } });
    assertApiError(r, 415, 'UNSUPPORTED_MEDIA_TYPE');
    r = await call(s, 'POST', '/MICROSOFT_TEAMS', { body: mt, headers: { 'Content-Type': 'application/vnd.atlas.2022-01-01+json' } });
    assertApiError(r, 415, 'UNSUPPORTED_MEDIA_TYPE');
    r = await call(s, 'POST', '/MICROSOFT_TEAMS', { body: mt, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    assert.equal(r.status, 200);
    // v1.0 / public: plain JSON only, no version needed
    assert.equal((await call(s, 'GET', '', { flavour: 'v1' })).status, 200);
    r = await call(s, 'PUT', '/MICROSOFT_TEAMS', { flavour: 'v1', body: mt, headers: { 'Content-Type': V2 } });
    assertApiError(r, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('methods: OPTIONS answers Allow without auth; wrong method → 405; unknown /api path → 404', async () => {
    let r = await request(s.url, `${PREFIX.v2}/groups/${G}/integrations/SLACK`, { method: 'OPTIONS' });
    assert.equal(r.status, 204);
    assert.equal(r.headers.allow, 'GET, POST, PUT, DELETE, OPTIONS');
    r = await call(s, 'POST', '', { body: {} });
    assertApiError(r, 405, 'METHOD_NOT_ALLOWED');
    assert.equal(r.headers.allow, 'GET, OPTIONS');
    assertApiError(await request(s.url, '/api/atlas/v2/groups/' + G + '/clusters'), 404, 'RESOURCE_NOT_FOUND');
    assertApiError(await request(s.url, '/api/atlas/v2/groups/' + G + '/integrations/'), 404, 'RESOURCE_NOT_FOUND');
  });

  test('bearer token check → 401 USER_UNAUTHORIZED with a challenge', async () => {
    for (const auth of [null, 'Bearer wrong-token', 'Bearer demo-token-', 'Bearer ', 'Basic ZGVtbzpkZW1v', 'demo-token']) {
      const r = await call(s, 'GET', '', { token: null, headers: auth ? { Authorization: auth } : {} });
      assertApiError(r, 401, 'USER_UNAUTHORIZED');
      assert.deepEqual(r.all('www-authenticate'), ['Bearer realm="atlas-stand-in"']);
    }
    assert.equal((await call(s, 'GET', '', { headers: { Authorization: 'bearer demo-token' } })).status, 200, 'scheme is case-insensitive');
  });

  test('the log never holds tokens, secrets or query strings', () => {
    assert.ok(lines.length > 20);
    const joined = lines.join('\n');
    for (const secret of ['demo-token', PD_KEY, DD_KEY, 'opsgenie-key', 'victor-ops-api-key', 'a-secret-inside-broken-json', 'pageNum', 'wrong-token']) {
      assert.ok(!joined.includes(secret), `log contains ${secret}`);
    }
    assert.match(lines[0], /^GET \/api\/atlas\/v2\/groups\/[a-f0-9]{24}\/integrations 200 \d+ms$/);
  });
});

describe('secret masking, as Atlas does it', () => {
  let s;
  before(async () => {
    s = await startStandIn({ token: 't0k' });
  });
  after(() => s.close());
  const opt = { token: 't0k' };

  test('each secret kind', async () => {
    const slackToken = 'xoxb-' + 'x'.repeat(65) + 'WXYZ'; // 74 characters
    const bodies = [
      { type: 'PAGER_DUTY', serviceKey: PD_KEY },
      { type: 'DATADOG', apiKey: DD_KEY, region: 'EU', sendDatabaseMetrics: true },
      { type: 'OPS_GENIE', apiKey: '12345678-aaaa-bbbb-cccc-1234567890ab' },
      { type: 'VICTOR_OPS', apiKey: 'victor-ops-api-key-1234567890', routingKey: 'route-66' },
      { type: 'SLACK', apiToken: slackToken, channelName: 'alerts', teamName: 'MongoDB' },
      { type: 'WEBHOOK', url: 'https://hooks.example.com:8443/path/to/hook?token=abc', secret: 'webhook-signing-secret' },
      { type: 'MICROSOFT_TEAMS', microsoftTeamsWebhookUrl: 'https://webhook.com/webhookb2/very/secret/path' },
      { type: 'PROMETHEUS', username: 'prom_user_618d48e05277a606ed2496fe', password: 'prom-password', serviceDiscovery: 'http', enabled: true },
      { type: 'NEW_RELIC', accountId: 'a'.repeat(40), licenseKey: 'b'.repeat(40), readToken: 'read-token', writeToken: 'write-token' },
    ];
    for (const b of bodies) {
      const r = await call(s, 'POST', `/${b.type}`, { ...opt, body: b });
      assert.equal(r.status, 200, `${b.type}: ${r.text}`);
    }
    const get = async (t) => (await call(s, 'GET', `/${t}`, opt)).json;
    assert.equal((await get('PAGER_DUTY')).serviceKey, '****************************cdef');
    assert.equal((await get('DATADOG')).apiKey, '*'.repeat(28) + '3210');
    assert.equal((await get('DATADOG')).sendDatabaseMetrics, true);
    assert.equal((await get('OPS_GENIE')).apiKey, '*'.repeat(32) + '90ab');
    const vo = await get('VICTOR_OPS');
    assert.equal(vo.apiKey, '*'.repeat(25) + '7890');
    assert.equal(vo.routingKey, 'route-66');
    const sl = await get('SLACK');
    assert.equal(sl.apiToken, '*'.repeat(70) + 'WXYZ');
    assert.equal(sl.channelName, 'alerts');
    const wh = await get('WEBHOOK');
    assert.equal(wh.url, 'https://hooks.example.com:8443/****');
    assert.equal(wh.secret, '*'.repeat('webhook-signing-secret'.length));
    assert.equal((await get('MICROSOFT_TEAMS')).microsoftTeamsWebhookUrl, 'https://webhook.com/****');
    const pr = await get('PROMETHEUS');
    assert.ok(!('password' in pr), 'Prometheus password is write-only');
    assert.equal(pr.username, 'prom_user_618d48e05277a606ed2496fe');
    assert.equal(pr.enabled, true);
    assert.equal((await get('NEW_RELIC')).readToken, 'read-token', 'New Relic keys are not redacted in the spec examples');

    const list = await call(s, 'GET', '', opt);
    const text = list.text;
    for (const secret of [PD_KEY, DD_KEY, slackToken, 'webhook-signing-secret', 'prom-password', '/path/to/hook', 'very/secret', '12345678-aaaa']) {
      assert.ok(!text.includes(secret), `list leaks ${secret}`);
    }
    // the server still holds the real values
    assert.equal(s.state.get(G, 'PROMETHEUS').password, 'prom-password');
    assert.equal(s.state.get(G, 'WEBHOOK').secret, 'webhook-signing-secret');
  });

  test('a webhook without a secret has no secret field; short secrets are masked whole', async () => {
    await call(s, 'POST', '/WEBHOOK', { ...opt, group: G2, body: { type: 'WEBHOOK', url: 'http://h.example/x' } });
    await call(s, 'POST', '/OPS_GENIE', { ...opt, group: G2, body: { type: 'OPS_GENIE', apiKey: 'abc' } });
    const wh = (await call(s, 'GET', '/WEBHOOK', { ...opt, group: G2 })).json;
    assert.deepEqual(Object.keys(wh).sort(), ['id', 'type', 'url']);
    assert.equal(wh.url, 'http://h.example/****');
    assert.equal((await call(s, 'GET', '/OPS_GENIE', { ...opt, group: G2 })).json.apiKey, '***');
  });

  test('CM/OM Prometheus: password and tlsPemPassword never returned; HipChat token masked on Ops Manager', async () => {
    const om = await startStandIn({ token: 't0k', publicApi: 'ops-manager' });
    try {
      const prom = { type: 'PROMETHEUS', username: 'u', password: 'p4ss', serviceDiscovery: 'file', enabled: false, scheme: 'https', listenAddress: '0.0.0.0:9216', tlsPemPath: '/etc/pem', tlsPemPassword: 'pem-pass' };
      let r = await call(om, 'POST', '/PROMETHEUS', { ...opt, flavour: 'public', body: prom });
      assert.equal(r.status, 200, r.text);
      const got = r.json.results[0];
      assert.ok(!('password' in got) && !('tlsPemPassword' in got));
      assert.equal(got.tlsPemPath, '/etc/pem');
      const noPem = { ...prom, tlsPemPath: undefined };
      assertApiError(await call(om, 'PUT', '/PROMETHEUS', { ...opt, flavour: 'public', body: noPem }), 400, 'MISSING_ATTRIBUTE');
      r = await call(om, 'POST', '/HIP_CHAT', { ...opt, flavour: 'public', body: { type: 'HIP_CHAT', notificationToken: 'hipchat-notification-token-7890', roomName: 'ops' } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.results[1].notificationToken, '*'.repeat(27) + '7890');
      r = await call(om, 'POST', '/DATADOG', { ...opt, flavour: 'public', body: { type: 'DATADOG', apiKey: DD_KEY } });
      assert.equal(r.status, 200, 'Ops Manager request docs list Datadog');
    } finally {
      await om.close();
    }
  });

  test('GET → PUT round trip writes the masks over the real secrets (the bug clients must avoid)', async () => {
    const og = (await call(s, 'GET', '/OPS_GENIE', opt)).json;
    assert.equal(s.state.get(G, 'OPS_GENIE').apiKey, '12345678-aaaa-bbbb-cccc-1234567890ab');
    let r = await call(s, 'PUT', '/OPS_GENIE', { ...opt, body: og });
    assert.equal(r.status, 200);
    assert.equal(s.state.get(G, 'OPS_GENIE').apiKey, '*'.repeat(32) + '90ab', 'the real key is gone');
    assert.equal(s.state.get(G, 'OPS_GENIE').id, og.id, 'a body id is ignored; the stored id stays');

    const wh = (await call(s, 'GET', '/WEBHOOK', opt)).json;
    r = await call(s, 'PUT', '/WEBHOOK', { ...opt, body: wh });
    assert.equal(r.status, 200);
    assert.deepEqual(s.state.get(G, 'WEBHOOK'), { id: wh.id, type: 'WEBHOOK', url: 'https://hooks.example.com:8443/****', secret: '*'.repeat(22) });

    // PagerDuty: the masked key is not 32 hex digits, so Atlas refuses it
    const pd = (await call(s, 'GET', '/PAGER_DUTY', opt)).json;
    assertApiError(await call(s, 'PUT', '/PAGER_DUTY', { ...opt, body: pd }), 400, 'INVALID_PAGER_DUTY_SERVICE_KEY');
    assert.equal(s.state.get(G, 'PAGER_DUTY').serviceKey, PD_KEY);

    // Prometheus: password is never returned, so the round trip drops it
    const pr = (await call(s, 'GET', '/PROMETHEUS', opt)).json;
    assert.equal((await call(s, 'PUT', '/PROMETHEUS', { ...opt, body: pr })).status, 200);
    assert.equal(s.state.get(G, 'PROMETHEUS').password, undefined);
  });
});

describe('HTTP Digest (RFC 7616)', () => {
  let s;
  const PUB = 'abcdefgh';
  const PRIV = '11111111-2222-3333-4444-555555555555';
  const target = `${PREFIX.v2}/groups/${G}/integrations`;
  before(async () => {
    s = await startStandIn({ token: 'bt', digest: { publicKey: PUB, privateKey: PRIV } });
  });
  after(() => s.close());

  async function challenge(method = 'GET', uri = target) {
    const r = await request(s.url, uri, { method, headers: { Accept: V2 } });
    assertApiError(r, 401, 'USER_UNAUTHORIZED');
    return r.all('www-authenticate').map(challengeParams);
  }

  function authHeader(p) {
    return `Digest username="${p.username}", realm="${p.realm}", nonce="${p.nonce}", uri="${p.uri}", algorithm=${p.algorithm}, qop=auth, nc=${p.nc}, cnonce="${p.cnonce}", response="${p.response}"`;
  }

  function creds(ch, { algorithm, nc = '00000001', method = 'GET', uri = target, password = PRIV, username = PUB, cnonce = 'f2a3b4c5d6e7' } = {}) {
    const p = { username, realm: ch.realm, nonce: ch.nonce, uri, algorithm: algorithm ?? ch.algorithm, nc, cnonce };
    p.response = digestResponse({ ...p, password, method });
    return authHeader(p);
  }

  test('401 carries a SHA-256 and an MD5 challenge with qop="auth"', async () => {
    const r = await request(s.url, target, { headers: { Accept: V2 } });
    const raw = r.all('www-authenticate');
    assert.equal(raw.length, 2);
    assert.match(raw[0], /^Digest realm="MMS Public API", .*nonce="[^"]+".*qop="auth".*algorithm=SHA-256/);
    assert.match(raw[1], /^Digest .*algorithm=MD5/);
    const [a, b] = raw.map(challengeParams);
    assert.equal(a.qop, 'auth');
    assert.equal(a.nonce, b.nonce);
  });

  for (const algorithm of ['SHA-256', 'MD5', 'SHA-256-sess', 'MD5-sess']) {
    test(`round trip with ${algorithm}`, async () => {
      const [sha, md5] = await challenge();
      const ch = algorithm.startsWith('SHA') ? sha : md5;
      const r = await request(s.url, target, { headers: { Accept: V2, Authorization: creds(ch, { algorithm }) } });
      assert.equal(r.status, 200, r.text);
      assert.ok(Array.isArray(r.json.results));
    });
  }

  test('POST with Digest (method and uri are part of the hash); nonce counts must grow; replay refused', async () => {
    const uri = `${target}/WEBHOOK?pageNum=1`;
    const [ch] = await challenge('POST', uri);
    const body = { type: 'WEBHOOK', url: 'https://d.example/h' };
    const h1 = creds(ch, { method: 'POST', uri, nc: '00000001' });
    let r = await request(s.url, uri, { method: 'POST', body, headers: { Accept: V2, 'Content-Type': V2, Authorization: h1 } });
    assert.equal(r.status, 200, r.text);
    // exact replay of the same credentials
    r = await request(s.url, uri, { method: 'POST', body, headers: { Accept: V2, 'Content-Type': V2, Authorization: h1 } });
    assertApiError(r, 401, 'USER_UNAUTHORIZED');
    assert.match(r.json.detail, /replay/);
    // same nonce, next nc → fine (another method and target are hashed in)
    r = await request(s.url, uri, { method: 'GET', headers: { Accept: V2, Authorization: creds(ch, { uri, nc: '00000002' }) } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.type, 'WEBHOOK');
    // a lower nonce count, even correctly hashed for a new request, is a replay
    r = await request(s.url, target, { headers: { Accept: V2, Authorization: creds(ch, { nc: '00000001', cnonce: 'other' }) } });
    assertApiError(r, 401, 'USER_UNAUTHORIZED');
    assert.match(r.json.detail, /replay/);
  });

  test('wrong password, wrong user, wrong uri, unknown nonce, qop/algorithm errors → 401', async () => {
    const [ch] = await challenge();
    const cases = [
      creds(ch, { password: 'nope' }),
      creds(ch, { username: 'someone', nc: '00000002' }),
      creds(ch, { uri: target + '?x=1', nc: '00000003' }),
      creds({ ...ch, nonce: 'forged-nonce' }),
      creds(ch, { nc: '00000004' }).replace('qop=auth', 'qop=auth-int'),
      creds(ch, { algorithm: 'SHA-512', nc: '00000005' }),
      creds(ch, { nc: 'zz' }),
      'Digest garbage',
    ];
    for (const a of cases) {
      const r = await request(s.url, target, { headers: { Accept: V2, Authorization: a } });
      assertApiError(r, 401, 'USER_UNAUTHORIZED');
      assert.equal(r.all('www-authenticate').length, 2, 'a fresh challenge comes with each 401');
    }
    // the failures above did not burn the nonce: nc 1 still works
    const r = await request(s.url, target, { headers: { Accept: V2, Authorization: creds(ch) } });
    assert.equal(r.status, 200);
  });

  test('bearer tokens still work on a Digest server', async () => {
    const r = await request(s.url, target, { headers: { Accept: V2, Authorization: 'Bearer bt' } });
    assert.equal(r.status, 200);
  });
});

describe('OAuth client credentials', () => {
  let s;
  const basic = (id, secret) => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');
  const form = 'application/x-www-form-urlencoded';
  before(async () => {
    s = await startStandIn({ token: false, oauth: { clientId: 'mdb_sa_id_123', clientSecret: 'mdb_sa_sk_secret' } });
  });
  after(() => s.close());

  const token = (auth, body = 'grant_type=client_credentials', ct = form) =>
    request(s.url, '/api/oauth/token', { method: 'POST', headers: { Authorization: auth, 'Content-Type': ct }, body });

  test('token issued with Basic client auth and accepted as a bearer token', async () => {
    const r = await token(basic('mdb_sa_id_123', 'mdb_sa_sk_secret'));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.token_type, 'Bearer');
    assert.equal(r.json.expires_in, 3600);
    assert.match(r.json.access_token, /^[A-Za-z0-9_-]{40,}$/);
    assert.equal(r.headers['cache-control'], 'no-store');
    const ok = await call(s, 'GET', '', { token: r.json.access_token });
    assert.equal(ok.status, 200);
    // no static token on this server
    assertApiError(await call(s, 'GET', '', { token: 'demo-token' }), 401, 'USER_UNAUTHORIZED');
  });

  test('client_id/client_secret in the form body also work', async () => {
    const r = await request(s.url, '/api/oauth/token', { method: 'POST', headers: { 'Content-Type': form }, body: 'grant_type=client_credentials&client_id=mdb_sa_id_123&client_secret=mdb_sa_sk_secret' });
    assert.equal(r.status, 200);
  });

  test('errors follow RFC 6749', async () => {
    let r = await token(basic('mdb_sa_id_123', 'wrong'));
    assert.equal(r.status, 401);
    assert.equal(r.json.error, 'invalid_client');
    assert.ok(!r.text.includes('mdb_sa_sk_secret') && !r.text.includes('mdb_sa_id_123'));
    r = await token(undefined);
    assert.equal(r.status, 401);
    r = await token(basic('mdb_sa_id_123', 'mdb_sa_sk_secret'), 'grant_type=password');
    assert.equal(r.status, 400);
    assert.equal(r.json.error, 'unsupported_grant_type');
    r = await token(basic('mdb_sa_id_123', 'mdb_sa_sk_secret'), '');
    assert.equal(r.json.error, 'invalid_request');
    r = await token(basic('mdb_sa_id_123', 'mdb_sa_sk_secret'), '{"grant_type":"client_credentials"}', 'application/json');
    assert.equal(r.status, 400);
    assert.equal(r.json.error, 'invalid_request');
    r = await request(s.url, '/api/oauth/token');
    assert.equal(r.status, 405);
  });

  test('revoked and expired tokens are refused', async () => {
    const t = (await token(basic('mdb_sa_id_123', 'mdb_sa_sk_secret'))).json.access_token;
    const r = await request(s.url, '/api/oauth/revoke', { method: 'POST', headers: { Authorization: basic('mdb_sa_id_123', 'mdb_sa_sk_secret'), 'Content-Type': form }, body: `token=${t}` });
    assert.equal(r.status, 200);
    assertApiError(await call(s, 'GET', '', { token: t }), 401, 'USER_UNAUTHORIZED');

    const short = await startStandIn({ token: false, oauth: { clientId: 'c', clientSecret: 's', expiresIn: 1 } });
    try {
      const tr = await request(short.url, '/api/oauth/token', { method: 'POST', headers: { Authorization: basic('c', 's'), 'Content-Type': form }, body: 'grant_type=client_credentials' });
      assert.equal(tr.json.expires_in, 1);
      assert.equal((await call(short, 'GET', '', { token: tr.json.access_token })).status, 200);
      await new Promise((res) => setTimeout(res, 1100));
      assertApiError(await call(short, 'GET', '', { token: tr.json.access_token }), 401, 'USER_UNAUTHORIZED');
    } finally {
      await short.close();
    }
  });
});

describe('rate limit: a token bucket like Atlas (INTEGRATIONS.md §1.3)', () => {
  test('legacy {limit, windowMs}: 429 RATE_LIMITED_TOKEN_BUCKET with Retry-After once the bucket is empty', async () => {
    const s = await startStandIn({ rateLimit: { limit: 2, windowMs: 60_000 } });
    try {
      const a = await call(s, 'GET', '');
      const b = await call(s, 'GET', '');
      assert.deepEqual([a.headers['ratelimit-remaining'], b.headers['ratelimit-remaining']], ['1', '0']);
      const c = await call(s, 'GET', '');
      assertApiError(c, 429, 'RATE_LIMITED_TOKEN_BUCKET');
      assert.equal(c.headers['ratelimit-limit'], '2');
      assert.equal(c.headers['ratelimit-remaining'], '0');
      assert.match(c.headers['retry-after'], /^\d+$/);
      assert.ok(Number(c.headers['retry-after']) >= 1 && Number(c.headers['retry-after']) <= 60);
      assert.deepEqual(s.stats, { requests: 3, rateLimited: 1 });
    } finally {
      await s.close();
    }
  });

  test("the 429 body has the documented parameters: endpoint set, retry-after, capacity, refill rate, refill duration", async () => {
    const s = await startStandIn({ rateLimit: { capacity: 3, refillRate: 5, refillDurationSeconds: 60 } });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(s, 'GET', '')).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const r = await call(s, 'GET', '');
      assertApiError(r, 429, 'RATE_LIMITED_TOKEN_BUCKET');
      const [set, retry, capacity, rate, seconds] = r.json.parameters;
      assert.deepEqual([set, capacity, rate, seconds], ['api/atlas/v2/groups', 3, 5, 60]);
      assert.equal(String(retry), r.headers['retry-after']);
      assert.ok(retry >= 1 && retry <= 12, `one token comes every 12 s: ${retry}`);
      assert.match(r.json.detail, /Request capacity: 3\. Refill rate: 5 per 60 seconds\./);
    } finally {
      await s.close();
    }
  });

  test('scope: one bucket per project, or one for everything', async () => {
    const perProject = await startStandIn({ rateLimit: { capacity: 1, refillRate: 1, refillDurationSeconds: 3600, scope: 'project' } });
    const global = await startStandIn({ rateLimit: { capacity: 1, refillRate: 1, refillDurationSeconds: 3600, scope: 'global' } });
    try {
      assert.deepEqual([(await call(perProject, 'GET', '')).status, (await call(perProject, 'GET', '', { group: G2 })).status,
        (await call(perProject, 'GET', '')).status], [200, 200, 429]);
      // Another credential does not get its own bucket either in the global scope.
      assert.deepEqual([(await call(global, 'GET', '')).status, (await call(global, 'GET', '', { group: G2 })).status], [200, 429]);
    } finally {
      await Promise.all([perProject.close(), global.close()]);
    }
  });

  test('headers: false leaves RateLimit-* out (Retry-After stays on a 429)', async () => {
    const s = await startStandIn({ rateLimit: { capacity: 1, refillRate: 1, refillDurationSeconds: 3600, headers: false } });
    try {
      const ok = await call(s, 'GET', '');
      assert.equal(ok.status, 200);
      assert.equal(ok.headers['ratelimit-limit'], undefined);
      assert.equal(ok.headers['ratelimit-remaining'], undefined);
      const limited = await call(s, 'GET', '');
      assert.equal(limited.status, 429);
      assert.equal(limited.headers['ratelimit-remaining'], undefined);
      assert.match(limited.headers['retry-after'], /^\d+$/);
    } finally {
      await s.close();
    }
  });

  test('Cloud Manager paths: no RateLimit-* headers and no bucket figures in the 429', async () => {
    const s = await startStandIn({ rateLimit: { capacity: 1, refillRate: 1, refillDurationSeconds: 3600 } });
    try {
      const ok = await call(s, 'GET', '', { flavour: 'public' });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers['ratelimit-limit'], undefined);
      const limited = await call(s, 'GET', '', { flavour: 'public' });
      assertApiError(limited, 429, 'RATE_LIMITED');
      assert.deepEqual(limited.json.parameters, []);
      assert.match(limited.headers['retry-after'], /^\d+$/);
    } finally {
      await s.close();
    }
  });

  test('the bucket refills: a spent token comes back after the refill interval', async () => {
    // 1 token every 50 ms: waiting until Retry-After has passed (rounded up to 1 s) always finds one.
    const s = await startStandIn({ rateLimit: { capacity: 1, refillRate: 20, refillDurationSeconds: 1 } });
    try {
      assert.equal((await call(s, 'GET', '')).status, 200);
      const limited = await call(s, 'GET', '');
      if (limited.status === 429) await new Promise((r) => setTimeout(r, Number(limited.headers['retry-after']) * 1000));
      assert.equal((await call(s, 'GET', '')).status, 200);
    } finally {
      await s.close();
    }
  });

  test('latencyMs delays every /api answer, and stats count the requests', async () => {
    const s = await startStandIn({ latencyMs: 30 });
    try {
      const started = process.hrtime.bigint();
      assert.equal((await call(s, 'GET', '')).status, 200);
      // A lower bound only, and a sure one: the stand-in waits for its monotonic clock to pass
      // arrival + latencyMs (a bare setTimeout could fire up to 1 ms early), and the request
      // arrives after `started`. No upper bound: it would be flaky.
      assert.ok(Number(process.hrtime.bigint() - started) / 1e6 >= 30, 'answered no earlier than the latency');
      assert.deepEqual(s.stats, { requests: 1, rateLimited: 0 });
    } finally {
      await s.close();
    }
  });

  test('groups option: unknown projects → 404 GROUP_NOT_FOUND', async () => {
    const s = await startStandIn({ groups: [G] });
    try {
      assert.equal((await call(s, 'GET', '')).status, 200);
      assertApiError(await call(s, 'GET', '', { group: G2 }), 404, 'GROUP_NOT_FOUND');
    } finally {
      await s.close();
    }
  });
});

describe('state file', () => {
  let dir;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standin-state-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('survives a restart, written atomically with mode 0600', async () => {
    const file = path.join(dir, 'state.json');
    let s = await startStandIn({ stateFile: file });
    await call(s, 'POST', '/PAGER_DUTY', { body: { type: 'PAGER_DUTY', serviceKey: PD_KEY } });
    await call(s, 'POST', '/WEBHOOK', { body: { type: 'WEBHOOK', url: 'https://w.example/x', secret: 's3' } });
    const id = (await call(s, 'GET', '/PAGER_DUTY')).json.id;
    await s.close();
    assert.ok(fs.existsSync(file));
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(fs.readdirSync(dir), ['state.json'], 'no temporary files left behind');
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(saved.version, 1);
    assert.equal(saved.groups[G].length, 2);

    s = await startStandIn({ stateFile: file });
    try {
      const r = await call(s, 'GET', '/PAGER_DUTY');
      assert.equal(r.status, 200);
      assert.equal(r.json.id, id);
      assert.equal(r.json.serviceKey, '*'.repeat(28) + 'cdef');
      assert.equal(s.state.get(G, 'WEBHOOK').secret, 's3');
      assert.equal((await call(s, 'DELETE', '/WEBHOOK')).status, 204);
      assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).groups[G].length, 1);
    } finally {
      await s.close();
    }
  });

  test('a corrupt state file stops the start', async () => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, '{"groups": ');
    await assert.rejects(startStandIn({ stateFile: file }), /not valid JSON/);
  });
});

describe('static files', () => {
  let dir;
  let s;
  const wasm = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standin-static-'));
    fs.mkdirSync(path.join(dir, 'www', 'sub'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'pkg'));
    fs.writeFileSync(path.join(dir, 'www', 'index.html'), '<!doctype html><title>demo</title>');
    fs.writeFileSync(path.join(dir, 'www', 'app.js'), 'export const x = 1;');
    fs.writeFileSync(path.join(dir, 'www', 'style.css'), 'body{}');
    fs.writeFileSync(path.join(dir, 'www', '.env'), 'HIDDEN=1');
    fs.writeFileSync(path.join(dir, 'www', 'sub', 'index.html'), 'sub');
    fs.writeFileSync(path.join(dir, 'pkg', 'atlas_integrations.js'), 'export default 1;');
    fs.writeFileSync(path.join(dir, 'pkg', 'atlas_integrations_bg.wasm'), wasm);
    fs.writeFileSync(path.join(dir, 'pkg', 'atlas_integrations.d.ts'), 'export {};');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'TOP-SECRET-OUTSIDE');
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'www', 'link.txt'));
    s = await startStandIn({ staticDirs: [{ prefix: '/', dir: path.join(dir, 'www') }, { prefix: '/pkg/', dir: path.join(dir, 'pkg') }] });
  });
  after(async () => {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('content types incl. application/wasm', async () => {
    const expect = {
      '/': 'text/html; charset=utf-8',
      '/index.html': 'text/html; charset=utf-8',
      '/app.js': 'text/javascript; charset=utf-8',
      '/style.css': 'text/css; charset=utf-8',
      '/pkg/atlas_integrations.js': 'text/javascript; charset=utf-8',
      '/pkg/atlas_integrations_bg.wasm': 'application/wasm',
      '/pkg/atlas_integrations.d.ts': 'text/plain; charset=utf-8',
      '/sub/': 'text/html; charset=utf-8',
    };
    for (const [p, ct] of Object.entries(expect)) {
      const r = await request(s.url, p);
      assert.equal(r.status, 200, p);
      assert.equal(r.headers['content-type'], ct, p);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
    }
    const w = await request(s.url, '/pkg/atlas_integrations_bg.wasm');
    assert.deepEqual(w.buffer, wasm);
    const h = await request(s.url, '/pkg/atlas_integrations_bg.wasm', { method: 'HEAD' });
    assert.equal(h.headers['content-length'], String(wasm.length));
    assert.equal(h.text, '');
    let r = await request(s.url, '/pkg');
    assert.equal(r.status, 301);
    assert.equal(r.headers.location, '/pkg/');
    r = await request(s.url, '/sub');
    assert.equal(r.status, 301);
    assert.equal(r.headers.location, '/sub/');
  });

  test('directory traversal, hidden files and escaping symlinks are refused', async () => {
    const attempts = [
      '/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/pkg/../secret.txt', '/pkg/..%2f..%2fsecret.txt',
      '/pkg/%2e%2e/%2e%2e/secret.txt', '/..%5csecret.txt', '/sub/../../secret.txt', '/link.txt', '/.env', '/%2eenv',
      '/secret.txt%00.html', '/%ff', '//secret.txt', '/pkg//../secret.txt',
    ];
    for (const a of attempts) {
      const r = await request(s.url, a);
      assert.ok([400, 403, 404].includes(r.status), `${a} → ${r.status}`);
      assert.ok(!r.text.includes('TOP-SECRET') && !r.text.includes('HIDDEN'), a);
      assert.equal(r.headers['content-type'], 'application/json');
    }
    assert.equal((await request(s.url, '/../secret.txt')).status, 403);
    assert.equal((await request(s.url, '/link.txt')).status, 403);
    assert.equal((await request(s.url, '/nope.html')).status, 404);
  });

  test('static is read-only', async () => {
    const r = await request(s.url, '/index.html', { method: 'PUT', body: 'x' });
    assertApiError(r, 405, 'METHOD_NOT_ALLOWED');
    assert.equal((await request(s.url, '/', { method: 'OPTIONS' })).status, 204);
  });
});

describe('proxy mode (upstream is always a local test server)', () => {
  test('forwards /api/** to a second stand-in, Authorization passes through, nothing secret is logged', async () => {
    const upLog = [];
    const proxyLog = [];
    const upstream = await startStandIn({ token: 'upstream-only-token', log: (l) => upLog.push(l) });
    const proxy = await startStandIn({ token: 'proxy-local-token', upstream: upstream.url, log: (l) => proxyLog.push(l) });
    try {
      const body = { type: 'SLACK', apiToken: 'xoxb-proxy-secret-abcd', channelName: 'c' };
      let r = await call(proxy, 'POST', '/SLACK', { token: 'upstream-only-token', body });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers['content-type'], V2);
      assert.equal(upstream.state.get(G, 'SLACK').apiToken, 'xoxb-proxy-secret-abcd', 'the upstream did the work');
      assert.equal(proxy.state.get(G, 'SLACK'), undefined, 'the proxy emulated nothing');
      assert.ok(r.json.links[0].href.startsWith(upstream.url.slice(0, -1)));
      r = await call(proxy, 'GET', '/SLACK?envelope=true', { token: 'upstream-only-token' });
      assert.equal(r.json.content.apiToken, '*'.repeat(18) + 'abcd');
      // the proxy's own token means nothing upstream
      assertApiError(await call(proxy, 'GET', '', { token: 'proxy-local-token' }), 401, 'USER_UNAUTHORIZED');
      // errors come back unchanged
      assertApiError(await call(proxy, 'GET', '', { token: 'upstream-only-token', headers: { Accept: 'application/json' } }), 406, 'INVALID_VERSION_DATE');
      const joined = proxyLog.join('\n') + upLog.join('\n');
      assert.ok(proxyLog.length >= 4 && proxyLog.every((l) => l.endsWith('(upstream)')));
      for (const secret of ['upstream-only-token', 'proxy-local-token', 'xoxb-proxy-secret', 'envelope']) assert.ok(!joined.includes(secret), secret);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  test('Digest through the proxy: challenge and credentials pass through unchanged', async () => {
    const upstream = await startStandIn({ token: false, digest: { publicKey: 'pub', privateKey: 'priv' } });
    const proxy = await startStandIn({ upstream: upstream.url });
    try {
      const uri = `${PREFIX.v1}/groups/${G}/integrations`;
      const first = await request(proxy.url, uri);
      assert.equal(first.status, 401);
      const ch = challengeParams(first.all('www-authenticate')[0]);
      const response = digestResponse({ algorithm: 'SHA-256', username: 'pub', password: 'priv', realm: ch.realm, nonce: ch.nonce, method: 'GET', uri, nc: '00000001', cnonce: 'abc' });
      const r = await request(proxy.url, uri, { headers: { Authorization: `Digest username="pub", realm="${ch.realm}", nonce="${ch.nonce}", uri="${uri}", algorithm=SHA-256, qop=auth, nc=00000001, cnonce="abc", response="${response}"` } });
      assert.equal(r.status, 200, r.text);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  test('exact request seen upstream (fault server): Authorization raw, host rewritten, cookies dropped, query kept', async () => {
    const fault = await startFaultServer([{ status: 201, headers: { 'X-Upstream': 'yes', 'Set-Cookie': 'a=b' }, json: { ok: true } }]);
    const proxy = await startStandIn({ upstream: fault.url });
    try {
      const auth = 'Bearer ab.cd-ef_GH==';
      const r = await request(proxy.url, '/api/public/v1.0/groups/x/integrations?pageNum=2', { method: 'POST', headers: { Authorization: auth, Cookie: 'session=1', 'Content-Type': 'application/json' }, body: { a: 1 } });
      assert.equal(r.status, 201);
      assert.equal(r.headers['x-upstream'], 'yes');
      assert.equal(r.headers['set-cookie'], undefined);
      assert.deepEqual(r.json, { ok: true });
      const seen = fault.requests[0];
      assert.equal(seen.method, 'POST');
      assert.equal(seen.url, '/api/public/v1.0/groups/x/integrations?pageNum=2');
      assert.equal(seen.headers.authorization, auth);
      assert.equal(seen.headers.host, `127.0.0.1:${fault.port}`);
      assert.equal(seen.headers.cookie, undefined);
      assert.equal(seen.body, '{"a":1}');
      // static files are still served locally, never forwarded
      assert.equal((await request(proxy.url, '/index.html')).status, 404);
      assert.equal(fault.requests.length, 1);
    } finally {
      await proxy.close();
      await fault.close();
    }
  });

  test('an unreachable upstream gives 502 UPSTREAM_UNAVAILABLE', async () => {
    const gone = await startFaultServer([]);
    const url = gone.url;
    await gone.close();
    const proxy = await startStandIn({ upstream: url });
    try {
      assertApiError(await call(proxy, 'GET', ''), 502, 'UPSTREAM_UNAVAILABLE');
    } finally {
      await proxy.close();
    }
  });
});

describe('CLI (www/server/main.mjs)', () => {
  function run(args, { until = 2 } = {}) {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(repo, 'www/server/main.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`CLI did not answer: ${out} ${err}`));
      }, 5000);
      child.stdout.on('data', (d) => {
        out += d;
        if (out.split('\n').length > until) {
          clearTimeout(timer);
          resolve({ child, out, err: () => err });
        }
      });
      child.stderr.on('data', (d) => (err += d));
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ child: null, code, out, err: () => err });
      });
    });
  }

  test('prints the URL line and a token hint, serves, stops on SIGTERM', async () => {
    const { child, out, err } = await run(['--port', '0', '--token', 'cli-secret-token']);
    assert.ok(child, 'server is running');
    try {
      const lines = out.trim().split('\n');
      assert.match(lines[0], /^Stand-in Atlas server: http:\/\/127\.0\.0\.1:\d+\/$/);
      assert.match(lines[1], /Bearer/);
      assert.ok(!out.includes('cli-secret-token'), 'a custom token is not printed');
      const url = lines[0].slice('Stand-in Atlas server: '.length);
      const r = await request(url, `${PREFIX.v2}/groups/${G}/integrations`, { headers: { Accept: V2, Authorization: 'Bearer cli-secret-token' } });
      assert.equal(r.status, 200);
      const demo = await request(url, '/');
      assert.ok([200, 404].includes(demo.status));
      await new Promise((res) => setTimeout(res, 50));
      assert.match(err(), /GET \/api\/atlas\/v2\/groups\/[a-f0-9]{24}\/integrations 200/);
      assert.ok(!err().includes('cli-secret-token'));
    } finally {
      const exited = new Promise((res) => child.on('exit', res));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
  });

  test('refuses a non-loopback host without --allow-remote', async () => {
    const r = await run(['--host', '0.0.0.0', '--port', '0']);
    assert.equal(r.child, null);
    assert.equal(r.code, 2);
    assert.match(r.err(), /non-loopback/);
  });

  test('rejects a bad --digest and unknown flags', async () => {
    assert.equal((await run(['--digest', 'nocolon'])).code, 2);
    assert.equal((await run(['--frobnicate'])).code, 2);
  });
});
