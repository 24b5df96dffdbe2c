// The built package's client against the stand-in Atlas server, end to end: every
// operation for every type and flavour, pagination, envelopes, upsert, plan/apply with
// masked secrets, token providers, service accounts, bulk and concurrency.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AtlasClient, isAtlasApiError, isAtlasValidationError, isAtlasAuthError, validateBody,
} from 'atlas-integrations';
import { startStandIn } from '../../www/server/standin.mjs';
import { GROUP, fullBodies, groupId } from './support/bodies.mjs';

const BODIES = fullBodies();

const TOKEN = 'standin-test-token';
const DIGEST = { publicKey: 'pubkeyabc', privateKey: '11111111-2222-3333-4444-555555555555' };
let server;
const hits = [];

before(async () => {
  server = await startStandIn({
    token: TOKEN,
    digest: DIGEST,
    oauth: { clientId: 'mdb_sa_id_test', clientSecret: 'mdb_sa_sk_test_secret' },
    log: (line) => hits.push(line),
    rateLimit: { limit: 1e9 },
  });
});
after(() => server.close());

const client = (extra = {}) => new AtlasClient({ baseUrl: server.url, token: TOKEN, timeoutMs: 5000, ...extra });

test('every Atlas v2 type: create, list (masked), get, update, delete', async () => {
  const c = client();
  const g = groupId(1);
  for (const [type, body] of Object.entries(BODIES)) {
    assert.deepEqual(validateBody(body).filter((i) => i.severity === 'error'), [], type);
    const created = await c.create(g, body);
    const mine = created.results.find((r) => r.type === type);
    assert.ok(mine, `${type} listed after create`);
    assert.equal(typeof mine.id, 'string');
    for (const secret of ['serviceKey', 'apiKey', 'apiToken']) {
      if (body[secret]) {
        assert.notEqual(mine[secret], body[secret], `${type}.${secret} masked`);
        assert.ok(mine[secret].endsWith(body[secret].slice(-4)), `${type}.${secret} keeps last four`);
      }
    }
    if (type === 'PROMETHEUS') assert.equal(mine.password, undefined, 'Prometheus password never returned');
    const got = await c.get(g, type);
    assert.equal(got.type, type);
    const updated = await c.update(g, { ...body });
    assert.ok(updated.results.some((r) => r.type === type));
  }
  const page = await c.list(g);
  assert.equal(page.totalCount, Object.keys(BODIES).length);
  assert.equal(page.results.length, Object.keys(BODIES).length);
  for (const type of Object.keys(BODIES)) {
    assert.equal(await c.delete(g, type), undefined);
    await assert.rejects(c.get(g, type), (e) => isAtlasApiError(e) && e.status === 404 && e.errorCode === 'INTEGRATION_NOT_CONFIGURED');
  }
  assert.deepEqual((await c.list(g)).results, []);
});

test('duplicate create is a 409 with the API error code; upsert updates instead', async () => {
  const c = client();
  const g = groupId(2);
  await c.create(g, BODIES.PAGER_DUTY);
  await assert.rejects(c.create(g, BODIES.PAGER_DUTY), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'AtlasApiError');
    assert.equal(e.status, 409);
    assert.equal(e.errorCode, 'INTEGRATION_ALREADY_CONFIGURED');
    assert.equal(e.method, 'POST');
    return true;
  });
  const page = await c.upsert(g, { ...BODIES.PAGER_DUTY, region: 'US' });
  assert.equal(page.results.find((r) => r.type === 'PAGER_DUTY').region, 'US');
  const fresh = await c.upsert(g, BODIES.OPS_GENIE);
  assert.equal(fresh.results.length, 2);
});

test('paging: list parameters, listAll across pages, includeCount=false, envelope unwrapped', async () => {
  const c = client();
  const g = groupId(3);
  for (const body of Object.values(BODIES)) await c.create(g, body);
  const p2 = await c.list(g, { pageNum: 2, itemsPerPage: 4 });
  assert.equal(p2.results.length, 4);
  assert.equal(p2.totalCount, 9);
  const noCount = await c.list(g, { includeCount: false });
  assert.equal(noCount.totalCount, undefined);
  const types = [];
  for await (const item of c.listAll(g, { itemsPerPage: 2 })) types.push(item.type);
  assert.deepEqual(types.sort(), Object.keys(BODIES).sort());
  const enveloped = await c.list(g, { envelope: true, itemsPerPage: 3 });
  assert.equal(enveloped.results.length, 3);
  assert.equal(enveloped.status, undefined);
  const one = await c.get(g, 'DATADOG', { envelope: true });
  assert.equal(one.type, 'DATADOG');
  assert.equal(one.content, undefined);
});

