// Bulk work at the pace the rate limit allows (issue 18) and the bulk helpers' bounds
// (issue 16 items 5 and 6), against the stand-in's token bucket and small local servers.
// Behaviour only: requests and 429s are counted, no duration is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { AtlasClient, isAtlasApiError, isAtlasResponseError } from 'atlas-integrations';
import { startStandIn } from '../../www/server/standin.mjs';
import { groupId } from './support/bodies.mjs';

const TOKEN = 'pacing-test-token';
const DIGEST = { publicKey: 'pacingpub', privateKey: '11111111-2222-3333-4444-555555555555' };
const BODY = { type: 'VICTOR_OPS', apiKey: 'victorops-pacing-key-1', routingKey: 'p' };
const ids = (from, n) => Array.from({ length: n }, (_, i) => groupId(from + i));

/** A stand-in whose request log is kept (method, path, status), and a client of it. */
async function limited(rateLimit, clientOptions = {}) {
  const log = [];
  const server = await startStandIn({ token: TOKEN, digest: DIGEST, rateLimit, log: (l) => log.push(l) });
  // The client's own retries are off: a 429 reaches the bulk run, which sends again through
  // the client's pacer.
  const client = new AtlasClient({ baseUrl: server.url, token: TOKEN, retries: { max: 0 }, ...clientOptions });
  return { server, client, log, close: () => server.close() };
}

test('a paced run under a small bucket: every request counted, no 429 storm, one pacer for all workers', async () => {
  // 8 tokens, 50 a second, one bucket for everything; 40 projects (80 requests) by 8 workers.
  // The refill rate is learned from the first 429, so the requests in flight when the bucket
  // first runs dry meet one (at most one per worker); after that the pacer spaces every
  // request. The bound allows that run-in twice over, for the late timers of a loaded
  // machine. Without a shared pacer every worker keeps spending at full speed: every refill
  // cycle ends in a 429 per worker.
  const s = await limited({ capacity: 8, refillRate: 50, refillDurationSeconds: 1, scope: 'global' });
  try {
    const projects = ids(0x100, 40);
    const report = await s.client.applyToProjects(projects, BODY, { concurrency: 8 });
    assert.equal(report.counts.created, 40, JSON.stringify(report.counts));
    assert.deepEqual(report.failedIds, []);
    assert.equal(s.server.stats.requests, 80 + s.server.stats.rateLimited, 'a GET and a POST per project, plus the 429s');
    assert.ok(s.server.stats.rateLimited <= 16, `429s: ${s.server.stats.rateLimited} of ${s.server.stats.requests}`);
    assert.ok(report.rateLimitWaits > 0 && report.rateLimitWaitMs > 0, 'the run waited for the bucket');
  } finally {
    await s.close();
  }
});

test('without RateLimit headers nor bucket figures (Cloud Manager) it reacts to 429s only, and finishes', async () => {
  const s = await limited({ capacity: 3, refillRate: 3, refillDurationSeconds: 1 }, { flavour: 'cloudManager', token: undefined, digest: DIGEST });
  try {
    const waits = [];
    const projects = ids(0x200, 4);
    const report = await s.client.applyToProjects(projects, BODY, { concurrency: 2, onRateLimit: (w) => waits.push(w) });
    assert.equal(report.counts.created, 4, JSON.stringify(report));
    assert.ok(s.log.every((l) => !/ratelimit/i.test(l)));
    assert.ok(s.server.stats.rateLimited > 0, 'the bucket ran dry');
    // Every wait is a pause after a 429 (the pacer knows no bucket): the server's Retry-After
    // of 1 s, doubled when a retry after it fails too.
    assert.ok(waits.length > 0, 'the workers waited');
    for (const w of waits) {
      assert.ok(projects.includes(w.groupId));
      assert.ok(w.waitMs > 0 && w.waitMs <= 4000, String(w.waitMs));
    }
  } finally {
    await s.close();
  }
});

