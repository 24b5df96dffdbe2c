// Soak: a bounded run (default 20 s; SOAK_SECONDS=600 for a long one) of every operation
// (create, get, list, update, upsert, apply, delete, listAll) over many projects against
// the stand-in, part of it through a fault-injecting proxy (delays, 503s, resets before and
// after forwarding, hangs past the timeout). Loopback only; every loop is bounded.
// At the end: no unhandled rejection; heap and wasm memory flat after warm-up; no POST
// reached the server twice; and the stand-in's real records (its `state` API) equal what
// the test, tracking every outcome, believes it wrote. A write whose outcome is ambiguous
// (a POST whose answer was lost, say) is resolved by reading it back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { startStandIn } from '../../www/server/standin.mjs';
import { startFaultProxy } from './support/fault-proxy.mjs';
import { captureWasm, rng } from './support/hostile.mjs';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const wasm = captureWasm();
const api = await import('atlas-integrations');
wasm.restore();
const { AtlasClient, isAtlasApiError } = api;

const SECONDS = Number(process.env.SOAK_SECONDS ?? 20);
const TOKEN = 'soak-token';
const PROJECTS = 32;
const WORKERS = 8;
const TYPES = ['SLACK', 'VICTOR_OPS', 'PAGER_DUTY'];
const groupOf = (i) => `50a0${i.toString(16).padStart(20, '0')}`;

// Each write carries a unique sequence number in a field the API returns unmasked (or, for
// PagerDuty, in the last four characters a LastFour mask leaves visible).
function bodyFor(type, seq) {
  const tag = seq.toString(16).padStart(4, '0').slice(-4);
  switch (type) {
    case 'SLACK': return { type, apiToken: `xoxb-soak-${seq}-secret`, channelName: `s-${seq}`, teamName: 'soak' };
    case 'VICTOR_OPS': return { type, apiKey: `victorops-soak-${seq}`, routingKey: `r-${seq}` };
    default: return { type, serviceKey: `${'0123456789abcdef0123456789ab'}${tag}` };
  }
}
const marker = (type, record) => (type === 'SLACK' ? record.channelName : type === 'VICTOR_OPS' ? record.routingKey : record.serviceKey?.slice(-4));

let server;
let proxy;
const unhandled = [];
const onUnhandled = (e) => unhandled.push(String(e && e.stack || e));
before(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = await startStandIn({ token: TOKEN, log: false, rateLimit: { limit: 1e9 } });
  proxy = await startFaultProxy(server.url, { rate: 0.3, seed: 42, hangMs: 1200 });
});
after(async () => {
  process.off('unhandledRejection', onUnhandled);
  await proxy?.close();
  await server?.close();
});