test('invalid input never reaches the server: every problem at once in AtlasValidationError', async () => {
  const c = client();
  const before = hits.length;
  await assert.rejects(c.create('not-a-group', { type: 'PAGER_DUTY', serviceKey: '****7890', region: 'XX' }), (e) => {
    assert.ok(isAtlasValidationError(e));
    const codes = e.issues.map((i) => `${i.path}:${i.code}`).sort();
    assert.deepEqual(codes, ['body.region:invalid_enum', 'body.serviceKey:masked_secret', 'groupId:invalid_format']);
    return true;
  });
  await assert.rejects(c.get(GROUP, '../../admin'), isAtlasValidationError);
  await assert.rejects(c.list(GROUP, { itemsPerPage: 501 }), isAtlasValidationError);
  assert.equal(hits.length, before, 'no request was sent');
});

test('a masked echo from get can never be written back', async () => {
  const c = client();
  const g = groupId(4);
  await c.create(g, BODIES.DATADOG);
  const current = await c.get(g, 'DATADOG');
  await assert.rejects(c.update(g, current), (e) => isAtlasValidationError(e) && e.issues.some((i) => i.code === 'masked_secret' && i.path === 'body.apiKey'));
});

test('plan and apply understand masked secrets', async () => {
  const c = client();
  const g = groupId(5);
  let plan = await c.plan(g, BODIES.WEBHOOK);
  assert.equal(plan.action, 'create');
  const applied = await c.apply(g, BODIES.WEBHOOK);
  assert.equal(applied.action, 'create');
  assert.ok(applied.page.results.some((r) => r.type === 'WEBHOOK'));
  plan = await c.plan(g, BODIES.WEBHOOK);
  assert.equal(plan.action, 'none', 'masked secret and url are not a false change');
  assert.ok(plan.changes.every((ch) => ch.kind === 'unknown'));
  assert.ok(plan.changes.some((ch) => ch.field === 'secret'));
  const noop = await c.apply(g, BODIES.WEBHOOK);
  assert.equal(noop.action, 'none');
  assert.equal(noop.page, undefined);
  const forced = await c.apply(g, BODIES.WEBHOOK, { force: true });
  assert.equal(forced.action, 'update');
  const pd = await c.apply(g, BODIES.PAGER_DUTY);
  assert.equal(pd.action, 'create');
  plan = await c.plan(g, { ...BODIES.PAGER_DUTY, serviceKey: 'ffffffffffffffffffffffffffff0000' });
  assert.equal(plan.action, 'update', 'a different visible tail proves a change');
  assert.deepEqual(plan.changes, [{ field: 'serviceKey', kind: 'changed' }]);
});

test('Atlas v1.0 with a bearer token; Cloud and Ops Manager with HTTP Digest', async () => {
  const v1 = client({ flavour: 'atlasV1' });
  assert.equal(v1.flavour, 'atlasV1');
  const g = groupId(6);
  await v1.create(g, BODIES.VICTOR_OPS);
  assert.equal((await v1.get(g, 'VICTOR_OPS')).routingKey, 'db-team');
  for (const flavour of ['cloudManager', 'opsManager']) {
    const d = new AtlasClient({ baseUrl: server.url, flavour, digest: DIGEST });
    const gg = groupId(flavour === 'cloudManager' ? 7 : 8);
    const page = await d.create(gg, BODIES.OPS_GENIE);
    assert.equal(page.results.length, 1);
    for (let i = 0; i < 3; i++) assert.equal((await d.get(gg, 'OPS_GENIE')).type, 'OPS_GENIE');
    await d.delete(gg, 'OPS_GENIE');
  }
  const cm = new AtlasClient({ baseUrl: server.url, flavour: 'cloudManager', digest: DIGEST });
  await assert.rejects(cm.create(GROUP, BODIES.DATADOG), (e) => isAtlasValidationError(e) && e.issues.some((i) => i.code === 'unsupported_type'));
  const wrong = new AtlasClient({ baseUrl: server.url, flavour: 'cloudManager', digest: { ...DIGEST, privateKey: 'wrong-key' } });
  await assert.rejects(wrong.list(GROUP), (e) => isAtlasApiError(e) && e.status === 401);
});