test('every wait is clamped to the cap: a 24 h Retry-After waits maxDelayMs, a bounded number of times (issue 16 item 5)', async () => {
  // One token a day: the POST after the GET is answered 429 with Retry-After: 86400 (and, as
  // Cloud Manager, without the bucket's figures: the Retry-After is all there is to go by).
  const s = await limited({ capacity: 1, refillRate: 1, refillDurationSeconds: 86_400 },
    { flavour: 'cloudManager', token: undefined, digest: DIGEST, pacing: { maxDelayMs: 20 } });
  try {
    const waits = [];
    const [g] = ids(0x300, 1);
    const report = await s.client.applyToProjects([g], BODY, {
      maxRateLimitWaits: 3, onRateLimit: (w) => waits.push(w.waitMs),
    });
    assert.deepEqual(report.failedIds, [g]);
    const { error } = report.results[0];
    assert.ok(isAtlasApiError(error) && error.status === 429, String(error));
    assert.equal(error.retryAfterMs, 86_400_000);
    assert.equal(waits.length, 3, 'one wait per 429 but the last');
    for (const ms of waits) assert.ok(ms > 0 && ms <= 20, String(ms));
    assert.equal(s.server.stats.rateLimited, 4, 'the first try and three more, then the project failed');
  } finally {
    await s.close();
  }
});

test('pacing: false still waits out Retry-After; invalid pacing and onRateLimit options are AtlasConfigErrors', async () => {
  const s = await limited({ capacity: 2, refillRate: 4, refillDurationSeconds: 1 }, { pacing: false });
  try {
    const report = await s.client.applyToProjects(ids(0x400, 3), BODY, { concurrency: 3 });
    assert.equal(report.counts.created, 3, JSON.stringify(report));
    assert.ok(report.rateLimitWaits > 0);
    for (const bad of [{ pacing: { maxDelay: 5 } }, { pacing: 'on' }, { onRateLimit: 'log' }]) {
      assert.throws(() => new AtlasClient({ baseUrl: s.server.url, token: TOKEN, ...bad }),
        (e) => e.name === 'AtlasConfigError' && e.code === 'invalid_option', JSON.stringify(bad));
    }
    await assert.rejects(s.client.list(groupId(0x400), { onRateLimit: 1 }), (e) => e.name === 'AtlasConfigError' && e.code === 'invalid_option');
  } finally {
    await s.close();
  }
});

test('plain calls share the client\'s pacer: once a 429 taught the bucket, a burst of 40 calls meets almost no 429', async () => {
  // 10 tokens, 40 a second, one bucket. The client keeps its own retries, as a script would.
  // The bucket's depth absorbs a stall of the event loop of up to 250 ms, after which the
  // reserved slots of the calls would all fire at once.
  const log = [];
  const server = await startStandIn({ token: TOKEN, rateLimit: { capacity: 10, refillRate: 40, refillDurationSeconds: 1, scope: 'global' }, log: (l) => log.push(l) });
  const waits = [];
  const client = new AtlasClient({ baseUrl: server.url, token: TOKEN, onRateLimit: (w) => waits.push(w) });
  try {
    // Thirty at once against ten tokens: 429s, whose figures teach the pacer the refill. A
    // loaded machine may spread a burst over long enough for the bucket to refill, so a few
    // more bursts are sent (at most five in all) until one meets the limit.
    let taught = 0;
    for (let round = 0; round < 5 && taught === 0; round++) {
      await Promise.all(ids(0x600 + round * 0x20, 30).map((g) => client.list(g)));
      taught = server.stats.rateLimited;
    }
    assert.ok(taught >= 1, 'a first burst met the limit');
    const perCall = [];
    const burst = ids(0x700, 40).map((g, i) => (i % 2 ? client.list(g, { onRateLimit: (w) => perCall.push(w) }) : client.get(g, 'SLACK').catch((e) => e)));
    const answers = await Promise.all(burst);
    assert.equal(answers.filter((a) => a && a.name === 'AtlasApiError' && a.status === 429).length, 0, 'every call got through');
    const after = server.stats.rateLimited - taught;
    assert.ok(after <= 2, `429s after the bucket was known: ${after} of ${server.stats.requests}`);
    assert.ok(waits.length >= 30, `the client waited before most calls (${waits.length})`);
    for (const w of waits) {
      assert.ok(w.waitMs > 0 && Number.isInteger(w.waitMs));
      assert.ok(['GET'].includes(w.method) && w.url.startsWith(server.url), JSON.stringify(w));
    }
    assert.ok(perCall.length > 0 && perCall.every((w) => w.url.includes('/integrations')), 'a call\'s own onRateLimit sees its waits');
    assert.ok(!JSON.stringify(waits).includes(TOKEN));
  } finally {
    await server.close();
  }
});

