// 4. Client overhead: sequential GETs through AtlasClient versus raw fetch with the same
// headers (and versus fetch with the client's default 30 s timeout signal), against the
// stand-in on 127.0.0.1, in interleaved batches.
// 5. Bulk: one integration applied to N projects through client.applyToProjects
// (concurrency 8, mode 'upsert') versus a hand-written fetch loop with the same concurrency
// (one POST per project), interleaved runs on fresh project ids. Diagnostics: the hand loop
// with the client's default timeout (an AbortController and a 30 s timer per request, as
// the client makes them), and our client with timeoutMs 0: the two fair pairings.
import diagnostics from 'node:diagnostics_channel';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ROOT, interleave, median, now, pairedRatios, round, summary } from './lib.mjs';

const TOKEN = 'bench-token';
/** The client's default `maxResponseBytes` (src/wasm/config.rs). */
const MAX_BODY_BYTES = 4 << 20;
const SLACK = { type: 'SLACK', apiToken: 'xoxb-bench-0000000000000000', channelName: 'alerts', teamName: 'bench' };
const DATADOG = { type: 'DATADOG', apiKey: '0123456789abcdef0123456789abcdef', region: 'EU', sendDatabaseMetrics: true };

export async function startServer(latencyMs = 0) {
  const { startStandIn } = await import(pathToFileURL(join(ROOT, 'www', 'server', 'standin.mjs')).href);
  return startStandIn({ token: TOKEN, log: false, rateLimit: { limit: 1e9 }, latencyMs });
}

/**
 * A timed sample: `batch` sequential `client.get`s of the SLACK integration of `groupId`,
 * resolving to the batch size (what `interleave` divides by). Each answer's channel name
 * goes to `see`, so that no work can be optimised away.
 */
function getLoop(client, groupId, batch, see) {
  return async () => {
    for (let i = 0; i < batch; i += 1) see((await client.get(groupId, 'SLACK')).channelName);
    return batch;
  };
}

/** The same sample through raw `fetch(url, init())`: `init` gives each request its options. */
function fetchLoop(url, init, batch, see) {
  return async () => {
    for (let i = 0; i < batch; i += 1) {
      const res = await fetch(url, init());
      if (res.status !== 200) throw new Error(`raw fetch: ${res.status}`);
      see((await res.json()).channelName);
    }
    return batch;
  };
}

/**
 * The headers the client sends for `call()`, as fetch sees them: the global fetch is watched
 * for the one call (gloo-net hands it a `Request`).
 */
async function headersSent(call) {
  const realFetch = globalThis.fetch;
  let seen;
  globalThis.fetch = (input, init) => {
    seen = Object.fromEntries(new Request(input, init).headers);
    return realFetch(input, init);
  };
  try {
    await call();
  } finally {
    globalThis.fetch = realFetch;
  }
  if (!seen) throw new Error('the client did not call the global fetch');
  return seen;
}

