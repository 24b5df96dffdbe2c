// The wasm instance survives hostile input (Node): 10,000 calls across every export with
// wrong types, multi-megabyte strings, 100k-deep nesting, cycles, Symbols, BigInts, throwing
// getters / toJSON / Proxy traps, revoked proxies, frozen objects, functions, NaN/±Infinity,
// -0, sparse arrays, aborted signals, throwing and rejecting token providers and bad client
// options. Every call returns or throws/rejects an Error the package documents (never a wasm
// RuntimeError), nothing is left unsettled or unhandled, and afterwards the SAME module
// instance still validates, builds and sends a request to the stand-in.
// The scenario itself is tests/reliability/support/hostile.mjs (shared with Chromium).
import { test, before, after } from 'node:test';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { startStandIn } from '../../www/server/standin.mjs';
import { captureWasm, runHostile, checkAlive, callSites, GROUP } from './support/hostile.mjs';

const TOKEN = 'hostile-node-token';
const wasm = captureWasm();
const api = await import('atlas-integrations');
api.version(); // in Node the module is instantiated on first use
wasm.restore();

let server;
const unhandled = [];
const offLoopback = [];
const onUnhandled = (e) => unhandled.push(String(e && e.stack || e));
const realFetch = globalThis.fetch;
let fetches = 0;

before(async () => {
  process.on('unhandledRejection', onUnhandled);
  // A guard: nothing in this file may leave the machine. Every request the package sends
  // goes through the global fetch; anything not to 127.0.0.1 is refused and recorded.
  globalThis.fetch = (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    fetches += 1;
    if (url.hostname !== '127.0.0.1') {
      offLoopback.push(url.origin);
      return Promise.reject(new TypeError('fetch failed (refused by the loopback guard)'));
    }
    return realFetch(input, init);
  };
  server = await startStandIn({ token: TOKEN, log: false, rateLimit: { limit: 1e9 } });
});
after(async () => {
  globalThis.fetch = realFetch;
  process.off('unhandledRejection', onUnhandled);
  await server?.close();
});

const strict = (s) => !s.stringParam && !s.misuse;

test('10,000 hostile calls: every outcome is a value or a documented Atlas error; the same instance still works', { timeout: 120_000 }, async () => {
  assert.equal(wasm.instances.length, 1, 'the package made one wasm instance');
  const memBefore = wasm.memoryBytes();
  assert.ok(memBefore > 0, 'the package memory is readable');
  const t0 = Date.now();
  const report = await runHostile(api, { url: server.url, token: TOKEN, calls: 10_000, filter: strict });
  const ms = Date.now() - t0;
  // Let late rejections (if any) surface before judging them.
  await new Promise((r) => setTimeout(r, 50));
  const memAfter = wasm.memoryBytes();
  console.log(`# hostile (node): ${report.calls} calls over ${report.sites} sites x ${report.values} values in ${ms} ms; ` +
    `${report.outcomes.value} values, ${report.outcomes.error} errors ${JSON.stringify(report.errorNames)}; ` +
    `wasm memory ${memBefore >> 10} KiB -> ${memAfter >> 10} KiB; fetches ${fetches}`);
  assert.equal(report.calls, 10_000);
  assert.equal(report.covered, report.sites, 'every call site ran');
  assert.deepEqual(report.bad, [], 'every outcome is a value or a documented error');
  assert.ok(report.outcomes.value > 1000 && report.outcomes.error > 1000, 'both outcomes are exercised');
  assert.ok(report.errorNames.AtlasValidationError > 0 && report.errorNames.AtlasConfigError > 0 && report.errorNames.AtlasAuthError > 0 && report.errorNames.AtlasAbortError > 0,
    `the expected error classes appear: ${JSON.stringify(report.errorNames)}`);
  assert.ok(!('RuntimeError' in report.errorNames));
  assert.deepEqual(unhandled, [], 'no unhandled rejection');
  assert.deepEqual(offLoopback, [], 'no request left the loopback interface');
  assert.ok(fetches > 100, 'the loopback guard saw the requests (it is in the path)');
  // Multi-megabyte inputs held by 16 concurrent calls raise the high-water mark (wasm memory
  // never shrinks; ~242 MiB measured); it must stay bounded, and a second round of the same
  // calls must fit in it (a leak would grow it again).
  assert.ok(memAfter < 320 << 20, `wasm memory stays bounded (${memAfter >> 20} MiB)`);
  const again = await runHostile(api, { url: server.url, token: TOKEN, calls: 2_000, filter: strict });
  assert.deepEqual(again.bad, []);
  const memAgain = wasm.memoryBytes();
  console.log(`# hostile (node): second round of 2000 calls: wasm memory ${memAfter >> 10} KiB -> ${memAgain >> 10} KiB`);
  assert.ok(memAgain <= memAfter + (8 << 20), `no growth on a second round (${memAfter >> 20} -> ${memAgain >> 20} MiB)`);

  const alive = await checkAlive(api, { url: server.url, token: TOKEN });
  assert.equal(wasm.instances.length, 1, 'still the same, single instance');
  assert.equal(alive.error, undefined, alive.error);
  assert.deepEqual(alive.validGood, []);
  assert.ok(alive.invalidCodes.length > 0 && alive.invalidCodes.every((c) => typeof c === 'string'));
  assert.equal(alive.built.method, 'GET');
  assert.equal(alive.built.url, `${server.url.replace(/\/$/, '')}/api/atlas/v2/groups/${GROUP}/integrations/SLACK`);
  assert.deepEqual(alive.created, [['VICTOR_OPS', 'alive']]);
  assert.equal(alive.got, 'alive');
  assert.equal(alive.afterDelete, 0);
});

