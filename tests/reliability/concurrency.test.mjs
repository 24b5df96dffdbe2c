// Concurrency: one client instance, 1,000 requests in flight at once against the stand-in;
// every one settles and every answer belongs to its own request. And no token crosses
// between requests: two clients with different token providers, interleaved against a fault
// server that records the raw Authorization of each request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AtlasClient } from 'atlas-integrations';
import { startStandIn } from '../../www/server/standin.mjs';
import { startFaultServer } from '../support/fault-server.mjs';

const TOKEN = 'concurrency-token';
const N = 1000;
const groupOf = (i, prefix = 'c0') => `${prefix}${i.toString(16).padStart(22, '0')}`;
const slack = (i) => ({ type: 'SLACK', apiToken: `xoxb-${i}-concurrency-token-${i}`, channelName: `chan-${i}`, teamName: `team-${i}` });

let server;
const unhandled = [];
const onUnhandled = (e) => unhandled.push(String(e));
before(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = await startStandIn({ token: TOKEN, log: false, rateLimit: { limit: 1e9 } });
});
after(async () => {
  process.off('unhandledRejection', onUnhandled);
  await server?.close();
});

test(`${N} concurrent requests from one client: all settle, each answer is its own`, { timeout: 60_000 }, async () => {
  const client = new AtlasClient({ baseUrl: server.url, token: TOKEN, timeoutMs: 30_000 });
  const t0 = Date.now();
  // 1. N creates at once, each in its own project with its own values.
  const created = await Promise.allSettled(Array.from({ length: N }, (_, i) => client.create(groupOf(i), slack(i))));
  const rejected = created.filter((r) => r.status === 'rejected').map((r) => `${r.reason.name}: ${r.reason.message}`);
  assert.deepEqual(rejected.slice(0, 5), [], `${rejected.length} creates rejected`);
  created.forEach((r, i) => {
    assert.equal(r.value.results.length, 1, `create ${i} answered with its own project's list`);
    assert.equal(r.value.results[0].channelName, `chan-${i}`, `create ${i} got its own record`);
  });
  // 2. N mixed reads and writes at once: get, list, update with new values, in one storm.
  const ops = Array.from({ length: N }, (_, i) => {
    switch (i % 3) {
      case 0: return client.get(groupOf(i), 'SLACK').then((x) => ['get', i, x.channelName, x.teamName]);
      case 1: return client.list(groupOf(i)).then((p) => ['list', i, p.results[0]?.channelName, p.totalCount]);
      default: return client.update(groupOf(i), { ...slack(i), channelName: `upd-${i}` }).then((p) => ['update', i, p.results[0]?.channelName, p.results.length]);
    }
  });
  const settled = await Promise.allSettled(ops);
  assert.equal(settled.length, N);
  for (const [i, r] of settled.entries()) {
    assert.equal(r.status, 'fulfilled', r.reason && `${i}: ${r.reason.name} ${r.reason.message}`);
    const [kind, j, channel, extra] = r.value;
    assert.equal(j, i);
    if (kind === 'get') assert.deepEqual([channel, extra], [`chan-${i}`, `team-${i}`]);
    if (kind === 'list') assert.deepEqual([channel, extra], [`chan-${i}`, 1]);
    if (kind === 'update') assert.deepEqual([channel, extra], [`upd-${i}`, 1]);
  }
  // 3. The server holds exactly what each request wrote, per project.
  for (let i = 0; i < N; i++) {
    const rec = server.state.get(groupOf(i), 'SLACK');
    const want = i % 3 === 2 ? `upd-${i}` : `chan-${i}`;
    assert.equal(rec.channelName, want, `project ${i}`);
    assert.equal(rec.apiToken, slack(i).apiToken, `project ${i} keeps its own secret`);
  }
  // 4. N deletes at once, then every project is empty.
  const deleted = await Promise.allSettled(Array.from({ length: N }, (_, i) => client.delete(groupOf(i), 'SLACK')));
  assert.equal(deleted.filter((r) => r.status === 'fulfilled').length, N);
  for (let i = 0; i < N; i++) assert.equal(server.state.list(groupOf(i)).length, 0);
  console.log(`# concurrency: ${4 * N} requests (${N} at a time) in ${Date.now() - t0} ms`);
  client.free();
  assert.deepEqual(unhandled, []);
});

test('no token crosses between interleaved clients (token providers, recorded Authorization)', { timeout: 60_000 }, async () => {
  // Each answer comes after a random 0-15 ms, so the two clients' requests interleave.
  let seed = 7;
  const random = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  const srv = await startFaultServer(() => ({ status: 200, delay: Math.floor(random() * 15), json: { results: [], totalCount: 0, links: [] } }));
  try {
    const issued = { A: 0, B: 0 };
    // Provider A answers synchronously, B asynchronously after a random delay; each token
    // is unique per call, so a token reused for another request would also show.
    const a = new AtlasClient({ baseUrl: srv.url, timeoutMs: 10_000, token: () => `tokenA-${++issued.A}` });
    const b = new AtlasClient({ baseUrl: srv.url, timeoutMs: 10_000, token: () => new Promise((r) => setTimeout(() => r(`tokenB-${++issued.B}`), Math.floor(random() * 5))) });
    const per = 300;
    const calls = [];
    for (let i = 0; i < per; i++) {
      calls.push(a.list(groupOf(i, 'aa')));
      calls.push(b.list(groupOf(i, 'bb')));
    }
    const settled = await Promise.allSettled(calls);
    assert.equal(settled.filter((r) => r.status === 'fulfilled').length, 2 * per);
    assert.equal(srv.requests.length, 2 * per);
    const seen = new Set();
    for (const req of srv.requests) {
      const group = /\/groups\/([0-9a-f]{24})\//.exec(req.url)?.[1];
      assert.ok(group, req.url);
      const who = group.startsWith('aa') ? 'A' : 'B';
      const m = /^Bearer token([AB])-(\d+)$/.exec(req.headers.authorization ?? '');
      assert.ok(m, `request ${req.url} carried ${req.headers.authorization ? 'a malformed' : 'no'} Authorization`);
      assert.equal(m[1], who, `a request of client ${who} carried client ${m[1]}'s token`);
      assert.ok(!seen.has(m[0]), `token ${m[1]}-${m[2]} was used twice`);
      seen.add(m[0]);
    }
    assert.equal(issued.A, per);
    assert.equal(issued.B, per);
    a.free();
    b.free();
  } finally {
    await srv.close();
  }
});