test('dryRun plans every project, paced, and sends no write; the report and progress say what would happen', async () => {
  const s = await limited({ capacity: 1000, refillRate: 1000, refillDurationSeconds: 1 });
  try {
    const projects = ids(0x500, 6);
    await s.client.create(projects[0], BODY);
    const progress = [];
    const before = s.log.length;
    const plan = await s.client.applyToProjects(projects, BODY, { dryRun: true, concurrency: 3, onProgress: (p) => progress.push(p) });
    const sent = s.log.slice(before);
    assert.equal(sent.length, 6);
    assert.ok(sent.every((l) => l.startsWith('GET ')), sent.join('\n'));
    assert.equal(plan.dryRun, true);
    assert.deepEqual(plan.counts, { create: 5, failed: 0, unchanged: 0, unknown: 1, update: 0 });
    assert.deepEqual(plan.results.map((r) => r.outcome), ['unknown', 'create', 'create', 'create', 'create', 'create']);
    assert.ok(plan.results[0].changes.some((c) => c.field === 'apiKey' && c.kind === 'unknown'), 'the masked key is reported');
    assert.deepEqual(progress.map((p) => p.done), [1, 2, 3, 4, 5, 6]);
    for (const p of progress) {
      assert.equal(p.total, 6);
      assert.ok(p.ratePerSecond > 0 && Number.isFinite(p.ratePerSecond));
      assert.ok(typeof p.etaMs === 'number' && p.etaMs >= 0);
      assert.equal(typeof p.result.groupId, 'string');
    }
    assert.equal(progress.at(-1).etaMs, 0);
    // The real run does what the plan said.
    const real = await s.client.applyToProjects(projects, BODY, { concurrency: 3 });
    assert.deepEqual(real.counts, { created: 5, failed: 0, unchanged: 0, unknown: 1, updated: 0, upserted: 0 });
    assert.equal(real.dryRun, false);
    assert.ok(real.elapsedMs >= 0 && real.rateLimitWaitMs === 0 && real.rateLimitWaits === 0);
    // `force` updates where only a masked secret differs.
    const forced = await s.client.applyToProjects([projects[0]], BODY, { force: true });
    assert.deepEqual(forced.results.map((r) => [r.outcome, r.action]), [['updated', 'update']]);
  } finally {
    await s.close();
  }
});

test('null options are the defaults, not a TypeError', async () => {
  const s = await limited({ capacity: 1000, refillRate: 1000, refillDurationSeconds: 1 });
  try {
    const report = await s.client.applyToProjects(ids(0x600, 1), BODY, null);
    assert.equal(report.counts.created, 1);
    const items = [];
    for await (const item of s.client.listAll(ids(0x600, 1)[0], null)) items.push(item.type);
    assert.deepEqual(items, ['VICTOR_OPS']);
  } finally {
    await s.close();
  }
});