/** Keeps the CPU busy for `ms` (the calibration arm's known extra cost). */
function spin(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/**
 * Runs `arms` (name → one call) in rounds of `batch` calls per arm, the order of the arms
 * reversed every other round, each call timed on its own; per round and arm, the median
 * call in ns. A median per round keeps a call that another process on a busy machine delayed
 * by milliseconds from moving its round.
 */
async function roundsOfCalls(arms, { rounds, batch, warmup = 1 }) {
  const names = Object.keys(arms);
  const out = Object.fromEntries(names.map((n) => [n, []]));
  // Connections fetch (undici) opened during each arm's calls: equal reuse on both sides
  // shows as 0 (or 1) each.
  const connections = Object.fromEntries(names.map((n) => [n, 0]));
  let current;
  const onConnect = () => {
    if (current) connections[current] += 1;
  };
  diagnostics.subscribe('undici:client:connected', onConnect);
  try {
    for (let r = -warmup; r < rounds; r += 1) {
      for (const n of r % 2 === 0 ? names : [...names].reverse()) {
        current = r >= 0 ? n : undefined;
        const m = await medianCall(arms[n], batch);
        if (r >= 0) out[n].push(m);
      }
    }
  } finally {
    diagnostics.unsubscribe('undici:client:connected', onConnect);
  }
  return { samples: out, connections };
}

/** The median ns of `batch` sequential calls of `call`, each timed on its own. */
async function medianCall(call, batch) {
  const calls = [];
  for (let i = 0; i < batch; i += 1) {
    const t0 = now();
    await call();
    calls.push(now() - t0);
  }
  return median(calls);
}

/**
 * The target's pairing: sequential GETs through the default client versus raw fetch with
 * the very headers the client sends (read from its first request) and the JSON read, against
 * the stand-in answering `latencyMs` after each request arrives (a realistic round trip to
 * Atlas; timed to the microsecond, see `waitUntil` in standin.mjs), interleaved in rounds of
 * `batch` calls per side. The ratio is paired: ours over raw within each round (the median
 * call of each), then the median over the rounds with a bootstrap interval. A third arm
 * calibrates the harness: raw fetch plus a busy 1% of `latencyMs` after each answer must read
 * as about 1.01 (else the harness could not tell 1.01 from 1).
 */
export async function atLatency({ api, quick, latencyMs }) {
  const srv = await startServer(latencyMs);
  try {
    const groupId = projectId('c2');
    srv.state.set(groupId, SLACK);
    const client = new api.AtlasClient({ baseUrl: srv.url, token: TOKEN });
    const req = api.buildRequest({ op: 'get', groupId, integrationType: 'SLACK' }, { baseUrl: srv.url });
    const headers = await headersSent(() => client.get(groupId, 'SLACK'));
    const batch = quick ? 2 : 10;
    const rounds = quick ? 2 : 50;
    let sink = 0;
    const extraMs = latencyMs / 100;
    const rawCall = async () => {
      const res = await fetch(req.url, { method: 'GET', headers });
      if (res.status !== 200) throw new Error(`raw fetch: ${res.status}`);
      sink += (await res.json()).channelName.length;
    };
    const arms = {
      ours: async () => {
        sink += (await client.get(groupId, 'SLACK')).channelName.length;
      },
      raw: rawCall,
      rawPlus1Percent: async () => {
        await rawCall();
        spin(extraMs);
      },
      // Diagnostic: raw fetch made to keep the client's transport guarantees, in plain JS:
      // a Request (as gloo-net sends) that follows a per-attempt abort signal with the default
      // 30 s timer (issue 15), redirects not followed and the body read chunk by chunk under a
      // bound (issue 16). What the client costs above this is its own glue and wasm.
      rawWithGuarantees: async () => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 30_000);
        timer.unref();
        try {
          const request = new Request(req.url, { method: 'GET', headers: new Headers(headers), credentials: 'same-origin', redirect: 'manual', signal: controller.signal });
          const res = await fetch(request);
          if (res.status !== 200 || !res.body) throw new Error(`raw fetch: ${res.status}`);
          const reader = res.body.getReader();
          const chunks = [];
          let size = 0;
          for (let steps = 0; steps < 100_000; steps += 1) {
            const { done, value } = await reader.read();
            if (done) break;
            size += value.length;
            if (size > MAX_BODY_BYTES) throw new Error('raw fetch: body too large');
            chunks.push(value);
          }
          sink += JSON.parse(new TextDecoder().decode(Buffer.concat(chunks))).channelName.length;
        } finally {
          clearTimeout(timer);
        }
      },
    };
    const { samples: s, connections } = await roundsOfCalls(arms, { rounds, batch });
    client.free?.();
    const ms = (k) => round(median(s[k]) / 1e6, 3);
    const ratio = (k) => {
      const r = pairedRatios(s[k], s.raw);
      return { median: round(r.median, 4), p10: round(r.p10, 4), p90: round(r.p90, 4), ci95: r.ci95.map((x) => round(x, 4)), rounds: r.n };
    };
    const pairedRatio = { ours: ratio('ours'), rawPlus1Percent: ratio('rawPlus1Percent'), rawWithGuarantees: ratio('rawWithGuarantees'), oursVsRawWithGuarantees: (() => { const r = pairedRatios(s.ours, s.rawWithGuarantees); return { median: round(r.median, 4), ci95: r.ci95.map((x) => round(x, 4)), rounds: r.n }; })() };
    return {
      latencyMs,
      requestsPerSample: batch,
      rounds,
      headers: Object.keys(headers).sort(),
      connectionsOpened: connections,
      msPerRequest: { ours: ms('ours'), raw: ms('raw'), rawPlus1Percent: ms('rawPlus1Percent'), rawWithGuarantees: ms('rawWithGuarantees') },
      oursVsRaw: pairedRatio.ours.median,
      pairedRatio,
      sink: sink % 7,
    };
  } finally {
    await srv.close();
  }
}

let counter = 0;
/** A fresh 24-hex project id (deterministic sequence per process). */
export const projectId = (prefix = 'b') => `${prefix.padEnd(8, '0').slice(0, 8)}${(counter++).toString(16).padStart(16, '0')}`;