test('token provider is called for every request and may be async; failures are AtlasAuthError', async () => {
  let calls = 0;
  const c = client({ token: async () => { calls += 1; return TOKEN; } });
  await c.list(GROUP);
  await c.list(GROUP);
  assert.equal(calls, 2);
  const boom = new Error('vault unreachable');
  const failing = client({ token: () => { throw boom; } });
  await assert.rejects(failing.list(GROUP), (e) => isAtlasAuthError(e) && e.code === 'token_provider_failed' && e.cause === boom);
  const rejecting = client({ token: () => Promise.reject(boom) });
  await assert.rejects(rejecting.list(GROUP), (e) => isAtlasAuthError(e) && e.cause === boom);
  const notString = client({ token: () => 42 });
  await assert.rejects(notString.list(GROUP), (e) => isAtlasAuthError(e) && e.code === 'invalid_token');
});

test('service account: one token exchange shared by concurrent requests, then cached', async () => {
  const c = new AtlasClient({ baseUrl: server.url, serviceAccount: { clientId: 'mdb_sa_id_test', clientSecret: 'mdb_sa_sk_test_secret' } });
  const count = () => hits.filter((h) => h.startsWith('POST /api/oauth/token')).length;
  const start = count();
  await Promise.all(Array.from({ length: 10 }, (_, i) => c.list(groupId(100 + i))));
  await c.list(GROUP);
  assert.equal(count() - start, 1);
  const bad = new AtlasClient({ baseUrl: server.url, serviceAccount: { clientId: 'mdb_sa_id_test', clientSecret: 'nope' } });
  await assert.rejects(bad.list(GROUP), (e) => isAtlasAuthError(e) && e.code === 'token_exchange_failed' && e.status === 401);
});

test('bulk: one integration applied to many projects, rate-limit aware, per-project results', async () => {
  const limited = await startStandIn({ token: TOKEN, rateLimit: { limit: 15, windowMs: 1000 }, log: false });
  try {
    const c = new AtlasClient({ baseUrl: limited.url, token: TOKEN, retries: { max: 0 } });
    const ids = Array.from({ length: 12 }, (_, i) => groupId(200 + i));
    const progress = [];
    const { results, counts, failedIds } = await c.applyToProjects(ids, BODIES.MICROSOFT_TEAMS, { concurrency: 4, onProgress: (p) => progress.push(p.done) });
    assert.equal(results.length, ids.length);
    assert.equal(counts.created, ids.length);
    assert.deepEqual(failedIds, []);
    assert.deepEqual(results.map((r) => r.groupId), ids, 'results in input order');
    for (const r of results) assert.ok(r.ok && r.action === 'create', JSON.stringify(r));
    assert.deepEqual(progress, ids.map((_, i) => i + 1));
    const again = await c.applyToProjects(ids, BODIES.MICROSOFT_TEAMS, { concurrency: 4 });
    assert.ok(again.results.every((r) => r.ok && r.action === 'none' && r.outcome === 'unknown'), 'a masked webhook URL cannot be compared');
    const { results: bad, failedIds: failed } = await c.applyToProjects(['nope', ids[0]], BODIES.MICROSOFT_TEAMS);
    assert.deepEqual(failed, ['nope']);
    assert.equal(bad[0].ok, false);
    assert.ok(isAtlasValidationError(bad[0].error));
    assert.equal(bad[1].ok, true);
  } finally {
    await limited.close();
  }
});

test('1,000 concurrent requests from one client all settle with their own answers', async () => {
  // A generous timeout: the suite may share two cores with other suites running in parallel.
  const c = client({ retries: { max: 0 }, timeoutMs: 60_000 });
  const ids = Array.from({ length: 50 }, (_, i) => groupId(1000 + i));
  await Promise.all(ids.map((g, i) => c.create(g, { ...BODIES.VICTOR_OPS, routingKey: `route-${i}` })));
  const answers = await Promise.allSettled(
    Array.from({ length: 1000 }, (_, i) => c.get(ids[i % ids.length], 'VICTOR_OPS').then((x) => [i, x])),
  );
  for (const a of answers) {
    assert.equal(a.status, 'fulfilled', a.reason && a.reason.message);
    const [i, item] = a.value;
    assert.equal(item.routingKey, `route-${i % ids.length}`);
  }
});