// Findings of this suite, all fixed: each is a plain regression test below, and the storm
// above runs every (call site, value) pair, including the ones that found them.
// The six (call site, value) pairs that found findings 1 and 4 were once skipped by the
// storm; they run in it now, and here on their own, so that none can drop out unseen.
test('the six pairs that found findings 1 and 4 run and end in a documented outcome', async () => {
  const pairs = [
    ['validateBodies(v)', 'revokedProxy'], ['validateBodies(v)', 'proxyArrayThrows'], ['validateBodies(v)', 'arrayGetterThrows'],
    ['new AtlasClient({baseUrl, retries: v})', 'proxyOwnKeysThrows'],
    ['client.applyToProjects(v, good)', 'bigSparse'],
    ['client.applyToProjects([g], good, {onProgress: v})', 'asyncFunction'],
  ];
  const sites = new Set(pairs.map(([site]) => site));
  const values = [...new Set(pairs.map(([, value]) => value))];
  const ran = new Set();
  const report = await runHostile(api, {
    url: server.url, token: TOKEN, calls: sites.size * values.length, batch: 1,
    filter: (s) => sites.has(s.name), only: values, onCall: (site, value) => ran.add(`${site} × ${value}`),
  });
  assert.equal(report.sites, sites.size, 'every site of the six pairs exists');
  for (const [site, value] of pairs) assert.ok(ran.has(`${site} × ${value}`), `${site} × ${value} ran`);
  assert.deepEqual(report.bad, []);
  assert.deepEqual(unhandled, [], 'no unhandled rejection');
  const alive = await checkAlive(api, { url: server.url, token: TOKEN });
  assert.equal(alive.error, undefined, alive.error);
  assert.equal(alive.got, 'alive');
});

test('string parameters (describeTypes, jsonSchema) given non-strings throw a documented error, not a wasm trap',
  async () => {
    const report = await runHostile(api, { url: server.url, token: TOKEN, calls: 3 * 90, filter: (s) => s.stringParam });
    assert.deepEqual(report.bad, []);
  });

test('methods called on a freed client or with a foreign `this` fail with a documented error',
  async () => {
    const report = await runHostile(api, { url: server.url, token: TOKEN, calls: 90, filter: (s) => s.misuse });
    assert.deepEqual(report.bad, []);
    const c = new api.AtlasClient({ baseUrl: server.url, token: TOKEN });
    assert.equal(c.baseUrl, server.url.replace(/\/$/, ''));
    c.free();
    const freed = { name: 'AtlasConfigError', code: 'client_freed' };
    await assert.rejects(c.list(GROUP), freed);
    await assert.rejects(c.upsert(GROUP, { type: 'SLACK', apiToken: 't' }), freed);
    assert.throws(() => c.baseUrl, freed);
    assert.throws(() => c.preview({ op: 'list', groupId: GROUP }), freed);
    // free() again, or the end of a `using` block after an explicit free(), does nothing.
    assert.equal(c.free(), undefined);
    assert.equal(c[Symbol.dispose](), undefined);
    const foreign = { name: 'AtlasConfigError', code: 'invalid_client' };
    await assert.rejects(api.AtlasClient.prototype.get.call({}, GROUP, 'SLACK'), foreign);
    await assert.rejects(api.AtlasClient.prototype.list.call(Object.create(api.AtlasClient.prototype), GROUP), foreign);
    assert.throws(() => api.AtlasClient.prototype.free.call(null), foreign);
    // The module is still sound afterwards.
    assert.deepEqual(api.validateBody({ type: 'SLACK', apiToken: 't', channelName: 'c' }).filter((i) => i.severity === 'error'), []);
    const live = new api.AtlasClient({ baseUrl: server.url, token: TOKEN });
    assert.ok(Array.isArray((await live.list(GROUP)).results));
  });