test(`soak for ${SECONDS} s: every operation, injected faults, state and memory checked`, { timeout: (SECONDS + 60) * 1000 }, async () => {
  const direct = new AtlasClient({ baseUrl: server.url, token: TOKEN, timeoutMs: 10_000 });
  const faulty = new AtlasClient({ baseUrl: proxy.url, token: () => TOKEN, timeoutMs: 800, retries: { max: 2, baseDelayMs: 5, maxDelayMs: 50 } });
  const expected = Array.from({ length: PROJECTS }, () => new Map()); // type -> body
  const busy = new Array(PROJECTS).fill(false);
  const r = rng(20240601);
  const counts = {};
  const mismatches = [];
  const count = (k) => { counts[k] = (counts[k] ?? 0) + 1; };
  const mismatch = (what) => { if (mismatches.length < 20) mismatches.push(what); };
  let seq = 0;

  // An outcome we cannot judge (the answer was lost): read back and take whichever of the
  // old and the new state the server holds, and nothing else.
  async function resolve(p, type, attempted) {
    count('ambiguous');
    let current = null;
    try {
      current = await direct.get(groupOf(p), type);
    } catch (e) {
      if (!(isAtlasApiError(e) && e.status === 404)) throw e;
    }
    const old = expected[p].get(type);
    if (current === null) {
      if (attempted === 'delete' || !old) expected[p].delete(type);
      else mismatch(`${groupOf(p)} ${type}: gone after an ambiguous ${attempted.op ?? attempted}`);
      return;
    }
    if (attempted && attempted.body && marker(type, current) === marker(type, attempted.body)) expected[p].set(type, attempted.body);
    else if (!old || marker(type, current) !== marker(type, old)) mismatch(`${groupOf(p)} ${type}: server holds ${marker(type, current)}, expected ${old ? marker(type, old) : 'nothing'} or the attempted write`);
  }

  const isTransient = (e) => ['AtlasNetworkError', 'AtlasTimeoutError', 'AtlasResponseError'].includes(e?.name) || (isAtlasApiError(e) && e.status === 503);

  async function step(p) {
    const g = groupOf(p);
    const type = r.pick(TYPES);
    const client = r.next() < 0.6 ? faulty : direct;
    const op = r.pick(['create', 'create', 'get', 'list', 'update', 'upsert', 'apply', 'delete', 'listAll']);
    const has = expected[p].has(type);
    const body = bodyFor(type, ++seq);
    count(op);
    try {
      switch (op) {
        case 'create': {
          const page = await client.create(g, body);
          if (has) mismatch(`${g} ${type}: create succeeded over an existing integration`);
          if (!page.results.some((x) => x.type === type && marker(type, x) === marker(type, body))) mismatch(`${g}: create answer lacks its record`);
          expected[p].set(type, body);
          break;
        }
        case 'update': {
          await client.update(g, body);
          if (!has) mismatch(`${g} ${type}: update succeeded on nothing`);
          expected[p].set(type, body);
          break;
        }
        case 'upsert': {
          await client.upsert(g, body);
          expected[p].set(type, body);
          break;
        }
        case 'apply': {
          const res = await client.apply(g, body);
          if (res.action === 'create' || res.action === 'update') expected[p].set(type, body);
          else if (!has) mismatch(`${g} ${type}: apply did nothing where nothing was configured`);
          break;
        }
        case 'delete': {
          await client.delete(g, type);
          if (!has) mismatch(`${g} ${type}: delete succeeded on nothing`);
          expected[p].delete(type);
          break;
        }
        case 'get': {
          const got = await client.get(g, type);
          if (!has) mismatch(`${g} ${type}: get found an integration that should not exist`);
          else if (marker(type, got) !== marker(type, expected[p].get(type))) mismatch(`${g} ${type}: get saw ${marker(type, got)}`);
          break;
        }
        case 'list':
        case 'listAll': {
          const items = [];
          if (op === 'list') items.push(...(await client.list(g, { itemsPerPage: 2 + r.int(3) })).results);
          else for await (const x of client.listAll(g, { itemsPerPage: 1 + r.int(2) })) items.push(x);
          const seen = items.map((x) => `${x.type}:${marker(x.type, x)}`).sort();
          const want = [...expected[p]].map(([t, b]) => `${t}:${marker(t, b)}`).sort();
          // `list` reads one page only; listAll reads them all.
          if (op === 'listAll' ? seen.join() !== want.join() : !seen.every((s) => want.includes(s))) mismatch(`${g}: ${op} saw [${seen}] expected [${want}]`);
          break;
        }
        default: break;
      }
    } catch (e) {
      if (isAtlasApiError(e) && e.status === 409 && op === 'create' && has) { count('conflict'); return; }
      if (isAtlasApiError(e) && e.status === 404 && !has && ['get', 'update', 'delete'].includes(op)) { count('notFound'); return; }
      if (isTransient(e) || (isAtlasApiError(e) && [404, 409].includes(e.status))) {
        count(`fault:${e.name}`);
        if (['create', 'update', 'upsert', 'apply', 'delete'].includes(op)) await resolve(p, type, op === 'delete' ? 'delete' : { op, body });
        return;
      }
      throw e;
    }
  }

  const deadline = Date.now() + SECONDS * 1000;
  const warmAt = Date.now() + Math.min(5000, SECONDS * 250);
  let warm = null;
  const maxSteps = SECONDS * 2000; // a hard bound on the loop, whatever the speed
  let steps = 0;
  async function worker() {
    while (Date.now() < deadline && steps < maxSteps) {
      const idle = [];
      for (let p = 0; p < PROJECTS; p++) if (!busy[p]) idle.push(p);
      const p = r.pick(idle);
      busy[p] = true;
      steps += 1;
      try { await step(p); } finally { busy[p] = false; }
      if (!warm && Date.now() >= warmAt) {
        gc();
        warm = { heap: process.memoryUsage().heapUsed, wasm: wasm.memoryBytes(), steps };
      }
    }
  }
  await Promise.all(Array.from({ length: WORKERS }, worker));
  // Let late promises (there must be none) surface.
  await new Promise((res) => setTimeout(res, 100));
  gc();
  const end = { heap: process.memoryUsage().heapUsed, wasm: wasm.memoryBytes(), steps };

  console.log(`# soak: ${steps} operations in ${SECONDS} s over ${PROJECTS} projects; ${JSON.stringify(counts)}`);
  console.log(`# soak: proxy ${JSON.stringify(proxy.stats)}`);
  console.log(`# soak: heap ${(warm.heap / 2 ** 20).toFixed(1)} -> ${(end.heap / 2 ** 20).toFixed(1)} MiB, wasm ${warm.wasm >> 10} -> ${end.wasm >> 10} KiB (after warm-up at step ${warm.steps})`);

  assert.deepEqual(mismatches, [], 'every answer matched what was written');
  assert.deepEqual(unhandled, [], 'no unhandled rejection');
  assert.ok(steps > SECONDS * 20, `work was done (${steps} operations)`);
  for (const k of ['create', 'get', 'list', 'update', 'upsert', 'apply', 'delete', 'listAll']) assert.ok(counts[k] > 0, `${k} ran`);
  for (const f of ['delay', '503', 'resetBefore', 'resetAfter', 'hang']) assert.ok(proxy.stats[f] > 0, `fault ${f} was injected`);
  assert.ok(counts.ambiguous > 0, 'some outcomes were ambiguous and resolved by reading back');
  // No blind POST retry: each write has its own sequence number, so a POST body seen twice
  // by the server would be a retried POST.
  const postBodies = proxy.posts.map((x) => x.body);
  assert.equal(new Set(postBodies).size, postBodies.length, 'no POST reached the server twice');
  // Memory: flat after warm-up, within generous bounds.
  assert.ok(end.wasm - warm.wasm <= 1 << 20, `wasm memory grew ${(end.wasm - warm.wasm) >> 10} KiB after warm-up`);
  assert.ok(end.heap - warm.heap <= 24 << 20, `heap grew ${((end.heap - warm.heap) / 2 ** 20).toFixed(1)} MiB after warm-up`);
  // The server holds exactly what we believe we wrote.
  for (let p = 0; p < PROJECTS; p++) {
    const g = groupOf(p);
    const real = server.state.list(g);
    assert.deepEqual(real.map((x) => x.type).sort(), [...expected[p].keys()].sort(), `${g}: the configured types`);
    for (const rec of real) {
      const want = expected[p].get(rec.type);
      for (const [k, v] of Object.entries(want)) assert.equal(rec[k], v, `${g} ${rec.type}.${k}`);
    }
  }
  direct.free();
  faulty.free();
});