/** A server on 127.0.0.1 answering every list with `page(pageNum)`; counts the requests. */
async function pagesServer(page) {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests += 1;
    const pageNum = Number(new URL(req.url, 'http://x').searchParams.get('pageNum')) || 1;
    const text = JSON.stringify(page(pageNum));
    res.writeHead(200, { 'Content-Type': 'application/vnd.atlas.2023-01-01+json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    client: new AtlasClient({ baseUrl: url, token: TOKEN, retries: { max: 0 } }),
    requests: () => requests,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

const item = (n) => ({ id: `i${n}`, type: 'SLACK', apiToken: '****', channelName: `c${n}` });
const G = groupId(0x700);

/** What listAll yielded before it threw, and what it threw. */
async function walk(client, options) {
  const seen = [];
  try {
    for await (const i of client.listAll(G, options)) seen.push(i.id);
  } catch (e) {
    return { seen, error: e };
  }
  return { seen };
}

test('listAll stops with an error when a server or cache repeats a page (issue 16 item 6)', async () => {
  // The same 500 items on every page, with a next link (a totalCount of 200,000 is refused
  // at once with the default cap: the next test).
  const items = Array.from({ length: 500 }, (_, i) => item(i));
  const s = await pagesServer((n) => ({ results: items, totalCount: 1000, links: [{ rel: 'next', href: `/x?pageNum=${n + 1}` }] }));
  try {
    const { seen, error } = await walk(s.client, { itemsPerPage: 500 });
    assert.ok(isAtlasResponseError(error) && error.code === 'repeated_page', String(error));
    assert.equal(seen.length, 500, 'the first page was read, its repeat was not');
    assert.equal(s.requests(), 2);
    assert.match(error.url, /\/groups\/0+700\/integrations$/);
  } finally {
    await s.close();
  }
});

test('listAll stops at maxPages, on a next link loop, and on an absurd totalCount', async () => {
  const endless = await pagesServer((n) => ({ results: [item(n)], links: [{ rel: 'next', href: `/x?pageNum=${n + 1}` }] }));
  const looping = await pagesServer((n) => ({ results: [item(n)], links: [{ rel: 'next', href: '/x?pageNum=2' }] }));
  const absurd = await pagesServer((n) => ({ results: [item(n)], totalCount: 1e15 }));
  try {
    let r = await walk(endless.client, { itemsPerPage: 1, maxPages: 5 });
    assert.equal(r.error?.code, 'too_many_pages');
    assert.deepEqual([r.seen.length, endless.requests()], [4, 5]);
    r = await walk(endless.client, { itemsPerPage: 1 });
    assert.equal(r.error?.code, 'too_many_pages', 'the default cap');
    assert.equal(endless.requests(), 5 + 100);
    r = await walk(looping.client, { itemsPerPage: 1 });
    assert.equal(r.error?.code, 'next_link_loop');
    assert.deepEqual(r.seen, ['i1']);
    r = await walk(absurd.client, {});
    assert.equal(r.error?.code, 'implausible_total_count');
    assert.deepEqual([r.seen.length, absurd.requests()], [0, 1]);
    assert.ok(r.error.message.includes('maxPages'));
  } finally {
    await Promise.all([endless.close(), looping.close(), absurd.close()]);
  }
});

test('applyToProjects passes timeoutMs to every request of the run', async () => {
  // Every answer comes after 400 ms: a 50 ms limit fails each project with a timeout, and
  // without the option the client's own (30 s) lets them through.
  const server = await startStandIn({ token: TOKEN, log: false, latencyMs: 400 });
  const client = new AtlasClient({ baseUrl: server.url, token: TOKEN, retries: { max: 0 } });
  try {
    const projects = ids(0x800, 3);
    const late = await client.applyToProjects(projects, BODY, { timeoutMs: 50, concurrency: 3 });
    assert.equal(late.counts.failed, 3, JSON.stringify(late.counts));
    assert.ok(late.results.every((r) => r.error?.name === 'AtlasTimeoutError' && r.error.timeoutMs === 50), JSON.stringify(late.results));
    const inTime = await client.applyToProjects(projects, BODY, { concurrency: 3 });
    assert.equal(inTime.counts.created, 3, JSON.stringify(inTime.counts));
  } finally {
    await server.close();
  }
});