export async function clientOverhead({ api, quick = false, server }) {
  const srv = server ?? (await startServer());
  try {
    const groupId = projectId('c1');
    srv.state.set(groupId, SLACK);
    const client = new api.AtlasClient({ baseUrl: srv.url, token: TOKEN });
    // The same client without its default 30 s per-request timeout: isolates what the
    // timeout signal costs (diagnostic; the target compares the default client).
    const noTimeout = new api.AtlasClient({ baseUrl: srv.url, token: TOKEN, timeoutMs: 0 });
    const req = api.buildRequest({ op: 'get', groupId, integrationType: 'SLACK' }, { baseUrl: srv.url });
    const headers = { ...req.headers, Authorization: `Bearer ${TOKEN}` };
    const batch = quick ? 5 : 200;
    const rounds = quick ? 2 : 15;
    let sink = 0;
    const see = (name) => { sink += name.length; };
    const ours = getLoop(client, groupId, batch, see);
    const oursNoTimeout = getLoop(noTimeout, groupId, batch, see);
    const raw = fetchLoop(req.url, () => ({ method: 'GET', headers }), batch, see);
    const rawTimeout = fetchLoop(req.url, () => ({ method: 'GET', headers, signal: AbortSignal.timeout(30_000) }), batch, see);
    // Raw fetch used the way the client uses it through gloo-net: a Request object with a
    // Headers object and a timeout signal, then text() and a parse (diagnostic).
    const rawLikeOurs = async () => {
      for (let i = 0; i < batch; i += 1) {
        const request = new Request(req.url, { method: 'GET', headers: new Headers(headers), signal: AbortSignal.timeout(30_000) });
        const res = await fetch(request);
        if (res.status !== 200) throw new Error(`raw fetch: ${res.status}`);
        sink += JSON.parse(await res.text()).channelName.length;
      }
      return batch;
    };
    const s = await interleave({ ours, raw, rawTimeout, oursNoTimeout, rawLikeOurs }, { rounds, warmup: 1 });
    client.free?.();
    noTimeout.free?.();
    const us = (k) => {
      const x = summary(s[k]);
      return { median: round(x.median / 1e3, 1), p10: round(x.p10 / 1e3, 1), p90: round(x.p90 / 1e3, 1), n: x.n };
    };
    const r = { requestsPerSample: batch, rounds, usPerRequest: { ours: us('ours'), raw: us('raw'), rawWithTimeoutSignal: us('rawTimeout'), oursWithoutTimeout: us('oursNoTimeout'), rawLikeOurs: us('rawLikeOurs') } };
    r.ownWork = await ownWork({ api, quick, groupId });
    r.oursVsRaw = round(r.usPerRequest.ours.median / r.usPerRequest.raw.median, 3);
    // The fair pairings: both with the default timeout's signal, both without one.
    r.oursVsRawWithTimeout = round(r.usPerRequest.ours.median / r.usPerRequest.rawWithTimeoutSignal.median, 3);
    r.oursWithoutTimeoutVsRaw = round(r.usPerRequest.oursWithoutTimeout.median / r.usPerRequest.raw.median, 3);
    r.sink = sink % 7;
    r.atLatency = await atLatency({ api, quick, latencyMs: 20 });
    return r;
  } finally {
    if (!server) await srv.close();
  }
}

/**
 * Diagnostic: the client's own work per call, with the global fetch replaced by a stub that
 * answers at once (no network, no server), in a hot loop: µs per call for get (with the
 * default timeout and with timeoutMs 0) and for a bulk upsert, next to the same stub called
 * directly. Far less noisy than the network loop on a shared machine; there the same work
 * costs several times more, because it runs cache-cold between network waits.
 */