test('every AtlasClient method misused fails the way its declared type says: a promise rejects, the rest throw',
  async () => {
    // extras.js keeps the list of async methods by hand; the shipped declarations decide.
    const dts = readFileSync(fileURLToPath(new URL('../../pkg/web/atlas_integrations.d.ts', import.meta.url)), 'utf8');
    const body = /^export class AtlasClient \{([\s\S]*?)^\}/m.exec(dts)?.[1] ?? '';
    const declared = [...body.matchAll(/^ {4}(\w+)\(.*\): (.*);$/gm)].filter(([, name]) => name !== 'constructor');
    assert.ok(declared.length >= 10, `AtlasClient methods read from the declarations: ${declared.length}`);
    const c = new api.AtlasClient({ baseUrl: server.url, token: TOKEN });
    c.free();
    for (const [, name, returns] of declared) {
      if (name === 'free') continue;
      const freed = { name: 'AtlasConfigError', code: 'client_freed' };
      if (returns.startsWith('Promise<')) {
        let result;
        assert.doesNotThrow(() => { result = c[name](GROUP, { type: 'SLACK' }); }, `${name} returns a promise: it must not throw`);
        await assert.rejects(result, freed, name);
      } else {
        assert.throws(() => c[name]({ op: 'list', groupId: GROUP }), freed, name);
      }
    }
  });

test('a token provider that never settles is bounded by timeoutMs and by the AbortSignal',
  async () => {
    const client = new api.AtlasClient({ baseUrl: server.url, token: () => new Promise(() => {}), timeoutMs: 300, retries: { max: 0 } });
    const outcome = (p) => Promise.race([
      p.then(() => 'resolved', (e) => e.name),
      new Promise((r) => setTimeout(() => r('still pending after 3 s'), 3000)),
    ]);
    assert.equal(await outcome(client.list(GROUP)), 'AtlasTimeoutError');
    // The caller's AbortSignal.timeout() is a timeout too (issue 19), with the signal's reason as cause.
    assert.equal(await outcome(client.list(GROUP, { signal: AbortSignal.timeout(200), timeoutMs: 0 })), 'AtlasTimeoutError');
    const aborted = new AbortController();
    setTimeout(() => aborted.abort(), 200);
    assert.equal(await outcome(client.list(GROUP, { signal: aborted.signal, timeoutMs: 0 })), 'AtlasAbortError');
  });

test('applyToProjects: an async onProgress that rejects is ignored, as documented',
  async () => {
    const seen = [];
    const listener = (e) => seen.push(e);
    process.on('unhandledRejection', listener);
    const client = new api.AtlasClient({ baseUrl: server.url, token: TOKEN });
    const { results } = await client.applyToProjects([GROUP], { type: 'VICTOR_OPS', apiKey: 'victorops-progress-1', routingKey: 'p' },
      { onProgress: async () => { throw new Error('progress failed'); } });
    await new Promise((r) => setTimeout(r, 20));
    process.off('unhandledRejection', listener);
    await client.delete(GROUP, 'VICTOR_OPS').catch(() => {});
    assert.equal(results[0].ok, true);
    assert.deepEqual(seen, []);
  });

test('applyToProjects refuses more than 100,000 ids at once instead of exhausting V8', async () => {
  // A million ids once crashed Node 20.20 (V8 fatal error); the bulk helper now refuses
  // such a call up front, before any request or allocation per id.
  const client = new api.AtlasClient({ baseUrl: server.url, token: TOKEN });
  const ids = new Array(100_001).fill(GROUP);
  await assert.rejects(client.applyToProjects(ids, { type: 'VICTOR_OPS', apiKey: 'victorops-bulk-cap', routingKey: 'p' }),
    (e) => api.isAtlasConfigError(e) && e.code === 'invalid_option');
});

for (const [name, what] of [['validateBodies', 'validateBodies over an array with a throwing element getter'], ['retries', 'new AtlasClient({retries}) with a throwing ownKeys trap']]) {
  test(`no JS exception unwinds through wasm: ${what}, 6,000 times, leaves the instance working`,
    () => {
      const child = spawnSync(process.execPath, [fileURLToPath(new URL('./support/exception-unwind.mjs', import.meta.url)), name], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(child.status, 0, child.stderr.slice(0, 400));
      const { names, after } = JSON.parse(child.stdout.trim().split('\n').pop());
      assert.equal(names.RuntimeError, undefined, `wasm traps: ${JSON.stringify(names)}`);
      assert.deepEqual(Object.keys(names).filter((n) => !['value', 'AtlasValidationError', 'AtlasConfigError'].includes(n)), [], JSON.stringify(names));
      assert.equal(after, 0, `the instance afterwards: ${after}`);
    });
}

test('the call sites cover every export of the package', () => {
  const names = callSites().map((s) => s.name).join(' ');
  // The error classes are constructors, not operations.
  const exported = Object.keys(api).filter((k) => typeof api[k] === 'function' && k !== 'AtlasClient' && k !== 'default' && !(api[k] === api.AtlasError || api[k].prototype instanceof api.AtlasError));
  for (const k of exported) assert.ok(names.includes(`${k}(`), `no hostile call site for ${k}`);
  const methods = Object.getOwnPropertyNames(api.AtlasClient.prototype).filter((k) => k !== 'constructor' && k !== 'free' && !k.startsWith('__') && k !== 'flavour' && k !== 'baseUrl' && k !== 'authKind' && k !== 'toJSON'); // getters and the log view take no input
  for (const m of methods) {
    if (typeof api.AtlasClient.prototype[m] !== 'function' || m === Symbol.dispose) continue;
    assert.ok(names.includes(`.${m}(`), `no hostile call site for AtlasClient#${m}`);
  }
});