async function ownWork({ api, quick, groupId }) {
  const realFetch = globalThis.fetch;
  const item = JSON.stringify({ ...SLACK, apiToken: 'xoxb-****' });
  const page = JSON.stringify({ results: [{ ...DATADOG, apiKey: '****************************cdef' }], totalCount: 1, links: [] });
  // A real Response: the client (gloo-net) sends a Request and reads the body's stream.
  const stub = async (input) => {
    const url = typeof input === 'string' ? input : input.url;
    const text = url.endsWith('/integrations/SLACK') ? item : page;
    return new Response(text, { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  const opts = { baseUrl: 'http://127.0.0.1:9/', token: TOKEN };
  const client = new api.AtlasClient(opts);
  const noTimeout = new api.AtlasClient({ ...opts, timeoutMs: 0 });
  const n = quick ? 50 : 5000;
  const rounds = quick ? 1 : 7;
  let sink = 0;
  const fns = {
    stubOnly: async () => {
      for (let i = 0; i < n; i += 1) sink += (await (await fetch(`${opts.baseUrl}x/integrations/SLACK`, {})).json()).channelName.length;
      return n;
    },
    get: async () => {
      for (let i = 0; i < n; i += 1) sink += (await client.get(groupId, 'SLACK')).channelName.length;
      return n;
    },
    getWithoutTimeout: async () => {
      for (let i = 0; i < n; i += 1) sink += (await noTimeout.get(groupId, 'SLACK')).channelName.length;
      return n;
    },
    upsert: async () => {
      for (let i = 0; i < n; i += 1) sink += (await client.upsert(projectId('d0'), DATADOG)).results.length;
      return n;
    },
  };
  globalThis.fetch = stub;
  let s;
  try {
    s = await interleave(fns, { rounds, warmup: 1 });
  } finally {
    globalThis.fetch = realFetch;
    client.free?.();
    noTimeout.free?.();
  }
  const out = Object.fromEntries(Object.keys(fns).map((k) => [k, round(summary(s[k]).median / 1e3, 2)]));
  out.sink = sink % 7;
  return out;
}

export async function bulk({ api, quick = false, server }) {
  const srv = server ?? (await startServer());
  try {
    const projects = quick ? 20 : 1000;
    const concurrency = 8;
    const runs = quick ? 1 : 7;
    const client = new api.AtlasClient({ baseUrl: srv.url, token: TOKEN });
    const noTimeout = new api.AtlasClient({ baseUrl: srv.url, token: TOKEN, timeoutMs: 0 });
    const probe = api.buildRequest({ op: 'create', groupId: projectId('ab'), integrationType: 'DATADOG', body: DATADOG }, { baseUrl: srv.url });
    const headers = { ...probe.headers, Authorization: `Bearer ${TOKEN}` };
    const base = new URL('api/atlas/v2/groups/', srv.url).href;
    const ids = () => Array.from({ length: projects }, () => projectId('b0'));

    const apply = (c) => async () => {
      const { results } = await c.applyToProjects(ids(), DATADOG, { concurrency, mode: 'upsert' });
      const failed = results.filter((r) => !r.ok);
      if (failed.length) throw new Error(`applyToProjects: ${failed.length} failed: ${failed[0].error}`);
      return projects;
    };
    const ours = apply(client);
    const handLoop = (timeout) => async () => {
      const list = ids();
      let next = 0;
      const worker = async () => {
        while (next < list.length) {
          const id = list[next++];
          const init = { method: 'POST', headers, body: JSON.stringify(DATADOG) };
          let timer;
          if (timeout) {
            const controller = new AbortController();
            timer = setTimeout(() => controller.abort(), 30_000);
            init.signal = controller.signal;
          }
          try {
            const res = await fetch(`${base}${id}/integrations/DATADOG`, init);
            if (res.status !== 200) throw new Error(`hand loop: ${res.status} ${await res.text()}`);
            await res.json();
          } finally {
            clearTimeout(timer);
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return projects;
    };
    const s = await interleave(
      { ours, hand: handLoop(false), handTimeout: handLoop(true), oursNoTimeout: apply(noTimeout) },
      { rounds: runs, warmup: 1 },
    );
    client.free?.();
    noTimeout.free?.();
    const perSec = (k) => {
      const x = summary(s[k]);
      return { median: round(1e9 / x.median, 0), worst: round(1e9 / x.p90, 0), best: round(1e9 / x.p10, 0), n: x.n };
    };
    const r = {
      projects,
      concurrency,
      runs,
      projectsPerSecond: { ours: perSec('ours'), hand: perSec('hand'), handWithTimeout: perSec('handTimeout'), oursWithoutTimeout: perSec('oursNoTimeout') },
    };
    const share = (a, b) => round(r.projectsPerSecond[a].median / r.projectsPerSecond[b].median, 3);
    r.oursShareOfHand = share('ours', 'hand');
    // The fair pairings: both with the default timeout, both without one.
    r.oursShareOfHandWithTimeout = share('ours', 'handWithTimeout');
    r.oursWithoutTimeoutShareOfHand = share('oursWithoutTimeout', 'hand');
    return r;
  } finally {
    if (!server) await srv.close();
  }
}

export { TOKEN, SLACK, DATADOG };
